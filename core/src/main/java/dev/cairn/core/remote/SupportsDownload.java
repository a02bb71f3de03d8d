package dev.cairn.core.remote;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A remote that can copy an object straight into a local file, faster than {@link Remote#open}
 * where the backend allows (S3: parallel ranged GETs for large objects).
 */
public interface SupportsDownload {

  /**
   * Writes the whole object to {@code target}, replacing it. On failure {@code target} is deleted.
   * The caller verifies the content hash and moves the file into place.
   *
   * @throws MissingObjectException if there is no such object
   */
  void download(String key, Path target);

  /**
   * Reads the object the fastest way for its size, without knowing the size beforehand: a small
   * object comes back as a {@link Streamed} stream (so the caller verifies it while it streams), a
   * large one (above the backend's ranged-download threshold) is written with parallel ranged reads
   * into a file from {@code tempFile} and comes back as {@link Written}. The caller verifies the
   * file and moves it into place or deletes it; on failure the file is already deleted.
   *
   * @throws MissingObjectException if there is no such object
   */
  Fetched fetch(String key, Supplier<Path> tempFile);

  /** What {@link #fetch} produced. */
  sealed interface Fetched permits Streamed, Written {}

  /** The object as a stream; the caller closes it. */
  record Streamed(InputStream in) implements Fetched {}

  /**
   * The object written to a temp file.
   *
   * @param file the temp file holding the whole object
   * @param size its size in bytes
   * @param ranges how many ranged reads filled it
   * @param md5 the plain MD5 of the file's bytes if the download computed it while the ranges
   *     arrived, so the caller verifies without reading the file again; empty if it did not
   */
  record Written(Path file, long size, int ranges, Optional<String> md5) implements Fetched {
    /** A file whose MD5 the caller computes. */
    public Written(Path file, long size, int ranges) {
      this(file, size, ranges, Optional.empty());
    }
  }
}
