package dev.cairn.core.hash;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link Hasher} also writes the bytes it reads, so that one read of a file both hashes and
 * stores it: a snapshot's upload to a file-system remote. A copy is kept only once its hash is
 * known and the file did not change while it was read. A copy that fails is dropped and the hash
 * goes on as if there were none: the caller's usual upload then covers that file.
 */
public interface Tee {
  /**
   * How many copies the destination takes at once to be efficient (a remote's parallel uploads):
   * the hasher then runs at least this many workers, so that on a remote with latency, such as an
   * NFS mount, the copies go as many at a time as an upload after the hash would.
   */
  default int parallelism() {
    return 1;
  }

  /** A copy for a file of {@code size} bytes, or null to not copy this file. */
  @Nullable Copy open(long size) throws IOException;

  /** The copy of one file, filled in file order. */
  interface Copy extends AutoCloseable {
    /** Appends the buffer's remaining bytes, consuming them. */
    void write(ByteBuffer bytes) throws IOException;

    /** Keeps the copy: it is complete, and its bytes hash to {@code oid}. */
    void keep(Oid oid) throws IOException;

    /** Drops the copy unless it was kept. */
    @Override
    void close();
  }
}
