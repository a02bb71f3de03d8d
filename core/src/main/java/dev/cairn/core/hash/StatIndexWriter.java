package dev.cairn.core.hash;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link StatIndex} as the files are hashed, streaming: entries go out as they come (from
 * any thread), nothing is kept in memory. {@link #finish} writes the trailer and closes the stream;
 * an unfinished stream is not a valid index.
 */
public final class StatIndexWriter implements AutoCloseable {
  private final BufferedOutputStream compressed;
  private final MessageDigest sha256 = sha256();
  private final DataOutputStream data;
  private long count;
  private boolean closed;
  private @Nullable IOException failure;

  private StatIndexWriter(OutputStream out) throws IOException {
    this.compressed = new BufferedOutputStream(new FastGzip(out), 1 << 16);
    this.data = new DataOutputStream(new DigestOutputStream(compressed, sha256));
  }

  /**
   * Starts an index of a tree whose root is on {@code device} (see {@link StatIndex#deviceOf}).
   *
   * @throws IOException if the header cannot be written
   */
  public static StatIndexWriter open(OutputStream out, long device) throws IOException {
    StatIndexWriter writer = new StatIndexWriter(out);
    writer.data.write(StatIndex.MAGIC);
    writer.data.writeInt(StatIndex.VERSION);
    writer.data.writeLong(device);
    return writer;
  }

  /**
   * Records one hashed file. A write failure (a full disk) does not fail the hashing: it is kept
   * and thrown by {@link #finish}.
   */
  public synchronized void add(String relpath, long size, long mtimeNanos, long inode, Oid md5) {
    if (closed || failure != null) {
      return;
    }
    byte[] name = relpath.getBytes(UTF_8);
    try {
      data.writeByte(1);
      data.writeInt(name.length);
      data.write(name);
      data.writeLong(size);
      data.writeLong(mtimeNanos);
      data.writeLong(inode);
      data.write(HexFormat.of().parseHex(md5.md5()));
      count++;
    } catch (IOException e) {
      failure = e;
    }
  }

  /** Number of files recorded. */
  public synchronized long count() {
    return count;
  }

  /**
   * Writes the trailer (count, {@code dir}, checksum) and closes the stream.
   *
   * @throws IOException if it cannot be written
   */
  public synchronized void finish(Oid dir) throws IOException {
    if (closed) {
      throw new IOException("stat index already closed");
    }
    IOException failed = failure;
    if (failed != null) {
      close();
      throw failed;
    }
    closed = true;
    data.writeByte(0);
    data.writeLong(count);
    data.writeUTF(dir.value());
    data.flush();
    compressed.write(sha256.digest());
    compressed.close();
  }

  /** Closes the stream without a trailer (a failed run): what was written is not an index. */
  @Override
  public synchronized void close() throws IOException {
    if (!closed) {
      closed = true;
      compressed.close();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("SHA-256 is required of every JVM", e);
    }
  }

  /** Gzip at the fastest level: the index is written on every run, read once. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 1 << 16);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
