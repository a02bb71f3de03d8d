package dev.cairn.core.remote.cloud;

import dev.cairn.core.remote.RemoteKeys;
import dev.cairn.core.remote.RemoteUri;
import java.util.regex.Pattern;

/**
 * The root (a GCS bucket, an Azure container) and the object-name prefix of a {@code
 * scheme://root/prefix} URL, without slashes at the ends; maps remote keys to object names below
 * the prefix and back.
 *
 * @param scheme {@code gs} or {@code azure}
 * @param root the bucket or container
 * @param prefix the object-name prefix, empty for the root itself
 */
public record CloudLocation(String scheme, String root, String prefix) {

  /**
   * Parses {@code url}.
   *
   * @param rootName what the root must match, e.g. GCS's bucket name rules
   * @param rootKind what the root is called in the error, e.g. {@code a GCS bucket name}
   * @param objectKind what an object is called in the error, e.g. {@code object}
   * @throws dev.cairn.core.InvalidInputException if the root or the prefix is malformed
   */
  public static CloudLocation parse(
      String url, String scheme, Pattern rootName, String rootKind, String objectKind) {
    String trimmed = url.trim();
    String rest = trimmed.substring(trimmed.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    String root = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (!rootName.matcher(root).matches()) {
      throw RemoteUri.unsupported(url, "'" + root + "' is not " + rootKind);
    }
    if (!prefix.isEmpty()) {
      try {
        RemoteKeys.check(prefix);
      } catch (RuntimeException e) {
        throw RemoteUri.unsupported(url, "the " + objectKind + " prefix must be a plain path");
      }
    }
    return new CloudLocation(scheme, root, prefix);
  }

  /** The object name of a remote key. */
  public String name(String key) {
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  /** The remote key of an object name below the prefix. */
  public String remoteKey(String name) {
    return prefix.isEmpty() ? name : name.substring(prefix.length() + 1);
  }

  /** {@code scheme://root/prefix}. */
  public String url() {
    return scheme + "://" + root + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** The URL of an object of the root. */
  public String objectUrl(String name) {
    return scheme + "://" + root + "/" + name;
  }
}
