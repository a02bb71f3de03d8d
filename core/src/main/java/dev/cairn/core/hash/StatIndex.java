package dev.cairn.core.hash;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * The stat index of one directory version: for each file of its {@code .dir} listing, the relpath,
 * size, mtime in nanoseconds, inode and MD5 it had when it was hashed, plus the device id of the
 * source root. Read back on the next run (in a fresh pod), it lets the hasher trust the MD5 of the
 * files whose stat did not change (see {@link #trusted}).
 *
 * <p>The format (version 1) is a gzip stream of a body followed by the SHA-256 of that body:
 *
 * <pre>
 * body    = magic "CAIRNSTI", int version (1), long device,
 *           entry*, byte 0, long entry count, UTF string .dir oid ("&lt;md5&gt;.dir")
 * entry   = byte 1, int relpath length, relpath UTF-8 bytes, long size, long mtime-ns,
 *           long inode, 16 bytes MD5
 * </pre>
 *
 * All numbers are big-endian. The oid and the count come last because the entries are written while
 * the tree is hashed. An index is accepted only whole: a wrong magic or version, a torn gzip
 * stream, a count or oid that differs, a checksum mismatch or trailing bytes reject all of it.
 */
public final class StatIndex {
  static final byte[] MAGIC = "CAIRNSTI".getBytes(UTF_8);
  static final int VERSION = 1;
  static final int MAX_RELPATH_BYTES = 1 << 16;
  static final int CHECKSUM_BYTES = 32;

  /** The device id when the file system does not report one. */
  public static final long UNKNOWN_DEVICE = -1;

  private final long device;
  private final StatTable table;

  private StatIndex(long device, StatTable table) {
    this.device = device;
    this.table = table;
  }

  /** The device id of the source root when the index was written. */
  public long device() {
    return device;
  }

  /** Number of files listed. */
  public int size() {
    return table.size();
  }

  /**
   * The MD5 recorded for {@code relpath}, when the file's stat now proves it unchanged: same size
   * and mtime in nanoseconds, and same inode when the index was written on the same file system
   * ({@code currentDevice} equals the recorded device). On another device (a new pod mounting the
   * same volume) the inode is not compared, as it may be renumbered. Null otherwise.
   */
  public @Nullable Oid trusted(
      String relpath, long size, long mtimeNanos, long inode, long currentDevice) {
    int i = table.find(relpath.getBytes(UTF_8));
    if (i < 0 || table.size(i) != size || table.mtimeNanos(i) != mtimeNanos) {
      return null;
    }
    boolean sameFileSystem = device != UNKNOWN_DEVICE && device == currentDevice;
    if (sameFileSystem && table.inode(i) != inode) {
      return null;
    }
    return table.oid(i);
  }

  /**
   * Reads a whole index and checks that it describes {@code dir}.
   *
   * @throws IOException if it cannot be read or is not a complete, intact index of {@code dir}; the
   *     message says why
   */
  public static StatIndex read(InputStream in, Oid dir) throws IOException {
    MessageDigest sha256 = StatIndexWriter.sha256();
    // the digest sees the bytes as they are consumed; the checksum is read past it
    BufferedInputStream body = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    DataInputStream data = new DataInputStream(new DigestInputStream(body, sha256));
    try {
      byte[] magic = new byte[MAGIC.length];
      data.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("not a Cairn stat index (wrong magic)");
      }
      int version = data.readInt();
      if (version != VERSION) {
        throw new IOException("stat index format " + version + ", this Cairn reads " + VERSION);
      }
      long device = data.readLong();
      StatTable table = new StatTable();
      byte[] md5 = new byte[16];
      for (int tag = data.readByte(); tag != 0; tag = data.readByte()) {
        if (tag != 1) {
          throw new IOException("corrupt stat index (entry tag " + tag + ")");
        }
        int length = data.readInt();
        if (length <= 0 || length > MAX_RELPATH_BYTES) {
          throw new IOException("corrupt stat index (relpath length " + length + ")");
        }
        byte[] relpath = new byte[length];
        data.readFully(relpath);
        long size = data.readLong();
        long mtime = data.readLong();
        long inode = data.readLong();
        data.readFully(md5);
        if (size < 0) {
          throw new IOException("corrupt stat index (size " + size + ")");
        }
        table.add(relpath, size, mtime, inode, md5);
      }
      long count = data.readLong();
      String oid = data.readUTF();
      byte[] expected = sha256.digest();
      byte[] actual = new byte[CHECKSUM_BYTES];
      new DataInputStream(body).readFully(actual);
      if (!MessageDigest.isEqual(expected, actual)) {
        throw new IOException("stat index checksum mismatch (torn or altered)");
      }
      if (body.read() != -1) {
        throw new IOException("trailing bytes after the stat index");
      }
      if (count != table.added()) {
        throw new IOException(
            "stat index lists " + table.added() + " entries, its trailer says " + count);
      }
      if (!oid.equals(dir.value())) {
        throw new IOException("stat index of " + oid + ", not of " + dir.value());
      }
      return new StatIndex(device, table);
    } catch (EOFException e) {
      throw new IOException("truncated stat index", e);
    }
  }

  /** The device id of the file system holding {@code path}, or {@link #UNKNOWN_DEVICE}. */
  public static long deviceOf(Path path) {
    try {
      Object dev = Files.getAttribute(path, "unix:dev", LinkOption.NOFOLLOW_LINKS);
      return dev instanceof Long value ? value : UNKNOWN_DEVICE;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return UNKNOWN_DEVICE;
    }
  }
}
