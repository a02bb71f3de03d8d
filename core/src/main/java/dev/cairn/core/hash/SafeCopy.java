package dev.cairn.core.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Tee.Copy} whose failures never reach the hash: the first one drops the copy, logged at
 * debug, and the file is hashed to the end as usual.
 */
final class SafeCopy implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SafeCopy.class);

  /** Copies nothing. */
  static final SafeCopy NONE = new SafeCopy(null, "");

  private final Tee.@Nullable Copy copy;
  private final String file;
  private boolean broken;

  private SafeCopy(Tee.@Nullable Copy copy, String file) {
    this.copy = copy;
    this.file = file;
  }

  /** A copy of {@code file} through {@code tee}, or one that copies nothing if tee is null. */
  static SafeCopy open(@Nullable Tee tee, String file, long size) {
    if (tee == null) {
      return NONE;
    }
    try {
      return new SafeCopy(tee.open(size), file);
    } catch (IOException | RuntimeException e) {
      LOG.debug("Not copying {} while hashing it: {}", file, e.toString());
      return NONE;
    }
  }

  /** Copies the buffer's remaining bytes without moving its position. */
  void write(ByteBuffer bytes) {
    if (copy == null || broken) {
      return;
    }
    try {
      copy.write(bytes.duplicate());
    } catch (IOException | RuntimeException e) {
      drop(e);
    }
  }

  void keep(Oid oid) {
    if (copy == null || broken) {
      return;
    }
    try {
      copy.keep(oid);
    } catch (IOException | RuntimeException e) {
      drop(e);
    }
  }

  private void drop(Exception e) {
    broken = true;
    LOG.debug("Dropped the copy of {} made while hashing it: {}", file, e.toString());
  }

  @Override
  public void close() {
    if (copy != null) {
      try {
        copy.close();
      } catch (RuntimeException e) {
        LOG.debug("Cannot drop the copy of {}: {}", file, e.toString());
      }
    }
  }
}
