package dev.cairn.core.hash;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Digests a large file while a second thread reads ahead of it, so reading (a copy out of the page
 * cache, or real disk I/O) overlaps hashing instead of adding to it. MD5 itself is sequential: one
 * thread digests the chunks in file order, a few chunks behind the reader.
 */
final class ReadAhead {
  private static final int BUFFERS = 4;

  /**
   * A filled buffer, the end of the file ({@code length < 0}), or the reader's failure. The array
   * is a pooled buffer handed between the two threads, never compared.
   */
  @SuppressWarnings("ArrayRecordComponent")
  private record Chunk(byte[] bytes, int length, @Nullable IOException failure) {
    static final Chunk END = new Chunk(new byte[0], -1, null);
  }

  private ReadAhead() {}

  /**
   * Digests the channel from its position to the end; the reader also writes each chunk to copy.
   */
  static byte[] digest(FileChannel channel, MessageDigest md5, int chunkSize, SafeCopy copy)
      throws IOException {
    BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(BUFFERS);
    BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
    for (int i = 0; i < BUFFERS; i++) {
      free.add(new byte[chunkSize]);
    }
    Thread reader = new Thread(() -> read(channel, free, filled, copy), "cairn-md5-read-ahead");
    reader.setDaemon(true);
    reader.start();
    try {
      while (true) {
        Chunk chunk = filled.take();
        IOException failure = chunk.failure();
        if (failure != null) {
          throw failure;
        }
        if (chunk.length() < 0) {
          return md5.digest();
        }
        md5.update(chunk.bytes(), 0, chunk.length());
        free.put(chunk.bytes());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while hashing");
    } finally {
      reader.interrupt(); // a no-op once the reader has reached the end
    }
  }

  private static void read(
      FileChannel channel, BlockingQueue<byte[]> free, BlockingQueue<Chunk> filled, SafeCopy copy) {
    try {
      try {
        while (true) {
          byte[] bytes = free.take();
          ByteBuffer buffer = ByteBuffer.wrap(bytes);
          int read = 0;
          while (buffer.hasRemaining() && (read = channel.read(buffer)) >= 0) {
            // fill the whole buffer unless the file ends
          }
          if (buffer.position() > 0) {
            copy.write(ByteBuffer.wrap(bytes, 0, buffer.position()));
            filled.put(new Chunk(bytes, buffer.position(), null));
          }
          if (read < 0) {
            filled.put(Chunk.END);
            return;
          }
        }
      } catch (IOException e) {
        filled.put(new Chunk(new byte[0], -1, e));
      }
    } catch (InterruptedException e) {
      // the digesting thread gave up; it no longer reads the queue
    }
  }
}
