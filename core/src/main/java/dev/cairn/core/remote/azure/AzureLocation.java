package dev.cairn.core.remote.azure;

import dev.cairn.core.remote.RemoteKeys;
import dev.cairn.core.remote.RemoteUri;

/** Container and blob-name prefix of an {@code azure://container/prefix} URL. */
record AzureLocation(String container, String prefix) {

  static AzureLocation parse(String url) {
    String rest = url.trim().substring(url.trim().indexOf("://") + 3);
    int slash = rest.indexOf('/');
    String container = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (!container.matches("\\$root|[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]")) {
      throw RemoteUri.unsupported(url, "'" + container + "' is not an Azure container name");
    }
    if (!prefix.isEmpty()) {
      try {
        RemoteKeys.check(prefix);
      } catch (RuntimeException e) {
        throw RemoteUri.unsupported(url, "the blob prefix must be a plain path");
      }
    }
    return new AzureLocation(container, prefix);
  }

  String name(String key) {
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  String remoteKey(String name) {
    return prefix.isEmpty() ? name : name.substring(prefix.length() + 1);
  }

  String url() {
    return "azure://" + container + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  String objectUrl(String name) {
    return "azure://" + container + "/" + name;
  }
}
