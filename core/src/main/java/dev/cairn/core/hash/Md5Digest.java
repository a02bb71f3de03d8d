package dev.cairn.core.hash;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Streaming MD5 as a cache names its objects: plain MD5 of the bytes for the DVC 3 layout, or DVC
 * 2's {@code md5-dos2unix} for the legacy layout (specs/dvc-format.md §1), folded by the same rule
 * as {@link Md5#ofFileDos2Unix}. For bytes that arrive as a stream (a download, a copy); files on
 * disk go through {@link Md5}. Not thread-safe; one instance per stream.
 */
public final class Md5Digest {

  private final MessageDigest md5;
  private final byte @org.jspecify.annotations.Nullable [] chunk;
  private int filled;

  private Md5Digest(boolean dos2unix) {
    this.md5 = Md5.newDigest();
    this.chunk = dos2unix ? new byte[Md5.CHUNK] : null;
  }

  /** Plain MD5. */
  public static Md5Digest plain() {
    return new Md5Digest(false);
  }

  /** DVC 2's {@code md5-dos2unix} for the legacy layout, else plain MD5. */
  public static Md5Digest forLayout(boolean legacy) {
    return new Md5Digest(legacy);
  }

  public void update(byte[] bytes, int offset, int length) {
    byte[] buffer = chunk;
    if (buffer == null) {
      md5.update(bytes, offset, length);
      return;
    }
    while (length > 0) {
      int n = Math.min(length, Md5.CHUNK - filled);
      System.arraycopy(bytes, offset, buffer, filled, n);
      filled += n;
      offset += n;
      length -= n;
      if (filled == Md5.CHUNK) {
        flushChunk(buffer);
      }
    }
  }

  /** The lowercase hex digest; the instance must not be used afterwards. */
  public String hex() {
    byte[] buffer = chunk;
    if (buffer != null && filled > 0) {
      flushChunk(buffer);
    }
    return HexFormat.of().formatHex(md5.digest());
  }

  private void flushChunk(byte[] buffer) {
    int length = filled;
    filled = 0;
    if (Md5.isTextBlock(buffer, Math.min(length, Md5.TEXT_BLOCK))) {
      length = Md5.foldCrLf(buffer, length);
    }
    md5.update(buffer, 0, length);
  }

  /** Hashes a whole file. */
  public static String hashFile(Path file, boolean legacy) throws IOException {
    Md5Digest digest = forLayout(legacy);
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
