package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.Hasher;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.LinkType;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteTuning;
import dev.cairn.core.remote.s3.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** Snapshot in place of an S3 prefix against S3Proxy: hashed and copied without a local copy. */
class InPlaceSnapshotIT {
  private static final int MIB = 1024 * 1024;
  private static final RemoteTuning TUNING = new RemoteTuning(4, 5L * MIB, 5L * MIB, 10L * MIB);

  @SuppressWarnings("NullAway.Init")
  private static S3ProxyServer s3;

  @TempDir Path tmp;

  @SuppressWarnings("NullAway.Init")
  private StoreFixture fixture;

  @SuppressWarnings("NullAway.Init")
  private String dataBucket;

  @SuppressWarnings("NullAway.Init")
  private String storeBucket;

  private final Map<String, byte[]> objects = new LinkedHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  @BeforeEach
  void setUp() {
    fixture = StoreFixture.create(tmp.resolve("world"));
    dataBucket = s3.newBucket("data");
    storeBucket = s3.newBucket("store");
    objects.put("a.csv", "id,label\n1,0\n".getBytes(UTF_8));
    objects.put("nested/deep/er/b.txt", "deep\n".getBytes(UTF_8));
    objects.put("caf\u00e9/na\u00efve \u65e5\u672c.txt", "unicode\n".getBytes(UTF_8));
    objects.put("with space/smile\uD83D\uDE00.txt", "astral\n".getBytes(UTF_8));
    objects.put("empty.bin", new byte[0]);
    objects.put("copy-of-a.csv", "id,label\n1,0\n".getBytes(UTF_8));
    objects.put("big.bin", random(2 * MIB + 5, 1));
    for (Map.Entry<String, byte[]> o : objects.entrySet()) {
      put("raw/day1/" + o.getKey(), o.getValue());
    }
    byte[] multi = random(11 * MIB, 2);
    objects.put("parts/multi.bin", multi);
    putMultipart("raw/day1/parts/multi.bin", multi);
    put("raw/day1/marker-dir/", new byte[0]);
    put("raw/day10/outside.txt", "not in the prefix".getBytes(UTF_8));
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private void put(String key, byte[] bytes) {
    s3.admin.putObject(b -> b.bucket(dataBucket).key(key), RequestBody.fromBytes(bytes));
  }

  private void putMultipart(String key, byte[] bytes) {
    String id = s3.admin.createMultipartUpload(b -> b.bucket(dataBucket).key(key)).uploadId();
    List<CompletedPart> parts = new ArrayList<>();
    int part = 5 * MIB;
    for (int offset = 0, n = 1; offset < bytes.length; offset += part, n++) {
      byte[] chunk =
          java.util.Arrays.copyOfRange(bytes, offset, Math.min(bytes.length, offset + part));
      int number = n;
      String etag =
          s3.admin
              .uploadPart(
                  b -> b.bucket(dataBucket).key(key).uploadId(id).partNumber(number),
                  RequestBody.fromBytes(chunk))
              .eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
    }
    s3.admin.completeMultipartUpload(
        b -> b.bucket(dataBucket).key(key).uploadId(id).multipartUpload(m -> m.parts(parts)));
  }

  private Store store(S3ProxyServer.RequestCounter counter) {
    Remote remote = s3.open("s3://" + storeBucket + "/dvcstore", TUNING, counter);
    return fixture.store(remote, LinkType.DEFAULT);
  }

  private static Snapshot.Request request() {
    return Snapshot.Request.of("raw-data", Path.of("not-read"), "data/raw", Snapshot.DATASET);
  }

  /** The tree as a download of the prefix would create it, hashed as `cairn hash` does. */
  private Oid localHash() throws IOException {
    Path local = tmp.resolve("downloaded");
    for (Map.Entry<String, byte[]> o : objects.entrySet()) {
      Path file = local.resolve(o.getKey());
      Files.createDirectories(file.getParent());
      Files.write(file, o.getValue());
    }
    return Hasher.builder().build().hash(local).oid();
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
  void snapshotInPlace_hashesAsLocally_copiesServerSide_andWritesNoDataLocally() throws Exception {
    S3ProxyServer.RequestCounter counter = new S3ProxyServer.RequestCounter();
    Store store = store(counter);
    assertThat(Snapshot.canRunInPlace(store, "s3://" + dataBucket + "/raw/day1")).isTrue();

    Snapshot.Result result =
        Snapshot.runInPlace(store, request(), "s3://" + dataBucket + "/raw/day1", true);

    Oid expected = localHash();
    assertThat(result.md5()).isEqualTo(expected.value());
    assertThat(result.changed()).isTrue();
    assertThat(result.version()).isEqualTo("v0.0.1");
    assertThat(result.files()).isEqualTo(objects.size());
    long total = objects.values().stream().mapToLong(b -> b.length).sum();
    assertThat(result.bytes()).isEqualTo(total);
    assertThat(result.changes()).isEqualTo(new Snapshot.Changes(objects.size(), 0, 0, total, 0));

    String pointer = fixture.file("raw-data@v0.0.1", "data/raw.dvc");
    assertThat(pointer).contains("md5: " + expected.value()).contains("nfiles: " + objects.size());

    // every object on the remote under the md5 layout, byte-identical, and the .dir
    Tree tree = store.cache().loadTree(expected);
    for (Tree.Entry entry : tree.entries()) {
      byte[] stored =
          s3.admin
              .getObjectAsBytes(
                  b -> b.bucket(storeBucket).key("dvcstore/files/md5/" + entry.oid().shardedPath()))
              .asByteArray();
      assertThat(stored).as(entry.relpath()).isEqualTo(objects.get(entry.relpath()));
    }
    assertThat(
            s3.admin
                .headObject(
                    b -> b.bucket(storeBucket).key("dvcstore/files/md5/" + expected.shardedPath()))
                .contentLength())
        .isEqualTo(tree.toBytes().length);

    // no data was written locally: the cache holds only the .dir listing
    assertThat(filesUnder(store.cache().dir())).containsExactly(store.cache().path(expected));
    for (Path file : filesUnder(fixture.root)) {
      assertThat(file.getFileName().toString())
          .isNotIn("a.csv", "b.txt", "big.bin", "multi.bin", "empty.bin");
    }

    // the 2 MiB single-part object was hashed from its ETag (HEAD), not read; distinct contents
    // were copied server-side once each (a.csv and copy-of-a.csv share one)
    assertThat(counter.count("GetObject")).isEqualTo(objects.size() - 1);
    assertThat(counter.count("HeadObject")).isGreaterThanOrEqualTo(1);
    assertThat(counter.count("CopyObject") + counter.count("UploadPartCopy") / 3)
        .isEqualTo(objects.size() - 1);
    assertThat(counter.count("UploadPartCopy")).as("11 MiB copied in 5 MiB parts").isEqualTo(3);
    assertThat(counter.count("PutObject")).as("only the .dir is uploaded").isEqualTo(1);
  }

  @Test
  void secondRun_isUnchanged_andReadingEverythingGivesTheSameHash() throws Exception {
    String url = "s3://" + dataBucket + "/raw/day1";
    Snapshot.Result first =
        Snapshot.runInPlace(store(new S3ProxyServer.RequestCounter()), request(), url, true);
    S3ProxyServer.RequestCounter counter = new S3ProxyServer.RequestCounter();
    Snapshot.Result again = Snapshot.runInPlace(store(counter), request(), url, false);
    assertThat(again.changed()).isFalse();
    assertThat(again.md5()).isEqualTo(first.md5());
    assertThat(again.version()).isEqualTo("v0.0.1");
    assertThat(counter.count("GetObject")).as("every object read").isEqualTo(objects.size());
    assertThat(counter.count("CopyObject")).isZero();
    assertThat(counter.count("PutObject")).isZero();
  }

  @Test
  void changedPrefix_copiesOnlyTheNewObjects() throws Exception {
    String url = "s3://" + dataBucket + "/raw/day1";
    Snapshot.runInPlace(store(new S3ProxyServer.RequestCounter()), request(), url, true);
    put("raw/day1/new.csv", "id,label\n9,9\n".getBytes(UTF_8));
    S3ProxyServer.RequestCounter counter = new S3ProxyServer.RequestCounter();
    Snapshot.Result second = Snapshot.runInPlace(store(counter), request(), url, true);
    assertThat(second.version()).isEqualTo("v0.0.2");
    Snapshot.Changes changes = java.util.Objects.requireNonNull(second.changes());
    assertThat(changes.filesAdded()).isEqualTo(1);
    assertThat(counter.count("CopyObject")).isEqualTo(1);
    assertThat(counter.count("UploadPartCopy")).isZero();
  }

  @Test
  void emptyPrefix_isRefused() {
    Store store = store(new S3ProxyServer.RequestCounter());
    assertThatThrownBy(
            () -> Snapshot.runInPlace(store, request(), "s3://" + dataBucket + "/raw/none", true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no objects");
    assertThat(fixture.tagNames()).isEmpty();
  }

  @Test
  void localRemote_cannotSnapshotInPlace() {
    Store local = fixture.store();
    assertThat(Snapshot.canRunInPlace(local, "s3://" + dataBucket + "/raw/day1")).isFalse();
    assertThatThrownBy(
            () -> Snapshot.runInPlace(local, request(), "s3://" + dataBucket + "/raw/day1", true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("in place");
  }

  @Test
  void shardedInPlace_registersTheSameDirAsOnePod() throws Exception {
    String url = "s3://" + dataBucket + "/raw/day1";
    List<ShardedSnapshot.Shard> plan =
        ShardedSnapshot.plan(store(new S3ProxyServer.RequestCounter()), url, 3);
    assertThat(plan).hasSize(3);
    long uploaded = 0;
    for (ShardedSnapshot.Shard shard : plan) {
      uploaded +=
          ShardedSnapshot.shard(store(new S3ProxyServer.RequestCounter()), url, shard, false, true)
              .uploaded();
    }
    assertThat(
            ShardedSnapshot.shard(
                    store(new S3ProxyServer.RequestCounter()), url, plan.get(1), false, true)
                .reused())
        .isTrue();
    Snapshot.Result merged =
        ShardedSnapshot.merge(store(new S3ProxyServer.RequestCounter()), request(), plan);

    assertThat(merged.md5()).isEqualTo(localHash().value());
    assertThat(merged.files()).isEqualTo(objects.size());
    assertThat(uploaded).isEqualTo(objects.size() - 1); // a.csv and copy-of-a.csv are one object
    Snapshot.Result again =
        Snapshot.runInPlace(store(new S3ProxyServer.RequestCounter()), request(), url, true);
    assertThat(again.changed()).isFalse();
    assertThat(again.version()).isEqualTo(merged.version());
  }
}
