package dev.cairn.core.remote.gcs;

import dev.cairn.core.remote.RemoteKeys;
import dev.cairn.core.remote.RemoteUri;

/**
 * Bucket and object-name prefix of a {@code gs://bucket/prefix} URL, without slashes at the ends.
 */
record GcsLocation(String bucket, String prefix) {

  static GcsLocation parse(String url) {
    String trimmed = url.trim();
    int scheme = trimmed.indexOf("://");
    String rest = trimmed.substring(scheme + 3);
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (!bucket.matches("[a-z0-9][a-z0-9._\\-]{1,221}[a-z0-9]")) {
      throw RemoteUri.unsupported(url, "'" + bucket + "' is not a GCS bucket name");
    }
    if (!prefix.isEmpty()) {
      try {
        RemoteKeys.check(prefix);
      } catch (RuntimeException e) {
        throw RemoteUri.unsupported(url, "the object prefix must be a plain path");
      }
    }
    return new GcsLocation(bucket, prefix);
  }

  /** The object name of a remote key. */
  String name(String key) {
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  /** The remote key of an object name below the prefix. */
  String remoteKey(String name) {
    return prefix.isEmpty() ? name : name.substring(prefix.length() + 1);
  }

  String url() {
    return "gs://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  String objectUrl(String name) {
    return "gs://" + bucket + "/" + name;
  }
}
