package dev.cairn.core.transfer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.CairnException;
import dev.cairn.core.IntegrityException;
import dev.cairn.core.Progress;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.remote.InMemoryRemote;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.Remotes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransferTest {
  @TempDir Path tmp;
  private Cache cache;
  private InMemoryRemote remote;

  @BeforeEach
  void setUp() {
    cache = Cache.at(tmp.resolve("cache"));
    remote = new InMemoryRemote();
  }

  @AfterEach
  void streamsClosed() {
    remote.close();
  }

  static Oid md5(String content) {
    try {
      return Oid.ofFile(
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("MD5").digest(content.getBytes(UTF_8))));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static Oid store(Cache into, String content) {
    Oid oid = md5(content);
    into.install(oid, new ByteArrayInputStream(content.getBytes(UTF_8)), "test");
    return oid;
  }

  /** A directory of {@code n} files "name-i" with content "content-i", stored in {@code into}. */
  private static Oid dir(Cache into, String name, int n) {
    List<Tree.Entry> entries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      entries.add(new Tree.Entry(name + "/f" + i, store(into, name + " content " + i)));
    }
    return into.addTree(Tree.of(entries));
  }

  private Transfer transfer(Cache c) {
    return Transfer.builder(c, remote).jobs(4).build();
  }

  private static String key(Oid oid) {
    return Layout.DVC3.key(oid);
  }

  private List<Oid> members(Oid dir) {
    return cache.loadTree(dir).entries().stream().map(Tree.Entry::oid).toList();
  }

  @Test
  void push_uploadsEveryMemberBeforeTheDirObject() {
    Oid dir = dir(cache, "d", 5);

    TransferResult result = transfer(cache).push(List.of(dir)).requireSuccess();

    assertThat(result.transferred()).isEqualTo(6);
    assertThat(result.skipped()).isZero();
    List<String> puts = remote.putKeys();
    assertThat(puts).hasSize(6);
    assertThat(puts.get(5)).isEqualTo(key(dir));
    assertThat(puts.subList(0, 5))
        .containsExactlyInAnyOrderElementsOf(members(dir).stream().map(TransferTest::key).toList());
    assertThat(remote.bytes(key(dir))).isEqualTo(cache.loadTree(dir).toBytes());
    assertThat(key(dir)).startsWith("files/md5/").endsWith(".dir");
  }

  @Test
  void push_again_costsOneExistenceRequest() {
    Oid dir = dir(cache, "d", 50);
    transfer(cache).push(List.of(dir)).requireSuccess();
    remote.clearRequests();

    TransferResult again = transfer(cache).push(List.of(dir));

    assertThat(again.transferred()).isZero();
    assertThat(again.skipped()).as("the .dir vouches; its listing is not read").isEqualTo(1);
    assertThat(remote.requests()).containsExactly(new InMemoryRemote.Request("existing", "1"));
  }

  @Test
  void push_pushedDirPlusANewFile_asksOnlyAboutTheFileAndCountsTheDirsMembers() {
    Oid dir = dir(cache, "d", 50);
    transfer(cache).push(List.of(dir)).requireSuccess();
    Oid plain = store(cache, "a new plain file");
    remote.clearRequests();

    TransferResult result = transfer(cache).push(List.of(dir, plain)).requireSuccess();

    assertThat(result.transferred()).isEqualTo(1);
    assertThat(result.skipped()).isEqualTo(51);
    assertThat(remote.requests())
        .filteredOn(r -> r.kind().equals("existing"))
        .extracting(InMemoryRemote.Request::argument)
        .containsExactly("1", "1");
  }

  @Test
  void push_faultOnAMember_holdsTheDirBackAndARerunCompletes() {
    Oid dir = dir(cache, "d", 4);
    String broken = key(members(dir).get(2));
    remote.failPutsWhere(broken::equals);

    TransferResult failed = transfer(cache).push(List.of(dir));

    assertThat(failed.isSuccess()).isFalse();
    assertThat(failed.failures())
        .extracting(TransferResult.Failure::key)
        .containsExactlyInAnyOrder(broken, key(dir));
    assertThat(remote.has(key(dir))).isFalse();
    assertThat(remote.keys()).hasSize(3);
    assertThatThrownBy(failed::requireSuccess)
        .isInstanceOf(RemoteAccessException.class)
        .hasMessageContaining("2 objects failed");

    remote.clearFaults();
    remote.clearRequests();
    TransferResult rerun = transfer(cache).push(List.of(dir)).requireSuccess();

    assertThat(rerun.transferred()).isEqualTo(2);
    assertThat(remote.putKeys()).containsExactly(broken, key(dir));
    assertThat(remote.keys()).hasSize(5);
  }

  @Test
  void push_memberMissingLocally_isReportedAndTheDirHeldBack() throws IOException {
    Oid dir = dir(cache, "d", 3);
    Oid lost = members(dir).get(0);
    Files.delete(cache.path(lost));

    TransferResult result = transfer(cache).push(List.of(dir));

    assertThat(result.missingLocally()).containsExactly(lost);
    assertThat(result.failures()).extracting(TransferResult.Failure::oid).containsExactly(dir);
    assertThat(remote.has(key(dir))).isFalse();
    assertThat(remote.keys()).hasSize(2);
  }

  @Test
  void push_corruptCacheObject_isNotSpreadAndHoldsTheDirBack() throws IOException {
    Oid dir = dir(cache, "d", 2);
    Path object = cache.path(members(dir).get(1));
    Files.setPosixFilePermissions(
        object, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(object, "bit rot");

    TransferResult result = transfer(cache).push(List.of(dir));

    assertThat(result.failures()).hasSize(2);
    assertThat(result.failures().get(0).error()).isInstanceOf(IntegrityException.class);
    assertThat(remote.has(key(members(dir).get(1)))).isFalse();
    assertThat(remote.has(key(dir))).isFalse();
  }

  @Test
  void status_partiallyPushedDir_listsWhatIsMissing() throws IOException {
    Oid dir = dir(cache, "d", 3);
    Oid plain = store(cache, "a plain file");
    Oid onRemote = members(dir).get(1);
    remote.store(key(onRemote), Files.readAllBytes(cache.path(onRemote)));
    Oid nowhere = md5("nowhere");

    RemoteStatus status = transfer(cache).status(List.of(dir, plain, nowhere));

    assertThat(status.missingOnRemote())
        .containsExactlyInAnyOrder(dir, plain, members(dir).get(0), members(dir).get(2));
    assertThat(status.missingEverywhere()).containsExactly(nowhere);
    assertThat(status.onRemote()).isEqualTo(1);
    assertThat(status.isUpToDate()).isFalse();
  }

  @Test
  void status_existenceIsAskedInBatches() {
    Oid dir = dir(cache, "d", 5);

    Transfer.builder(cache, remote).batchSize(2).build().status(List.of(dir));

    assertThat(remote.requests())
        .extracting(InMemoryRemote.Request::argument)
        .containsExactlyInAnyOrder("1", "2", "2", "1");
  }

  @Test
  void fetch_roundTrip_getsTheDirFirstThenItsMembers() {
    Oid dir = dir(cache, "d", 4);
    Oid plain = store(cache, "plain");
    transfer(cache).push(List.of(dir, plain)).requireSuccess();
    Cache other = Cache.at(tmp.resolve("other-cache"));
    AtomicLong progressed = new AtomicLong();
    Progress progress = (files, bytes) -> progressed.addAndGet(files);

    TransferResult result =
        Transfer.builder(other, remote)
            .progress(progress)
            .build()
            .fetch(List.of(dir, plain))
            .requireSuccess();

    assertThat(result.transferred()).isEqualTo(6);
    assertThat(progressed).hasValue(6);
    List<String> opens =
        remote.requests().stream()
            .filter(r -> r.kind().equals("open"))
            .map(r -> r.argument())
            .toList();
    assertThat(opens.get(0)).isEqualTo(key(dir));
    for (Tree.Entry entry : other.loadTree(dir).entries()) {
      other.verify(entry.oid());
    }
    other.verify(plain);

    remote.clearRequests();
    TransferResult again = Transfer.builder(other, remote).build().fetch(List.of(dir, plain));
    assertThat(again.transferred()).isZero();
    assertThat(again.skipped()).isEqualTo(6);
    assertThat(remote.requestCount()).isZero();
  }

  @Test
  void fetch_corruptRemoteObject_neverReachesTheCache() throws IOException {
    Oid foo = store(cache, "foo");
    transfer(cache).push(List.of(foo)).requireSuccess();
    remote.serveInstead(key(foo), "not foo".getBytes(UTF_8));
    Cache other = Cache.at(tmp.resolve("other-cache"));

    TransferResult result = transfer(other).fetch(List.of(foo));

    assertThat(result.failed()).isEqualTo(1);
    assertThatThrownBy(result::requireSuccess)
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining(key(foo))
        .hasMessageContaining(remote.describe());
    assertThat(other.contains(foo)).isFalse();
    try (Stream<Path> files = Files.walk(tmp.resolve("other-cache"))) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void fetch_corruptDirObject_fetchesNoMembers() {
    Oid dir = dir(cache, "d", 2);
    transfer(cache).push(List.of(dir)).requireSuccess();
    remote.serveInstead(key(dir), "[]".getBytes(UTF_8));
    Cache other = Cache.at(tmp.resolve("other-cache"));
    remote.clearRequests();

    TransferResult result = transfer(other).fetch(List.of(dir));

    assertThat(result.failures()).extracting(TransferResult.Failure::oid).containsExactly(dir);
    assertThat(remote.requests()).containsExactly(new InMemoryRemote.Request("open", key(dir)));
    assertThat(other.contains(dir)).isFalse();
  }

  @Test
  void fetch_missingObject_throwsMissingObjectNamingTheKey() {
    Oid absent = md5("never pushed");
    Cache other = Cache.at(tmp.resolve("other-cache"));

    TransferResult result = transfer(other).fetch(List.of(absent));

    assertThatThrownBy(result::requireSuccess)
        .isInstanceOf(MissingObjectException.class)
        .hasMessageContaining(key(absent))
        .hasMessageContaining(remote.describe());
  }

  @Test
  void fetch_faultOnAMember_otherMembersLandAndARerunCompletes() {
    Oid dir = dir(cache, "d", 3);
    transfer(cache).push(List.of(dir)).requireSuccess();
    String broken = key(members(dir).get(0));
    remote.failOpensWhere(broken::equals);
    Cache other = Cache.at(tmp.resolve("other-cache"));

    TransferResult failed = transfer(other).fetch(List.of(dir));

    assertThat(failed.failures()).extracting(TransferResult.Failure::key).containsExactly(broken);
    assertThat(failed.transferred()).isEqualTo(3);

    remote.clearFaults();
    assertThat(transfer(other).fetch(List.of(dir)).requireSuccess().transferred()).isEqualTo(1);
  }

  @Test
  void legacyCache_usesRootKeys() {
    Cache legacy = cache.legacy();
    Oid foo = store(legacy, "foo");

    Transfer.builder(legacy, remote).build().push(List.of(foo)).requireSuccess();

    assertThat(remote.keys()).containsExactly("ac/bd18db4cc2f85cedef654fccc4a4d8");
  }

  @Test
  void builder_rejectsBadSettingsListingAll() {
    assertThatThrownBy(() -> Transfer.builder(cache, remote).jobs(0).batchSize(0).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jobs")
        .hasMessageContaining("batch size");
  }

  @Test
  void inMemoryRemote_unclosedStream_failsTheTest() throws IOException {
    InMemoryRemote fake = new InMemoryRemote();
    fake.store("k", new byte[] {1});
    var leaked = fake.open("k");

    assertThatThrownBy(fake::close).isInstanceOf(AssertionError.class).hasMessageContaining("k");
    leaked.close();
    fake.close();
  }

  @Test
  void push_unexpectedBackendError_isCollectedAsFailure() {
    Remote exploding =
        new Remote() {
          @Override
          public String describe() {
            return "boom://";
          }

          @Override
          public java.util.Set<String> existing(java.util.Collection<String> keys) {
            return java.util.Set.of();
          }

          @Override
          public void put(String key, Path source) {
            throw new IllegalStateException("backend bug");
          }

          @Override
          public java.io.InputStream open(String key) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void delete(String key) {}

          @Override
          public void close() {}
        };
    Oid foo = store(cache, "foo");

    TransferResult result = Transfer.builder(cache, exploding).build().push(List.of(foo));

    assertThat(result.failures())
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.error())
                    .isInstanceOf(CairnException.class)
                    .hasMessageContaining("backend bug"));
  }

  /** Files under {@code src} named f0..f(n-1), hashed; their tree added to the cache only. */
  private java.util.Map<Oid, Path> sourceFiles(Path src, int n, List<Tree.Entry> entries)
      throws IOException {
    java.util.Map<Oid, Path> files = new java.util.HashMap<>();
    for (int i = 0; i < n; i++) {
      String content = "source content " + i;
      Path file = Files.writeString(Files.createDirectories(src).resolve("f" + i), content);
      entries.add(new Tree.Entry("f" + i, md5(content)));
      files.put(md5(content), file);
    }
    return files;
  }

  @Test
  void push_withSources_streamsFilesToTheRemoteWithoutCachingThem() throws IOException {
    List<Tree.Entry> entries = new ArrayList<>();
    java.util.Map<Oid, Path> files = sourceFiles(tmp.resolve("src"), 5, entries);
    Oid dir = cache.addTree(Tree.of(entries));
    try (Remote local = Remotes.open(tmp.resolve("remote").toString(), java.util.Map.of())) {
      TransferResult result =
          Transfer.builder(cache, local)
              .jobs(2)
              .sources(files::get)
              .build()
              .push(List.of(dir))
              .requireSuccess();

      assertThat(result.transferred()).isEqualTo(6);
      for (Tree.Entry entry : entries) {
        assertThat(cache.contains(entry.oid())).isFalse();
        try (var in = local.open(key(entry.oid()))) {
          assertThat(new String(in.readAllBytes(), UTF_8))
              .isEqualTo(Files.readString(files.get(entry.oid())));
        }
      }
      assertThat(local.existing(List.of(key(dir)))).containsExactly(key(dir));
    }
  }

  @Test
  void push_sourceChangedAfterItWasHashed_refusedAndTheDirHeldBack() throws IOException {
    List<Tree.Entry> entries = new ArrayList<>();
    java.util.Map<Oid, Path> files = sourceFiles(tmp.resolve("src"), 3, entries);
    Oid dir = cache.addTree(Tree.of(entries));
    Path changed = tmp.resolve("src/f1");
    Files.writeString(changed, "SOURCE CONTENT 1"); // same size, other bytes
    try (Remote local = Remotes.open(tmp.resolve("remote").toString(), java.util.Map.of())) {
      TransferResult result =
          Transfer.builder(cache, local).jobs(1).sources(files::get).build().push(List.of(dir));

      assertThatThrownBy(result::requireSuccess)
          .isInstanceOf(dev.cairn.core.InvalidInputException.class)
          .hasMessageContaining(
              "Cannot snapshot " + changed + ": it changed while it was being copied");
      assertThat(local.existing(List.of(key(md5("source content 1")), key(dir)))).isEmpty();
    }
  }

  @Test
  void push_withSources_toARemoteWithoutStreamingPut_goesThroughTheCacheVerified()
      throws IOException {
    List<Tree.Entry> entries = new ArrayList<>();
    java.util.Map<Oid, Path> files = sourceFiles(tmp.resolve("src"), 2, entries);
    Oid dir = cache.addTree(Tree.of(entries));
    Files.writeString(tmp.resolve("src/f0"), "SOURCE CONTENT 0");

    TransferResult result =
        Transfer.builder(cache, remote).jobs(1).sources(files::get).build().push(List.of(dir));

    assertThatThrownBy(result::requireSuccess)
        .hasMessageContaining("changed while it was being copied");
    assertThat(remote.keys()).containsExactly(key(md5("source content 1")));
  }

  /**
   * Version 2 of {@code previous}: every file but the first kept, the first rewritten, one added.
   */
  private Oid nextVersion(Oid previous) {
    List<Tree.Entry> entries = new ArrayList<>();
    List<Tree.Entry> before = cache.loadTree(previous).entries();
    entries.add(
        new Tree.Entry(before.get(0).relpath(), store(cache, "rewritten " + before.size())));
    entries.addAll(before.subList(1, before.size()));
    entries.add(new Tree.Entry("d/new" + before.size(), store(cache, "added " + before.size())));
    return cache.addTree(Tree.of(entries));
  }

  private long keysAsked() {
    return remote.requests().stream()
        .filter(r -> r.kind().equals("existing"))
        .mapToLong(r -> Long.parseLong(r.argument()))
        .sum();
  }

  private TransferResult pushWithPrevious(Oid next, Oid previous) {
    return Transfer.builder(cache, remote)
        .jobs(4)
        .completeOnRemote(List.of(previous))
        .build()
        .push(List.of(next));
  }

  @Test
  void push_withThePreviousVersionCompleteOnRemote_asksOnlyAboutTheFilesItDoesNotList() {
    Oid v1 = dir(cache, "d", 50);
    transfer(cache).push(List.of(v1)).requireSuccess();
    Oid v2 = nextVersion(v1);
    remote.clearRequests();

    TransferResult result = pushWithPrevious(v2, v1).requireSuccess();

    // a sample of the listing's files, then the new .dir, the rewritten file and the added one
    assertThat(keysAsked()).isEqualTo(KnownObjects.SAMPLE + 1 + 2);
    assertThat(remote.requests()).contains(new InMemoryRemote.Request("open", key(v1)));
    assertThat(result.transferred()).isEqualTo(3);
    assertThat(result.skipped()).isEqualTo(49);
    for (Tree.Entry entry : cache.loadTree(v2).entries()) {
      assertThat(remote.has(key(entry.oid()))).as(entry.relpath()).isTrue();
    }
    assertThat(remote.has(key(v2))).isTrue();
  }

  @Test
  void push_whenThePreviousListingIsMissingOrNotItsId_asksAboutEveryFile() throws IOException {
    Oid v1 = dir(cache, "d", 50);
    transfer(cache).push(List.of(v1)).requireSuccess();
    Oid v2 = nextVersion(v1);

    // a listing on the remote that is not the one its key names vouches for nothing
    Oid other = dir(cache, "other", 3);
    remote.serveInstead(key(v1), Files.readAllBytes(cache.path(other)));
    remote.clearRequests();
    TransferResult served = pushWithPrevious(v2, v1).requireSuccess();
    assertThat(keysAsked()).isEqualTo(1 + 51);
    assertThat(served.transferred()).isEqualTo(3);
    assertThat(served.skipped()).isEqualTo(49);

    // and so does a listing the remote lacks
    remote.clearFaults();
    remote.delete(key(v1));
    Oid v3 = nextVersion(v2);
    remote.clearRequests();
    TransferResult missing = pushWithPrevious(v3, v1).requireSuccess();
    assertThat(keysAsked()).isEqualTo(1 + 52);
    assertThat(missing.transferred()).isEqualTo(3);
  }

  @Test
  void push_whenTheRemoteLostThePreviousFilesButNotTheirListing_asksAboutEveryFile_andRepairs() {
    Oid v1 = dir(cache, "d", 50);
    transfer(cache).push(List.of(v1)).requireSuccess();
    for (Tree.Entry entry : cache.loadTree(v1).entries()) {
      remote.delete(key(entry.oid())); // a version deleted from the remote but for its .dir
    }
    Oid v2 = nextVersion(v1);
    remote.clearRequests();

    TransferResult result = pushWithPrevious(v2, v1).requireSuccess();

    assertThat(keysAsked()).isEqualTo(KnownObjects.SAMPLE + 1 + 51);
    assertThat(result.transferred()).isEqualTo(51 + 1);
    for (Tree.Entry entry : cache.loadTree(v2).entries()) {
      assertThat(remote.has(key(entry.oid()))).as(entry.relpath()).isTrue();
    }
  }
}
