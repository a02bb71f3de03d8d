package dev.cairn.core.remote;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;

/**
 * A content-addressed blob store: a local directory, an S3 prefix, or an SFTP path. Keys are {@code
 * /}-separated paths relative to the remote's root, such as {@code files/md5/ab/cdef0123...}.
 * Objects are immutable: writing a key that already exists succeeds without changing it. Optional
 * abilities are separate interfaces ({@link SupportsListing}).
 *
 * <p>Implementations are thread-safe; the transfer engine calls them from a bounded pool.
 */
public interface Remote extends AutoCloseable {

  /** The remote's URL for messages, without credentials. */
  String describe();

  /** Which of {@code keys} exist. Implementations batch or list as is cheapest. */
  Set<String> existing(Collection<String> keys);

  /**
   * Stores the file at {@code source} under {@code key} atomically: readers see either nothing or
   * the whole object. An existing object is left alone and counts as success.
   */
  void put(String key, Path source);

  /**
   * Opens the object for reading.
   *
   * @throws MissingObjectException if there is no such object
   */
  InputStream open(String key);

  /** Deletes the object; deleting a missing object succeeds. Used only by gc. */
  void delete(String key);

  @Override
  void close();
}
