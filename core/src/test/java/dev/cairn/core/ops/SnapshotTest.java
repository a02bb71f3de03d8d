package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.CairnException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.git.Change;
import dev.cairn.core.hash.Hasher;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.LinkType;
import dev.cairn.core.registry.Bump;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.remote.InMemoryRemote;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotTest {
  @TempDir Path tmp;
  private StoreFixture fixture;
  private Path data;

  @BeforeEach
  void setUp() {
    fixture = StoreFixture.create(tmp.resolve("world"));
    data = tmp.resolve("src/churn");
    StoreFixture.write(data.resolve("a.csv"), "id,label\n1,0\n");
    StoreFixture.write(data.resolve("b.csv"), "id,label\n2,1\n3,0\n");
    StoreFixture.write(data.resolve("sub/c.csv"), "id,label\n4,1\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private static Snapshot.Request dataset(Path source) {
    return Snapshot.Request.of("churn", source, "data/churn", Snapshot.DATASET);
  }

  @Test
  void run_firstSnapshot_registersV001WithPointerArtifactIgnoreAndObjectsOnTheRemote()
      throws Exception {
    Oid expected = Hasher.builder().build().hash(data).oid();
    Snapshot.Result result = Snapshot.run(fixture.store(), dataset(data));

    assertThat(result.name()).isEqualTo("churn");
    assertThat(result.version()).isEqualTo("v0.0.1");
    assertThat(result.md5()).isEqualTo(expected.value()).endsWith(".dir");
    assertThat(result.changed()).isTrue();
    assertThat(result.files()).isEqualTo(3);
    assertThat(result.bytes()).isEqualTo(13 + 17 + 13);
    assertThat(result.previousVersion()).isNull();
    assertThat(result.changes()).isEqualTo(new Snapshot.Changes(3, 0, 0, 43, 0));
    assertThat(result.uploaded()).isEqualTo(4);
    assertThat(fixture.tagNames()).containsExactly("churn@v0.0.1");
    assertThat(fixture.bareRepo().resolve("refs/tags/churn@v0.0.1")).isEqualTo(result.commit());
    assertThat(fixture.head()).contains(result.commit());

    String tag = "refs/tags/churn@v0.0.1";
    assertThat(fixture.file(tag, "data/churn.dvc"))
        .isEqualTo(
            "outs:\n- md5: "
                + expected.value()
                + "\n  size: 43\n  nfiles: 3\n  hash: md5\n  path: churn\n");
    assertThat(fixture.file(tag, "dvc.yaml"))
        .isEqualTo("artifacts:\n  churn:\n    path: data/churn\n    type: dataset\n");
    assertThat(fixture.file(tag, "data/.gitignore")).isEqualTo("/churn\n");
    assertThat(fixture.file(tag, ".dvc/config"))
        .isEqualTo(
            "[core]\n    remote = storage\n['remote \"storage\"']\n    url = "
                + fixture.remoteUrl
                + "\n");
    assertThat(fixture.file(tag, ".dvcignore")).startsWith("# Add patterns");

    Path remote = fixture.root.resolve("remote/files/md5");
    assertThat(remote.resolve(expected.shardedPath())).exists();
    for (Tree.Entry entry :
        Tree.parse(Files.readAllBytes(remote.resolve(expected.shardedPath())), "x").entries()) {
      assertThat(remote.resolve(entry.oid().shardedPath())).exists();
    }
  }

  @Test
  void run_unchangedData_returnsExistingVersionWithoutCommitTagOrUpload() {
    InMemoryRemote remote = new InMemoryRemote();
    Snapshot.Result first = Snapshot.run(fixture.store(remote, LinkType.DEFAULT), dataset(data));
    String head = fixture.head().orElseThrow();
    remote.clearRequests();

    Snapshot.Result again =
        Snapshot.run(fixture.store(remote, LinkType.DEFAULT), dataset(data).withMessage("again"));

    assertThat(again.changed()).isFalse();
    assertThat(again.version()).isEqualTo("v0.0.1");
    assertThat(again.commit()).isEqualTo(first.commit());
    assertThat(again.md5()).isEqualTo(first.md5());
    assertThat(again.changes()).isEqualTo(Snapshot.Changes.NONE);
    assertThat(again.uploaded()).isZero();
    assertThat(fixture.head()).contains(head);
    assertThat(fixture.tagNames()).containsExactly("churn@v0.0.1");
    assertThat(remote.putKeys()).isEmpty();
    // one existence request, for the version's .dir: a broken remote shows the day it breaks
    // and one read of the version's stat index, which spared reading the files
    assertThat(remote.requests())
        .containsExactly(
            new InMemoryRemote.Request("open", StatIndexRun.key(Oid.parse(first.md5()))),
            new InMemoryRemote.Request("existing", "1"));
  }

  @Test
  void run_unchangedDataAfterTwoVersions_previousVersionIsTheOneBeforeIt() {
    assertThat(Snapshot.run(fixture.store(), dataset(data)).previousVersion()).isNull();
    StoreFixture.write(data.resolve("day2.csv"), "id,label\n9,1\n");
    Snapshot.Result second = Snapshot.run(fixture.store(), dataset(data));
    assertThat(second.version()).isEqualTo("v0.0.2");

    Snapshot.Result unchanged = Snapshot.run(fixture.store(), dataset(data));

    assertThat(unchanged.changed()).isFalse();
    assertThat(unchanged.version()).isEqualTo("v0.0.2");
    assertThat(unchanged.previousVersion()).isEqualTo("v0.0.1").isEqualTo(second.previousVersion());
  }

  @Test
  void run_unchangedDataWhoseDirIsGoneFromTheRemote_missingObjectAndNothingWritten() {
    InMemoryRemote remote = new InMemoryRemote();
    Snapshot.Result first = Snapshot.run(fixture.store(remote, LinkType.DEFAULT), dataset(data));
    remote.delete(dirKey(first.md5()));
    String head = fixture.head().orElseThrow();
    remote.clearRequests();

    assertThatThrownBy(() -> Snapshot.run(fixture.store(remote, LinkType.DEFAULT), dataset(data)))
        .isInstanceOf(dev.cairn.core.remote.MissingObjectException.class)
        .hasMessageContaining(dirKey(first.md5()))
        .hasMessageContaining("churn@v0.0.1");
    assertThat(remote.putKeys()).isEmpty();
    assertThat(fixture.head()).contains(head);
    assertThat(fixture.tagNames()).containsExactly("churn@v0.0.1");
  }

  private static String dirKey(String md5) {
    return "files/md5/" + md5.substring(0, 2) + "/" + md5.substring(2);
  }

  @Test
  void run_modifiedData_registersNextVersionWithFileCounts() throws Exception {
    Store store = fixture.store();
    Snapshot.run(store, dataset(data));
    StoreFixture.write(data.resolve("b.csv"), "id,label\n2,1\n"); // modified: 17 -> 13 bytes
    Files.delete(data.resolve("sub/c.csv")); // deleted: 13 bytes
    StoreFixture.write(data.resolve("d.csv"), "id\n5\n"); // added: 5 bytes
    StoreFixture.write(data.resolve("sub/e.csv"), "id\n6\n7\n"); // added: 7 bytes

    Snapshot.Result second = Snapshot.run(fixture.store(), dataset(data));

    assertThat(second.version()).isEqualTo("v0.0.2");
    assertThat(second.changed()).isTrue();
    assertThat(second.previousVersion()).isEqualTo("v0.0.1");
    assertThat(second.files()).isEqualTo(4);
    assertThat(second.bytes()).isEqualTo(13 + 13 + 5 + 7);
    assertThat(second.changes()).isEqualTo(new Snapshot.Changes(2, 1, 1, 13 + 5 + 7, 17 + 13));
    assertThat(fixture.tagNames()).containsExactly("churn@v0.0.1", "churn@v0.0.2");
    assertThat(fixture.file("refs/tags/churn@v0.0.2", "data/churn.dvc")).contains(second.md5());
    assertThat(fixture.file("refs/tags/churn@v0.0.1", "data/churn.dvc"))
        .doesNotContain(second.md5());
    // the .gitignore entry is not duplicated
    assertThat(fixture.file("refs/tags/churn@v0.0.2", "data/.gitignore")).isEqualTo("/churn\n");
  }

  @Test
  void run_previousListingOnlyOnTheRemote_isFetchedForTheSummary() {
    Snapshot.run(fixture.store(), dataset(data));
    StoreFixture.write(data.resolve("a.csv"), "changed\n");
    Store fresh = fixture.store(); // a new pod: empty cache
    assertThat(fresh.cache().objectsDir()).doesNotExist();

    Snapshot.Result second = Snapshot.run(fresh, dataset(data));

    assertThat(second.changes()).isEqualTo(new Snapshot.Changes(0, 1, 0, 8, 13));
  }

  @Test
  void run_bumpMinor_registersMinorVersion() {
    Snapshot.run(fixture.store(), dataset(data));
    StoreFixture.write(data.resolve("a.csv"), "more\n");

    Snapshot.Result result =
        Snapshot.run(fixture.store(), dataset(data).withBump(Bump.MINOR).withMessage("weekly"));

    assertThat(result.version()).isEqualTo("v0.1.0");
    assertThat(fixture.bareRepo().tags())
        .filteredOn(t -> t.name().equals("churn@v0.1.0"))
        .singleElement()
        .satisfies(t -> assertThat(t.message().strip()).isEqualTo("weekly"));
  }

  @Test
  void run_singleFileModelWithLineage_writesFilePointerWithMetaCairn() throws Exception {
    Path model = tmp.resolve("out/model.pkl");
    StoreFixture.write(model, "weights\n");
    Lineage lineage =
        new Lineage(
            List.of(new Lineage.Input("churn", "v0.0.1", "d".repeat(32) + ".dir")),
            new Lineage.Code("https://git.example/ml.git", "abc123"),
            Map.of("lr", 0.1),
            Map.of("accuracy", 0.91),
            new Lineage.Run("argo", "train-x", "uid-1", "pod-1"));

    Snapshot.Result result =
        Snapshot.run(
            fixture.store(),
            Snapshot.Request.of("churn-model", model, "models/model.pkl", Snapshot.MODEL)
                .withLineage(lineage));

    assertThat(result.files()).isEqualTo(1);
    assertThat(result.bytes()).isEqualTo(8);
    assertThat(result.md5()).doesNotEndWith(".dir");
    String pointer = fixture.file("refs/tags/churn-model@v0.0.1", "models/model.pkl.dvc");
    assertThat(pointer)
        .startsWith(
            "outs:\n- md5: "
                + result.md5()
                + "\n  size: 8\n  hash: md5\n  path: model.pkl\nmeta:\n  cairn:\n");
    assertThat(pointer).contains("accuracy: 0.91").contains("workflow: train-x");
    assertThat(fixture.file("refs/tags/churn-model@v0.0.1", "models/.gitignore"))
        .isEqualTo("/model.pkl\n");
    // the metrics also where `dvc metrics show` finds them: a file in the commit, listed in
    // dvc.yaml
    assertThat(fixture.file("refs/tags/churn-model@v0.0.1", "dvc.yaml"))
        .isEqualTo(
            "artifacts:\n  churn-model:\n    path: models/model.pkl\n    type: model\n"
                + "metrics:\n- models/model.pkl.metrics.json\n");
    assertThat(fixture.file("refs/tags/churn-model@v0.0.1", "models/model.pkl.metrics.json"))
        .contains("\"accuracy\" : 0.91");
    assertThat(
            fixture.root.resolve("remote/files/md5").resolve(Oid.parse(result.md5()).shardedPath()))
        .hasContent("weights\n");
  }

  @Test
  void run_readOnlySourceWithHardlinkCache_sourceLeftByteIdenticalAndUnlinked() throws Exception {
    Map<String, String> before = describe(data);
    try (Stream<Path> files = Files.walk(data)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--"));
      }
    }
    Map<String, String> readOnly = describe(data);
    try {
      Store store = fixture.store(new InMemoryRemote(), List.of(LinkType.HARDLINK, LinkType.COPY));
      Snapshot.Result result = Snapshot.run(store, dataset(data));

      assertThat(result.version()).isEqualTo("v0.0.1");
      assertThat(describe(data)).isEqualTo(readOnly);
      assertThat(before.keySet()).isEqualTo(readOnly.keySet());
      // the cache holds copies, not links to the source
      Path a = data.resolve("a.csv");
      assertThat(Files.getAttribute(a, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1);
      Oid aOid = Hasher.builder().build().hash(a).oid();
      assertThat(store.cache().path(aOid)).hasSameBinaryContentAs(a);
    } finally {
      try (Stream<Path> files = Files.walk(data)) {
        for (Path p : files.toList()) {
          Files.setPosixFilePermissions(
              p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
  }

  /** Path to content + permissions + mtime + inode, for every file and directory. */
  private static Map<String, String> describe(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.toList()) {
        String content = Files.isRegularFile(p) ? Files.readString(p, UTF_8) : "<dir>";
        out.put(
            root.relativize(p).toString(),
            content
                + "|"
                + PosixFilePermissions.toString(Files.getPosixFilePermissions(p))
                + "|"
                + Files.getLastModifiedTime(p).toMillis()
                + "|"
                + Files.getAttribute(p, "unix:ino"));
      }
    }
    return out;
  }

  @Test
  void run_crashDuringUpload_reRunConvergesToTheUninterruptedState() throws Exception {
    InMemoryRemote remote = new InMemoryRemote();
    AtomicInteger puts = new AtomicInteger();
    remote.failPutsWhere(key -> puts.incrementAndGet() > 1);

    assertThatThrownBy(() -> Snapshot.run(fixture.store(remote, LinkType.DEFAULT), dataset(data)))
        .isInstanceOf(CairnException.class);
    assertThat(fixture.tagNames()).isEmpty();
    assertThat(fixture.head()).isEmpty();
    assertThat(remote.keys()).noneMatch(k -> k.endsWith(".dir"));

    remote.clearFaults();
    Snapshot.Result rerun = Snapshot.run(fixture.store(remote, LinkType.DEFAULT), dataset(data));

    try (StoreFixture clean = StoreFixture.create(tmp.resolve("clean"))) {
      InMemoryRemote cleanRemote = new InMemoryRemote();
      Snapshot.Result uninterrupted =
          Snapshot.run(clean.store(cleanRemote, LinkType.DEFAULT), dataset(data));
      assertThat(rerun.version()).isEqualTo(uninterrupted.version());
      assertThat(rerun.md5()).isEqualTo(uninterrupted.md5());
      assertThat(remote.keys()).isEqualTo(cleanRemote.keys());
      for (String key : cleanRemote.keys()) {
        if (!key.startsWith(StatIndexRun.PREFIX)) { // the stat index lists files as hashed
          assertThat(remote.bytes(key)).isEqualTo(cleanRemote.bytes(key));
        }
      }
      assertThat(fixture.tagNames()).isEqualTo(clean.tagNames());
      for (String path :
          List.of("data/churn.dvc", "dvc.yaml", "data/.gitignore", ".dvc/config", ".dvcignore")) {
        String rev = "refs/tags/churn@v0.0.1";
        String expected = clean.file(rev, path);
        if (path.equals(".dvc/config")) {
          expected = expected.replace(clean.remoteUrl, fixture.remoteUrl);
        }
        assertThat(fixture.file(rev, path)).as(path).isEqualTo(expected);
      }
    }
  }

  @Test
  void run_crashBeforeTheCommit_reRunRegistersWithoutUploadingAgain() {
    InMemoryRemote remote = new InMemoryRemote();
    Store store = fixture.store(remote, LinkType.DEFAULT);
    // the pod dies after the upload, before the Git write: simulated by failing the write
    Store dying =
        new Store(
            new FailingWrites(store.repo()),
            store.remoteUrl(),
            store.remote(),
            store.cache(),
            store.state(),
            store.jobs(),
            store.progress());
    assertThatThrownBy(() -> Snapshot.run(dying, dataset(data))).hasMessageContaining("injected");
    assertThat(remote.keys()).anyMatch(k -> k.endsWith(".dir"));
    assertThat(fixture.tagNames()).isEmpty();
    remote.clearRequests();

    Snapshot.Result rerun = Snapshot.run(fixture.store(remote, LinkType.DEFAULT), dataset(data));

    assertThat(rerun.version()).isEqualTo("v0.0.1");
    assertThat(rerun.changed()).isTrue();
    assertThat(rerun.uploaded()).isZero();
    // only the stat index, stored once the version is registered
    assertThat(remote.putKeys()).containsExactly(StatIndexRun.key(Oid.parse(rerun.md5())));
    assertThat(fixture.tagNames()).containsExactly("churn@v0.0.1");
  }

  @Test
  void run_keepsOtherArtifactsAndDvcYamlContent() {
    Store store = fixture.store();
    String existing =
        "# pipeline\nstages:\n  train:\n    cmd: python train.py   # keep me\n"
            + "artifacts:\n  other:\n    path: other.pkl\n    type: model\n    desc: kept\n";
    store
        .repo()
        .write(
            "seed",
            s -> Change.commit("seed", Map.of("dvc.yaml", existing.getBytes(UTF_8)), List.of()));
    Path model = tmp.resolve("m.bin");
    StoreFixture.write(model, "m\n");

    Snapshot.run(store, dataset(data));
    Snapshot.run(
        store, Snapshot.Request.of("churn-model", model, "models/churn-model", Snapshot.MODEL));

    assertThat(fixture.file("main", "dvc.yaml"))
        .isEqualTo(
            "# pipeline\nstages:\n  train:\n    cmd: python train.py   # keep me\n"
                + "artifacts:\n  other:\n    path: other.pkl\n    type: model\n    desc: kept\n"
                + "  churn:\n    path: data/churn\n    type: dataset\n"
                + "  churn-model:\n    path: models/churn-model\n    type: model\n");
  }

  @Test
  void run_sameBytesAsAnOlderVersion_isANewVersionOfTheLatest() {
    Snapshot.run(fixture.store(), dataset(data));
    String original = "id,label\n1,0\n";
    StoreFixture.write(data.resolve("a.csv"), "x\n");
    Snapshot.run(fixture.store(), dataset(data));
    StoreFixture.write(data.resolve("a.csv"), original);

    Snapshot.Result back = Snapshot.run(fixture.store(), dataset(data));

    assertThat(back.version()).isEqualTo("v0.0.3");
    assertThat(back.changes()).isEqualTo(new Snapshot.Changes(0, 1, 0, 13, 2));
  }

  @Test
  void request_rejectsBadInput() {
    assertThatThrownBy(() -> Snapshot.Request.of("churn", data, "data/churn", "table"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("dataset or model");
    for (String bad : List.of("", "/abs", "a/../b", "a//b", "x.dvc", ".dvc/x", ".git/x", "a/"))
      assertThatThrownBy(() -> Snapshot.Request.of("churn", data, bad, Snapshot.DATASET))
          .as(bad)
          .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Snapshot.Request.of("bad name", data, "d", Snapshot.DATASET))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Snapshot.run(fixture.store(), dataset(tmp.resolve("nope"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no such file");
    assertThat(Snapshot.defaultPathInRepo("churn", Snapshot.DATASET)).isEqualTo("data/churn");
    assertThat(Snapshot.defaultPathInRepo("m", Snapshot.MODEL)).isEqualTo("models/m");
  }
}
