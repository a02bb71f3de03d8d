package dev.cairn.core.hash;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Remembers the MD5 of files by (path, size, mtime in nanoseconds, inode), so an unchanged file is
 * never read again. A persistent cache lives in a directory of its own (the cache directory's
 * {@code state} folder on a persistent volume, for example). It is crash-safe: every record carries
 * a checksum and a torn or corrupt tail is ignored, so a crash costs re-hashing, never a wrong
 * hash. Several threads may share one instance; several processes may share one directory (each
 * appends to its own segment). Close it to write out what is still buffered.
 */
public interface StateCache extends AutoCloseable {
  /** What identifies one version of a file. {@code path} is absolute and normalised. */
  record Key(String path, long size, long mtimeNanos, long inode) {
    public Key {
      if (path.isEmpty() || size < 0) {
        throw new IllegalArgumentException("Cannot use state key: '" + path + "' size " + size);
      }
    }
  }

  /**
   * Opens (creating if needed) the persistent state in {@code directory}.
   *
   * @throws dev.cairn.core.ConfigurationException if the directory cannot be created or written
   */
  static StateCache open(Path directory) {
    return SegmentedStateCache.open(directory);
  }

  /** A cache that lives only as long as this object (for ephemeral cache directories and tests). */
  static StateCache inMemory() {
    return new SegmentedStateCache(new StateTable(), null);
  }

  /** The MD5 recorded for exactly this key, or null. */
  @Nullable Oid get(Key key);

  /** Records the MD5 of a file version; later puts for the same path replace earlier ones. */
  void put(Key key, Oid oid);

  /** Number of paths remembered. */
  long size();

  /** Writes buffered records to disk (no-op in memory). */
  void flush();

  @Override
  void close();
}
