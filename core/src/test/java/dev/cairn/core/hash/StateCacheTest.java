package dev.cairn.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateCacheTest {
  @TempDir Path dir;

  private static StateCache.Key key(int i) {
    return new StateCache.Key("/data/file-" + i, 100 + i, 1_700_000_000_123_456_789L + i, 4242 + i);
  }

  private static Oid oid(int i) {
    return Oid.ofFile(String.format("%032x", 0xabcdef00L + i));
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
  }

  @Test
  void put_thenReopen_hitsOnlyTheExactKey() {
    try (StateCache state = StateCache.open(dir)) {
      state.put(key(1), oid(1));
      assertThat(state.get(key(1))).isEqualTo(oid(1));
    }
    try (StateCache state = StateCache.open(dir)) {
      StateCache.Key k = key(1);
      assertThat(state.get(k)).isEqualTo(oid(1));
      assertThat(state.get(new StateCache.Key(k.path(), k.size() + 1, k.mtimeNanos(), k.inode())))
          .isNull();
      assertThat(state.get(new StateCache.Key(k.path(), k.size(), k.mtimeNanos() + 1, k.inode())))
          .isNull();
      assertThat(state.get(new StateCache.Key(k.path(), k.size(), k.mtimeNanos(), k.inode() + 1)))
          .isNull();
      assertThat(state.get(new StateCache.Key(k.path() + "x", k.size(), k.mtimeNanos(), k.inode())))
          .isNull();
    }
  }

  @Test
  void put_samePathNewVersion_replacesOld() {
    try (StateCache state = StateCache.open(dir)) {
      StateCache.Key old = key(1);
      StateCache.Key changed =
          new StateCache.Key(old.path(), old.size(), old.mtimeNanos() + 5, old.inode());
      state.put(old, oid(1));
      state.put(changed, oid(2));
      assertThat(state.size()).isEqualTo(1);
      assertThat(state.get(old)).isNull();
      assertThat(state.get(changed)).isEqualTo(oid(2));
    }
    try (StateCache state = StateCache.open(dir)) {
      assertThat(state.get(key(1))).isNull();
      assertThat(state.size()).isEqualTo(1);
    }
  }

  @Test
  void open_tornTail_losesOnlyTheTornRecord() throws IOException {
    try (StateCache state = StateCache.open(dir)) {
      for (int i = 0; i < 10; i++) {
        state.put(key(i), oid(i));
      }
    }
    Path segment = segments().get(0);
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.setLength(file.length() - 20);
    }
    try (StateCache state = StateCache.open(dir)) {
      for (int i = 0; i < 9; i++) {
        assertThat(state.get(key(i))).isEqualTo(oid(i));
      }
      assertThat(state.get(key(9))).isNull();
    }
  }

  @Test
  void open_corruptRecord_isNeverReturned() throws IOException {
    try (StateCache state = StateCache.open(dir)) {
      for (int i = 0; i < 10; i++) {
        state.put(key(i), oid(i));
      }
    }
    Path segment = segments().get(0);
    long md5Offset = 8 + 7L * SegmentedStateCache.RECORD_BYTES + 4 * Long.BYTES;
    try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
      file.seek(md5Offset);
      int b = file.read();
      file.seek(md5Offset);
      file.write(b ^ 0x01); // one flipped bit in record 7's md5
    }
    try (StateCache state = StateCache.open(dir)) {
      for (int i = 0; i < 7; i++) {
        assertThat(state.get(key(i))).isEqualTo(oid(i));
      }
      for (int i = 7; i < 10; i++) {
        assertThat(state.get(key(i))).isNull();
      }
    }
  }

  @Test
  void open_garbageSegment_isIgnored() throws IOException {
    Files.write(dir.resolve("state-garbage.seg"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    try (StateCache state = StateCache.open(dir)) {
      assertThat(state.size()).isZero();
    }
  }

  @Test
  void open_segmentOfThePreviousFormat_isIgnoredAndDeleted() throws IOException {
    java.nio.ByteBuffer st1 = java.nio.ByteBuffer.allocate(8 + SegmentedStateCache.RECORD_BYTES);
    st1.putLong(0x4341_4952_4e53_5431L); // "CAIRNST1", whose path hash was an MD5 prefix
    Path old = dir.resolve("state-old.seg");
    Files.write(old, st1.array());

    try (StateCache state = StateCache.open(dir)) {
      assertThat(state.size()).isZero();
    }
    assertThat(old).doesNotExist();
  }

  @Test
  void pathHash_isDistinctForManySimilarPaths() {
    java.util.Set<Long> hashes = new java.util.HashSet<>();
    for (int i = 0; i < 300_000; i++) {
      hashes.add(
          StateTable.pathHash("/work/data/d" + (i % 100) + "/s" + (i / 100 % 10) + "/f" + i));
    }
    assertThat(hashes).hasSize(300_000).doesNotContain(0L);
  }

  @Test
  void twoInstances_appendToOwnSegments_andBothSurvive() {
    try (StateCache a = StateCache.open(dir);
        StateCache b = StateCache.open(dir)) {
      a.put(key(1), oid(1));
      b.put(key(2), oid(2));
      a.flush();
      b.flush();
    }
    try (StateCache state = StateCache.open(dir)) {
      assertThat(state.get(key(1))).isEqualTo(oid(1));
      assertThat(state.get(key(2))).isEqualTo(oid(2));
    }
  }

  @Test
  void open_manySegments_compactsButKeepsSegmentsInUse() throws IOException {
    StateCache held = StateCache.open(dir);
    held.put(key(100), oid(100));
    held.flush();
    Path heldSegment = segments().get(0);
    for (int round = 0; round < 20; round++) {
      try (StateCache state = StateCache.open(dir)) {
        state.put(key(round), oid(round));
      }
    }
    // 21 segments were written; opening with more than 16 compacted them
    assertThat(segments()).hasSizeLessThan(10).contains(heldSegment);
    held.close();
    try (StateCache state = StateCache.open(dir)) {
      assertThat(state.size()).isEqualTo(21);
      for (int i = 0; i < 20; i++) {
        assertThat(state.get(key(i))).isEqualTo(oid(i));
      }
      assertThat(state.get(key(100))).isEqualTo(oid(100));
    }
  }

  @Test
  void open_manyStaleRecords_compacts() throws IOException {
    try (StateCache state = StateCache.open(dir)) {
      for (int i = 0; i < 150_000; i++) {
        StateCache.Key k = key(i % 10);
        state.put(new StateCache.Key(k.path(), k.size(), k.mtimeNanos() + i, k.inode()), oid(i));
      }
    }
    long before = Files.size(segments().get(0));
    try (StateCache state = StateCache.open(dir)) {
      assertThat(state.size()).isEqualTo(10);
    }
    assertThat(segments()).hasSize(1);
    assertThat(Files.size(segments().get(0))).isLessThan(before / 1000);
    try (StateCache state = StateCache.open(dir)) {
      StateCache.Key last = key(149_999 % 10);
      assertThat(
              state.get(
                  new StateCache.Key(
                      last.path(), last.size(), last.mtimeNanos() + 149_999, last.inode())))
          .isEqualTo(oid(149_999));
    }
  }

  @Test
  void concurrentPutsAndGets_areConsistent() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (StateCache state = StateCache.open(dir)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = thread; i < 40_000; i += 8) {
                    state.put(key(i), oid(i));
                    assertThat(state.get(key(i))).isEqualTo(oid(i));
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
      assertThat(state.size()).isEqualTo(40_000);
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    try (StateCache state = StateCache.open(dir)) {
      for (int i = 0; i < 40_000; i++) {
        assertThat(state.get(key(i))).isEqualTo(oid(i));
      }
    }
  }

  @Test
  void inMemory_worksWithoutFiles() throws IOException {
    try (StateCache state = StateCache.inMemory()) {
      state.put(key(1), oid(1));
      assertThat(state.get(key(1))).isEqualTo(oid(1));
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
