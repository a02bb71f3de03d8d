package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.hash.Hasher;
import dev.cairn.core.hash.Md5;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.StatIndex;
import dev.cairn.core.hash.StatIndexWriter;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.LinkType;
import dev.cairn.core.remote.InMemoryRemote;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Day 2 in a fresh pod (a new work dir: empty cache and state): the previous version's stat index
 * on the remote spares reading the files whose stat did not change.
 */
class SnapshotStatIndexTest {
  private static final int FILES = 20;
  private static final Instant DAY_1 = Instant.parse("2026-01-01T00:00:00.123456789Z");

  @TempDir Path tmp;
  private StoreFixture fixture;
  private Path data;

  @BeforeEach
  void setUp() throws IOException {
    fixture = StoreFixture.create(tmp.resolve("world"));
    data = tmp.resolve("src/churn");
    for (int i = 0; i < FILES; i++) {
      Path file = data.resolve("part-" + (i % 3) + "/f" + i + ".csv");
      StoreFixture.write(file, "id,label\n" + i + ",0\n");
      Files.setLastModifiedTime(file, FileTime.from(DAY_1));
    }
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private Snapshot.Result snapshotInAFreshPod(boolean rehashAll) {
    return Snapshot.run(
        fixture.store(),
        Snapshot.Request.of("churn", data, "data/churn", Snapshot.DATASET)
            .withRehashAll(rehashAll));
  }

  private Path file(int i) {
    return data.resolve("part-" + (i % 3) + "/f" + i + ".csv");
  }

  /** Rewrites a file in place with other bytes of the same length, keeping its mtime. */
  private void changeBehindTheStat(int i) throws IOException {
    Path file = file(i);
    FileTime mtime = Files.getLastModifiedTime(file);
    String text = Files.readString(file, UTF_8);
    Files.writeString(file, text.replace(",0\n", ",9\n"), UTF_8);
    Files.setLastModifiedTime(file, mtime);
  }

  private Path indexOnTheRemote(String md5) {
    return fixture.root.resolve("remote").resolve(StatIndexRun.key(Oid.parse(md5)));
  }

  private static Map<String, Oid> entries(Oid dir, Path remoteRoot) throws IOException {
    Path object = remoteRoot.resolve("files/md5").resolve(dir.shardedPath());
    Map<String, Oid> entries = new HashMap<>();
    for (Tree.Entry e : Tree.parse(Files.readAllBytes(object), "x").entries()) {
      entries.put(e.relpath(), e.oid());
    }
    return entries;
  }

  @Test
  void run_freshPodOnDay2_readsOnlyTheFileWhoseStatChanged() throws IOException {
    Snapshot.Result day1 = snapshotInAFreshPod(false);
    assertThat(day1.rehashed()).isEqualTo(FILES);
    assertThat(indexOnTheRemote(day1.md5())).isRegularFile();

    // f0: new content, same size, a new mtime; f1: changed behind an unchanged stat, which only
    // stays unseen if f1 is not read (the proof that the trusted files were not read)
    Files.writeString(file(0), "id,label\n0,1\n", UTF_8);
    Files.setLastModifiedTime(file(0), FileTime.from(DAY_1.plusSeconds(86_400)));
    changeBehindTheStat(1);

    Snapshot.Result day2 = snapshotInAFreshPod(false);

    assertThat(day2.rehashed()).isEqualTo(1);
    assertThat(day2.changed()).isTrue();
    assertThat(day2.version()).isEqualTo("v0.0.2");
    assertThat(day2.changes()).isEqualTo(new Snapshot.Changes(0, 1, 0, 13, 13));
    Map<String, Oid> listed = entries(Oid.parse(day2.md5()), fixture.root.resolve("remote"));
    assertThat(listed.get("part-0/f0.csv")).isEqualTo(Md5.ofFile(file(0)));
    assertThat(listed.get("part-1/f1.csv"))
        .isEqualTo(
            entries(Oid.parse(day1.md5()), fixture.root.resolve("remote")).get("part-1/f1.csv"))
        .isNotEqualTo(Md5.ofFile(file(1)));
    assertThat(indexOnTheRemote(day2.md5())).isRegularFile();
  }

  @Test
  void run_toADirectoryRemote_uploadsWhileHashing_countsThoseUploads_andLeavesNoTempFiles()
      throws IOException {
    Snapshot.Result day1 = snapshotInAFreshPod(false);

    assertThat(day1.uploaded()).isEqualTo(FILES + 1); // every file, then the .dir
    Path remoteRoot = fixture.root.resolve("remote");
    long dataBytes = 0;
    for (Oid oid : entries(Oid.parse(day1.md5()), remoteRoot).values()) {
      Path object = remoteRoot.resolve("files/md5").resolve(oid.shardedPath());
      assertThat(Md5.ofFile(object)).isEqualTo(oid); // each object's bytes match its address
      dataBytes += Files.size(object);
    }
    assertThat(day1.uploadedBytes()).isGreaterThan(dataBytes); // the files and the .dir listing
    try (var files = Files.walk(remoteRoot)) {
      assertThat(files.filter(f -> f.getFileName().toString().endsWith(".tmp"))).isEmpty();
    }

    Files.writeString(file(0), "id,label\n0,1\n", UTF_8);
    Files.setLastModifiedTime(file(0), FileTime.from(DAY_1.plusSeconds(86_400)));
    Snapshot.Result day2 = snapshotInAFreshPod(false);

    assertThat(day2.uploaded()).isEqualTo(2); // the new file and the new .dir
    assertThat(remoteRoot.resolve("files/md5").resolve(Md5.ofFile(file(0)).shardedPath()))
        .hasContent("id,label\n0,1\n");
  }

  @Test
  void run_contentChangedBehindAnEqualStat_isTrustedAsDvcDoes_andRehashAllCatchesIt()
      throws IOException {
    Snapshot.Result day1 = snapshotInAFreshPod(false);
    // like `touch -d` after an edit of the same length: DVC's state trusts such a file too
    changeBehindTheStat(2);

    Snapshot.Result trusted = snapshotInAFreshPod(false);

    assertThat(trusted.changed()).isFalse();
    assertThat(trusted.version()).isEqualTo(day1.version());
    assertThat(trusted.rehashed()).isZero();

    Snapshot.Result rehashed = snapshotInAFreshPod(true);

    assertThat(rehashed.rehashed()).isEqualTo(FILES);
    assertThat(rehashed.changed()).isTrue();
    assertThat(rehashed.version()).isEqualTo("v0.0.2");
    assertThat(rehashed.md5()).isEqualTo(Hasher.builder().build().hash(data).oid().value());
  }

  @Test
  void run_unchangedDayWithAnExactIndex_readsItAndWritesNothing() {
    InMemoryRemote remote = new InMemoryRemote();
    Snapshot.Result day1 =
        Snapshot.run(
            fixture.store(remote, LinkType.DEFAULT),
            Snapshot.Request.of("churn", data, "data/churn", Snapshot.DATASET));
    String key = StatIndexRun.key(Oid.parse(day1.md5()));
    assertThat(remote.keys()).contains(key);
    remote.clearRequests();

    Snapshot.Result day2 =
        Snapshot.run(
            fixture.store(remote, LinkType.DEFAULT),
            Snapshot.Request.of("churn", data, "data/churn", Snapshot.DATASET));

    assertThat(day2.changed()).isFalse();
    assertThat(day2.rehashed()).isZero();
    assertThat(remote.putKeys()).isEmpty();
    assertThat(remote.requests())
        .containsExactly(
            new InMemoryRemote.Request("open", key), new InMemoryRemote.Request("existing", "1"));
  }

  @Test
  void run_tornOrForeignIndex_isIgnored_everyFileIsRead_andAValidIndexReplacesIt()
      throws IOException {
    Snapshot.Result day1 = snapshotInAFreshPod(false);
    Path index = indexOnTheRemote(day1.md5());
    byte[] whole = Files.readAllBytes(index);

    for (byte[] bad :
        new byte[][] {
          java.util.Arrays.copyOf(whole, whole.length / 2), "foreign".getBytes(UTF_8)
        }) {
      Files.write(index, bad);

      Snapshot.Result day2 = snapshotInAFreshPod(false);

      assertThat(day2.changed()).isFalse();
      assertThat(day2.rehashed()).isEqualTo(FILES);
      StatIndex replaced =
          StatIndex.read(
              new ByteArrayInputStream(Files.readAllBytes(index)), Oid.parse(day1.md5()));
      assertThat(replaced.size()).isEqualTo(FILES);
      assertThat(snapshotInAFreshPod(false).rehashed()).isZero();
    }
  }

  @Test
  void run_indexOfAnotherListingUnderTheKey_isIgnored() throws IOException {
    Snapshot.Result day1 = snapshotInAFreshPod(false);
    Files.writeString(file(0), "id,label\n0,1\n", UTF_8);
    Snapshot.Result day2 = snapshotInAFreshPod(false);
    assertThat(day2.rehashed()).isEqualTo(1);
    // day 1's index where day 2's is looked for: intact, but it describes another .dir
    Files.copy(
        indexOnTheRemote(day1.md5()),
        indexOnTheRemote(day2.md5()),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    Snapshot.Result day3 = snapshotInAFreshPod(false);

    assertThat(day3.changed()).isFalse();
    assertThat(day3.rehashed()).isEqualTo(FILES);
    assertThat(snapshotInAFreshPod(false).rehashed()).isZero();
  }

  @Test
  void run_indexThatLiesAboutAFile_caughtAtUpload_reRunsReadingEveryFile() throws IOException {
    Snapshot.Result day1 = snapshotInAFreshPod(false);
    // a well-formed index of day 1's listing whose f0 carries a wrong MD5
    Oid lie = Oid.ofFile("0".repeat(32));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (StatIndexWriter writer = StatIndexWriter.open(bytes, StatIndex.deviceOf(data))) {
      for (int i = 0; i < FILES; i++) {
        Path f = file(i);
        writer.add(
            data.relativize(f).toString(),
            Files.size(f),
            Files.getLastModifiedTime(f).to(TimeUnit.NANOSECONDS),
            (Long) Files.getAttribute(f, "unix:ino"),
            i == 0 ? lie : Md5.ofFile(f));
      }
      writer.finish(Oid.parse(day1.md5()));
    }
    Files.write(indexOnTheRemote(day1.md5()), bytes.toByteArray());

    Snapshot.Result day2 = snapshotInAFreshPod(false);

    assertThat(day2.changed()).isFalse();
    assertThat(day2.md5()).isEqualTo(day1.md5());
    assertThat(day2.rehashed()).isEqualTo(FILES);
    assertThat(fixture.tagNames()).containsExactly("churn@v0.0.1");
    assertThat(fixture.root.resolve("remote/files/md5").resolve(lie.shardedPath())).doesNotExist();
    // the lie is replaced by the truth
    assertThat(snapshotInAFreshPod(false).rehashed()).isZero();
  }
}
