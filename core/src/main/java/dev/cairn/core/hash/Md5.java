package dev.cairn.core.hash;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Streaming MD5 of files as DVC computes it: {@link #ofFile} is DVC 3's {@code md5} (raw bytes),
 * {@link #ofFileDos2Unix} is the legacy DVC 2 {@code md5-dos2unix} hash, needed only to verify
 * outputs written by DVC 2 (no {@code hash:} field). Files are read through 1 MiB buffers and never
 * held in memory; a large file is read ahead by a second thread while this one digests.
 */
public final class Md5 {
  /** DVC reads files in chunks of this size; the legacy hash depends on it. */
  static final int CHUNK = 1 << 20;

  /** Files at least this large are read by a second thread while this one digests. */
  static final long READ_AHEAD_FROM = 16L << 20;

  /** How many leading bytes of each chunk the legacy text/binary classification looks at. */
  static final int TEXT_BLOCK = 512;

  private static final ThreadLocal<ByteBuffer> DIRECT =
      ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(CHUNK));
  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Md5::newDigest);
  private static final ThreadLocal<byte[]> HEAP = ThreadLocal.withInitial(() -> new byte[CHUNK]);

  private Md5() {}

  /** The DVC 3 object id of a file: plain MD5 of its bytes. Symlinks are followed. */
  public static Oid ofFile(Path file) {
    return Oid.ofFile(HexFormat.of().formatHex(digest(file, false)));
  }

  /** The legacy DVC 2 {@code md5-dos2unix} hash of a file (CRLF folded in text chunks). */
  public static Oid ofFileDos2Unix(Path file) {
    return Oid.ofFile(HexFormat.of().formatHex(digest(file, true)));
  }

  /** The MD5 hex of bytes in memory. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(newDigest().digest(bytes));
  }

  /**
   * The DVC 3 object id of a file whose stat said {@code size} bytes, its bytes also written to
   * {@code copy} as they are read. A file below the read-ahead size is read up to {@code size}
   * bytes: the caller compares the file's stat after the read with the one before, so a file that
   * grew or shrank meanwhile is read again, and the end-of-file read and size check are saved.
   */
  static Oid ofFile(Path file, long size, SafeCopy copy) {
    return Oid.ofFile(HexFormat.of().formatHex(digest(file, false, size, copy)));
  }

  static byte[] digest(Path file, boolean dos2unix) {
    return digest(file, dos2unix, -1, SafeCopy.NONE);
  }

  /** {@code size} below 0: read to the end of the file, whatever its size. */
  private static byte[] digest(Path file, boolean dos2unix, long size, SafeCopy copy) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return dos2unix ? legacy(channel) : plain(channel, size, copy);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          "Cannot hash " + file + ": no such file or directory (check the path)", e);
    } catch (AccessDeniedException e) {
      throw new ConfigurationException(
          "Cannot hash " + file + ": permission denied (make the file readable)", e);
    } catch (IOException e) {
      throw new InvalidInputException(
          "Cannot hash " + file + ": " + e.getMessage() + " (check the file and retry)", e);
    }
  }

  private static byte[] plain(FileChannel channel, long size, SafeCopy copy) throws IOException {
    MessageDigest md5 = DIGEST.get();
    md5.reset();
    if ((size < 0 ? channel.size() : size) >= READ_AHEAD_FROM) {
      return ReadAhead.digest(channel, md5, CHUNK, copy);
    }
    ByteBuffer buffer = DIRECT.get();
    buffer.clear();
    long read = 0;
    while ((size < 0 || read < size) && channel.read(buffer) >= 0) {
      buffer.flip();
      read += buffer.remaining();
      copy.write(buffer);
      md5.update(buffer);
      buffer.clear();
    }
    return md5.digest();
  }

  private static byte[] legacy(FileChannel channel) throws IOException {
    MessageDigest md5 = DIGEST.get();
    md5.reset();
    byte[] chunk = HEAP.get();
    ByteBuffer buffer = ByteBuffer.wrap(chunk);
    while (true) {
      buffer.clear();
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // fill the whole chunk as Python's read(CHUNK) on a file does
      }
      int length = buffer.position();
      boolean endOfFile = buffer.hasRemaining();
      if (length > 0 && isTextBlock(chunk, Math.min(length, TEXT_BLOCK))) {
        length = foldCrLf(chunk, length);
      }
      md5.update(chunk, 0, length);
      if (endOfFile) {
        return md5.digest();
      }
    }
  }

  /** DVC's istextblock: empty is text, a NUL is binary, else at most 30% non-text bytes. */
  static boolean isTextBlock(byte[] block, int length) {
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

  /** Replaces each CRLF in {@code chunk[0..length)} by LF in place; returns the new length. */
  static int foldCrLf(byte[] chunk, int length) {
    int out = 0;
    for (int i = 0; i < length; i++) {
      if (chunk[i] == '\r' && i + 1 < length && chunk[i + 1] == '\n') {
        continue;
      }
      chunk[out++] = chunk[i];
    }
    return out;
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JVM has MD5", e);
    }
  }
}
