package dev.cairn.core.remote;

import java.util.function.Consumer;

/** A remote that can list its keys below a prefix (S3 ListObjectsV2, a directory walk, SFTP ls). */
public interface SupportsListing {

  /**
   * Calls {@code sink} with every key that starts with {@code prefix}, in no particular order.
   * {@code prefix} is a plain string prefix of keys, not necessarily a whole path segment.
   */
  void list(String prefix, Consumer<String> sink);
}
