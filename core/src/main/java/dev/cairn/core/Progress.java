package dev.cairn.core;

/**
 * Receives progress of long operations (hashing, transfers, checkout) so a front-end can print
 * periodic lines in a pod or a bar on a terminal. Implementations must be thread-safe and cheap:
 * they are called from worker threads for every file.
 */
public interface Progress {
  /** Ignores everything. */
  Progress NONE = (files, bytes) -> {};

  /** A new phase starts (for example "hashing", "uploading"), with its totals when known. */
  default void start(String phase, long totalFiles, long totalBytes) {}

  /** {@code files} files and {@code bytes} bytes of the current phase are done. */
  void advance(long files, long bytes);

  /** The current phase is over. */
  default void finish() {}
}
