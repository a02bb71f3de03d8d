package dev.cairn.core.remote.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.IntegrityException;
import dev.cairn.core.hash.Md5;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteTuning;
import dev.cairn.core.remote.SupportsDownload;
import dev.cairn.core.transfer.Transfer;
import dev.cairn.core.transfer.TransferResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** Pulls through {@link Transfer} from S3Proxy: ranged parallel reads for large objects. */
class S3TransferIT {
  private static final int MIB = 1024 * 1024;

  /** 5 MiB parts and ranged reads above 10 MiB, so a 13 MiB object takes three ranged GETs. */
  private static final RemoteTuning TUNING = new RemoteTuning(4, 5L * MIB, 5L * MIB, 10L * MIB);

  private static S3ProxyServer s3;

  @TempDir Path work;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static Oid oidOf(byte[] bytes) {
    return Oid.ofFile(Md5.hex(bytes));
  }

  private static void store(String bucket, Oid oid, byte[] bytes) {
    s3.admin.putObject(
        b -> b.bucket(bucket).key("store/files/md5/" + oid.shardedPath()),
        RequestBody.fromBytes(bytes));
  }

  private static List<Path> filesUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void largeObject_isFetchedWithParallelRangedReads_andVerified() throws Exception {
    String bucket = s3.newBucket("ranged");
    byte[] large = random(13 * MIB + 17, 1);
    Oid oid = oidOf(large);
    store(bucket, oid, large);
    S3ProxyServer.RequestCounter counter = new S3ProxyServer.RequestCounter();
    Cache cache = Cache.at(work.resolve("cache"));
    try (Remote remote = s3.open("s3://" + bucket + "/store", TUNING, counter)) {
      TransferResult result =
          Transfer.builder(cache, remote).jobs(2).build().fetch(Set.of(oid)).requireSuccess();
      assertThat(result.transferred()).isEqualTo(1);
      assertThat(result.bytes()).isEqualTo(large.length);
    }
    assertThat(Files.readAllBytes(cache.path(oid))).isEqualTo(large);
    assertThat(counter.rangedGets.get()).as("one GET per 5 MiB range").isEqualTo(3);
    assertThat(counter.count("GetObject")).isEqualTo(3);
    assertThat(counter.count("HeadObject")).isZero();
    assertThat(filesUnder(cache.objectsDir())).containsExactly(cache.path(oid));
  }

  @Test
  void largeObject_fetch_hashesTheRangesWhileTheyArrive() throws Exception {
    String bucket = s3.newBucket("hashed");
    byte[] large = random(13 * MIB + 17, 6);
    Oid oid = oidOf(large);
    store(bucket, oid, large);
    try (Remote remote =
        s3.open("s3://" + bucket + "/store", TUNING, new S3ProxyServer.RequestCounter())) {
      SupportsDownload.Fetched fetched =
          ((SupportsDownload) remote)
              .fetch("files/md5/" + oid.shardedPath(), () -> work.resolve("fetched"));
      assertThat(fetched).isInstanceOf(SupportsDownload.Written.class);
      SupportsDownload.Written written = (SupportsDownload.Written) fetched;
      assertThat(written.ranges()).isEqualTo(3);
      assertThat(written.md5()).contains(oid.md5());
      assertThat(Files.readAllBytes(written.file())).isEqualTo(large);
    }
  }

  @Test
  void smallAndMidSizedObjects_streamAsBefore() throws Exception {
    String bucket = s3.newBucket("small");
    byte[] small = random(3000, 2);
    byte[] mid = random(7 * MIB + 3, 3);
    byte[] empty = new byte[0];
    for (byte[] bytes : List.of(small, mid, empty)) {
      store(bucket, oidOf(bytes), bytes);
    }
    S3ProxyServer.RequestCounter counter = new S3ProxyServer.RequestCounter();
    Cache cache = Cache.at(work.resolve("cache"));
    try (Remote remote = s3.open("s3://" + bucket + "/store", TUNING, counter)) {
      Transfer transfer = Transfer.builder(cache, remote).jobs(1).build();
      transfer.fetch(Set.of(oidOf(small))).requireSuccess();
      assertThat(counter.count("GetObject")).as("one GET for a small object").isEqualTo(1);
      transfer.fetch(Set.of(oidOf(mid))).requireSuccess();
      assertThat(counter.count("GetObject")).as("two GETs below the ranged threshold").isEqualTo(3);
      transfer.fetch(Set.of(oidOf(empty))).requireSuccess();
    }
    for (byte[] bytes : List.of(small, mid, empty)) {
      assertThat(Files.readAllBytes(cache.path(oidOf(bytes)))).isEqualTo(bytes);
    }
  }

