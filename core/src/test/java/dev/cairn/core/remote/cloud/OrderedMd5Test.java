package dev.cairn.core.remote.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.hash.Md5Digest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrderedMd5Test {
  private static final int RANGE = 3 * 1024 * 1024 + 5;
  @TempDir Path dir;

  @Test
  void rangesWrittenInAnyOrderFromManyThreads_giveTheFilesMd5() throws Exception {
    byte[] content = random(10 * RANGE + 123, 1);
    Path file = dir.resolve("f");
    List<long[]> ranges = ranges(content.length);
    Collections.shuffle(ranges, new Random(2));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (FileChannel out = open(file)) {
      OrderedMd5 md5 = new OrderedMd5(out, content.length);
      List<Future<?>> futures = new ArrayList<>();
      for (long[] range : ranges) {
        futures.add(
            pool.submit(
                () -> {
                  write(out, content, range);
                  md5.written(range[0], range[1]);
                  return null;
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
      assertThat(md5.md5()).contains(Md5Digest.hashFile(file, false));
      assertThat(md5.md5()).as("spent after it is read").isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRangeNeverReported_givesNoMd5_soTheCallerHashesTheFile() throws Exception {
    byte[] content = random(4 * RANGE, 3);
    Path file = dir.resolve("f");
    try (FileChannel out = open(file)) {
      OrderedMd5 md5 = writeInOrder(out, content, RANGE);
      assertThat(md5.md5()).isEmpty();
    }
  }

  @Test
  void bytesChangedAfterTheirRangeWasHashed_areNotInTheMd5() throws Exception {
    byte[] content = random(2 * RANGE, 4);
    Path file = dir.resolve("f");
    try (FileChannel out = open(file)) {
      OrderedMd5 md5 = writeInOrder(out, content, -1);
      out.write(ByteBuffer.wrap(new byte[] {(byte) ~content[7]}), 7);
      assertThat(md5.md5()).isPresent().get().isNotEqualTo(Md5Digest.hashFile(file, false));
    }
  }

  /** Writes every range in order, reporting each but the one starting at {@code unreported}. */
  private static OrderedMd5 writeInOrder(FileChannel out, byte[] content, long unreported)
      throws Exception {
    OrderedMd5 md5 = new OrderedMd5(out, content.length);
    for (long[] range : ranges(content.length)) {
      write(out, content, range);
      if (range[0] != unreported) {
        md5.written(range[0], range[1]);
      }
    }
    return md5;
  }

  private static List<long[]> ranges(long size) {
    List<long[]> ranges = new ArrayList<>();
    for (long start = 0; start < size; start += RANGE) {
      ranges.add(new long[] {start, Math.min(size, start + RANGE)});
    }
    return ranges;
  }

  private static FileChannel open(Path file) throws Exception {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
  }

  private static void write(FileChannel out, byte[] content, long[] range) throws Exception {
    ByteBuffer bytes = ByteBuffer.wrap(content, (int) range[0], (int) (range[1] - range[0]));
    long position = range[0];
    while (bytes.hasRemaining()) {
      position += out.write(bytes, position);
    }
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
