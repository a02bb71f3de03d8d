package dev.cairn.core.remote.s3;

import dev.cairn.core.remote.RemoteKeys;
import dev.cairn.core.remote.RemoteUri;

/**
 * Bucket and key prefix of an {@code s3://bucket/prefix} URL; the prefix has no slashes at the
 * ends.
 */
record S3Location(String bucket, String prefix) {

  static S3Location parse(String url) {
    String rest = url.trim().substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String prefix = slash < 0 ? "" : rest.substring(slash + 1);
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (!bucket.matches("[a-z0-9][a-z0-9.\\-_]{1,254}")) {
      throw RemoteUri.unsupported(url, "'" + bucket + "' is not an S3 bucket name");
    }
    if (!prefix.isEmpty()) {
      try {
        RemoteKeys.check(prefix);
      } catch (RuntimeException e) {
        throw RemoteUri.unsupported(url, "the key prefix must be a plain path");
      }
    }
    return new S3Location(bucket, prefix);
  }

  /** The S3 key of a remote key. */
  String s3Key(String key) {
    return prefix.isEmpty() ? key : prefix + "/" + key;
  }

  /** The remote key of an S3 key below the prefix. */
  String remoteKey(String s3Key) {
    return prefix.isEmpty() ? s3Key : s3Key.substring(prefix.length() + 1);
  }

  String arn(String s3Key) {
    return "arn:aws:s3:::" + bucket + "/" + s3Key;
  }

  String bucketArn() {
    return "arn:aws:s3:::" + bucket;
  }

  String url() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }
}
