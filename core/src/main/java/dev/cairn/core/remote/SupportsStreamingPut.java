package dev.cairn.core.remote;

import java.io.InputStream;

/**
 * A remote that can store an object from a stream of known length, without a local file (used for
 * snapshots read from another remote). Same atomicity as {@link Remote#put}: if the stream fails
 * midway nothing becomes visible under {@code key}.
 */
public interface SupportsStreamingPut {

  /**
   * Stores exactly {@code size} bytes read from {@code source} under {@code key}. Does not close
   * {@code source}. An existing object counts as success.
   */
  void put(String key, InputStream source, long size);
}