  @Test
  void directory_pushedThenPulled_withLargeMembersRanged() throws Exception {
    String bucket = s3.newBucket("tree");
    Cache source = Cache.at(work.resolve("source-cache"));
    List<Tree.Entry> entries = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      byte[] bytes = random(i < 2 ? 11 * MIB + i : 100 + i, 10 + i);
      Oid oid = oidOf(bytes);
      source.install(oid, new java.io.ByteArrayInputStream(bytes), "test");
      entries.add(new Tree.Entry("d/f" + i, oid));
      contents.add(bytes);
    }
    Oid dir = source.addTree(Tree.of(entries));
    S3ProxyServer.RequestCounter counter = new S3ProxyServer.RequestCounter();
    try (Remote remote = s3.open("s3://" + bucket + "/store", TUNING, counter)) {
      Transfer.builder(source, remote).build().push(Set.of(dir)).requireSuccess();
      counter.reset();
      Cache target = Cache.at(work.resolve("target-cache"));
      TransferResult pulled =
          Transfer.builder(target, remote).build().fetch(Set.of(dir)).requireSuccess();
      assertThat(pulled.transferred()).isEqualTo(7);
      for (int i = 0; i < 6; i++) {
        assertThat(Files.readAllBytes(target.path(entries.get(i).oid())))
            .isEqualTo(contents.get(i));
      }
      assertThat(counter.rangedGets.get())
          .as("two large members of three ranges, plus one GET per small object and the .dir")
          .isEqualTo(2 * 3 + 4 + 1);
    }
  }

  @Test
  void corruptLargeObject_failsWithIntegrityError_andLeavesNothingInTheCache() throws Exception {
    String bucket = s3.newBucket("corrupt");
    byte[] large = random(13 * MIB, 4);
    Oid claimed = oidOf(random(13 * MIB, 5));
    store(bucket, claimed, large);
    S3ProxyServer.RequestCounter counter = new S3ProxyServer.RequestCounter();
    Cache cache = Cache.at(work.resolve("cache"));
    try (Remote remote = s3.open("s3://" + bucket + "/store", TUNING, counter)) {
      TransferResult result = Transfer.builder(cache, remote).build().fetch(Set.of(claimed));
      assertThat(result.failures()).hasSize(1);
      assertThat(result.failures().get(0).error()).isInstanceOf(IntegrityException.class);
      assertThatThrownBy(result::requireSuccess)
          .isInstanceOf(IntegrityException.class)
          .hasMessageContaining(claimed.md5());
    }
    assertThat(counter.rangedGets.get()).as("it took the ranged path").isEqualTo(3);
    assertThat(cache.contains(claimed)).isFalse();
    assertThat(filesUnder(cache.dir())).as("no object and no temp file").isEmpty();
  }

  @Test
  void corruptSmallObject_failsWithIntegrityError_andLeavesNothingInTheCache() throws Exception {
    String bucket = s3.newBucket("corrupt-small");
    Oid claimed = oidOf(random(500, 6));
    store(bucket, claimed, random(500, 7));
    Cache cache = Cache.at(work.resolve("cache"));
    try (Remote remote =
        s3.open("s3://" + bucket + "/store", TUNING, new S3ProxyServer.RequestCounter())) {
      assertThatThrownBy(
              () -> Transfer.builder(cache, remote).build().fetch(Set.of(claimed)).requireSuccess())
          .isInstanceOf(IntegrityException.class);
    }
    assertThat(filesUnder(cache.dir())).isEmpty();
  }
}
