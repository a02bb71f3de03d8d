package dev.cairn.core.odb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streaming MD5 as a cache names its objects: plain MD5 of the bytes for the DVC 3 layout, or DVC
 * 2's {@code md5-dos2unix} for the legacy layout (specs/dvc-format.md §1: per 1 MiB chunk, when the
 * chunk's first 512 bytes look like text, {@code \r\n} inside the chunk is hashed as {@code \n}).
 * Not thread-safe; one instance per stream.
 */
final class ObjectDigest {
  private static final int CHUNK = 1 << 20;
  private static final int BLOCK = 512;

  private final MessageDigest md5;
  private final byte @org.jspecify.annotations.Nullable [] chunk;
  private int filled;

  private ObjectDigest(boolean dos2unix) {
    try {
      this.md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has MD5", e);
    }
    this.chunk = dos2unix ? new byte[CHUNK] : null;
  }

  static ObjectDigest plain() {
    return new ObjectDigest(false);
  }

  static ObjectDigest forLayout(boolean legacy) {
    return new ObjectDigest(legacy);
  }

  void update(byte[] bytes, int offset, int length) {
    byte[] buffer = chunk;
    if (buffer == null) {
      md5.update(bytes, offset, length);
      return;
    }
    while (length > 0) {
      int n = Math.min(length, CHUNK - filled);
      System.arraycopy(bytes, offset, buffer, filled, n);
      filled += n;
      offset += n;
      length -= n;
      if (filled == CHUNK) {
        flushChunk(buffer);
      }
    }
  }

  /** The lowercase hex digest; the instance must not be used afterwards. */
  String hex() {
    byte[] buffer = chunk;
    if (buffer != null && filled > 0) {
      flushChunk(buffer);
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private void flushChunk(byte[] buffer) {
    int length = filled;
    filled = 0;
    if (!isText(buffer, Math.min(length, BLOCK))) {
      md5.update(buffer, 0, length);
      return;
    }
    int start = 0;
    for (int i = 0; i + 1 < length; i++) {
      if (buffer[i] == '\r' && buffer[i + 1] == '\n') {
        md5.update(buffer, start, i - start);
        start = i + 1;
      }
    }
    md5.update(buffer, start, length - start);
  }

  /** dvc-data's {@code istextblock}: no NUL, and at most 30% of bytes outside printable text. */
  private static boolean isText(byte[] block, int length) {
    if (length == 0) {
      return true;
    }
    int nonText = 0;
    for (int i = 0; i < length; i++) {
      int b = block[i] & 0xff;
      if (b == 0) {
        return false;
      }
      boolean text =
          (b >= 32 && b <= 126) || b == '\n' || b == '\r' || b == '\t' || b == '\f' || b == '\b';
      if (!text) {
        nonText++;
      }
    }
    return nonText * 10 <= length * 3;
  }

  /** Hashes a whole file. */
  static String hashFile(Path file, boolean legacy) throws IOException {
    ObjectDigest digest = forLayout(legacy);
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return digest.hex();
  }
}
