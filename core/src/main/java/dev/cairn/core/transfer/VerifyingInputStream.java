package dev.cairn.core.transfer;

import dev.cairn.core.hash.Oid;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A source file's bytes on their way to the remote, checked against the hash taken before: exactly
 * {@code size} bytes whose MD5 is the object id. The read that completes the object fails instead
 * of returning its last bytes if they differ, so a remote (which makes an object visible only after
 * its last byte) never stores a file that changed after it was hashed.
 */
final class VerifyingInputStream extends FilterInputStream {
  private final Oid expected;
  private final long size;
  private final MessageDigest md5;
  private long read;
  private boolean changed;

  VerifyingInputStream(InputStream in, Oid expected, long size) {
    super(in);
    this.expected = expected;
    this.size = size;
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has MD5", e);
    }
  }

  /** Whether the stream failed because the bytes differ from the hash (the file changed). */
  boolean changed() {
    return changed;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (read >= size) {
      if (size == 0) {
        check();
      }
      return -1;
    }
    int n = super.read(b, off, (int) Math.min(len, size - read));
    if (n < 0) {
      changed = true;
      throw new IOException("the file ended after " + read + " of " + size + " bytes");
    }
    md5.update(b, off, n);
    read += n;
    if (read == size) {
      check();
    }
    return n;
  }

  private void check() throws IOException {
    String actual = HexFormat.of().formatHex(md5.digest());
    if (!expected.value().equals(actual)) {
      changed = true;
      throw new IOException("its bytes have MD5 " + actual + ", not " + expected.value());
    }
  }

  @Override
  public long skip(long n) throws IOException {
    throw new IOException("Cannot skip in a verified upload");
  }

  @Override
  public boolean markSupported() {
    return false;
  }
}
