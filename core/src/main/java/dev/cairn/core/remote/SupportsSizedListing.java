package dev.cairn.core.remote;

import java.util.function.ObjLongConsumer;

/**
 * A remote that lists keys together with their sizes in one pass (S3 ListObjectsV2), so an {@code
 * s3://} prefix can serve as a snapshot source: list with sizes, then {@link Remote#open} each key.
 */
public interface SupportsSizedListing {

  /**
   * Calls {@code sink} with every key starting with {@code prefix} and its size in bytes, in no
   * particular order. Directory markers (keys ending in {@code /}) are skipped.
   */
  void listWithSizes(String prefix, ObjLongConsumer<String> sink);
}
