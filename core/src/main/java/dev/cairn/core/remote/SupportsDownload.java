package dev.cairn.core.remote;

import java.nio.file.Path;

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
}
