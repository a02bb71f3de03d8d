package dev.cairn.core.remote.cloud;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The MD5 of a file that parallel ranged reads fill, computed while they run. Each read reports its
 * range when it has written it; whichever reader completes the range at the hashed frontier reads
 * it back (from the page cache, just written) and goes on through every later range already
 * complete, while the other readers keep downloading. The result is the MD5 of the bytes in the
 * file, so the caller need not read the whole file again after the last range arrives. The file's
 * channel must be open for reading too.
 */
public final class OrderedMd5 {
  private static final int BUFFER = 1 << 20;

  private final FileChannel file;
  private final long size;
  private final MessageDigest digest;
  private final TreeMap<Long, Long> waiting = new TreeMap<>();
  private long hashed;
  private boolean hashing;
  private boolean failed;

  /** For {@code size} bytes of {@code file}, which the ranged reads write and this only reads. */
  public OrderedMd5(FileChannel file, long size) {
    this.file = file;
    this.size = size;
    try {
      this.digest = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no MD5", e);
    }
  }

  /** Reports that bytes {@code [start, end)} are in the file; may hash before it returns. */
  public void written(long start, long end) {
    synchronized (this) {
      waiting.put(start, end);
      if (hashing || failed) {
        return;
      }
      hashing = true;
    }
    byte[] buffer = new byte[BUFFER];
    while (true) {
      long from;
      long to;
      synchronized (this) {
        Long next = waiting.remove(hashed);
        if (next == null || failed) {
          hashing = false;
          return;
        }
        from = hashed;
        to = next;
      }
      try {
        hash(buffer, from, to);
      } catch (IOException | RuntimeException e) {
        synchronized (this) {
          failed = true; // the caller hashes the file itself
          hashing = false;
        }
        return;
      }
      synchronized (this) {
        hashed = to;
      }
    }
  }

  private void hash(byte[] buffer, long from, long to) throws IOException {
    long position = from;
    while (position < to) {
      int n =
          file.read(ByteBuffer.wrap(buffer, 0, (int) Math.min(BUFFER, to - position)), position);
      if (n < 0) {
        throw new IOException("the file ended at " + position + " before " + to);
      }
      digest.update(buffer, 0, n);
      position += n;
    }
  }

  /**
   * The hex MD5 of the whole file once every range was reported and hashed; empty if a range is
   * missing or reading one back failed (the caller then hashes the file itself).
   */
  public synchronized Optional<String> md5() {
    if (failed || hashing || hashed != size || !waiting.isEmpty()) {
      return Optional.empty();
    }
    failed = true; // the digest is spent
    return Optional.of(HexFormat.of().formatHex(digest.digest()));
  }
}
