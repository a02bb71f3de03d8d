package dev.cairn.core.odb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckoutTest {
  @TempDir Path tmp;
  private Cache cache;
  private Path ws;
  private final AtomicInteger hashed = new AtomicInteger();

  @BeforeEach
  void setUp() {
    cache = Cache.at(tmp.resolve("cache"));
    ws = tmp.resolve("ws/data");
  }

  private WorkspaceHasher countingHasher(Cache c) {
    WorkspaceHasher plain = c.hasher();
    return file -> {
      hashed.incrementAndGet();
      return plain.hash(file);
    };
  }

  private Checkout checkout() {
    return new Checkout(cache, countingHasher(cache));
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

  private Oid store(String content) {
    Oid oid = md5(content);
    cache.install(oid, new ByteArrayInputStream(content.getBytes(UTF_8)), "test");
    return oid;
  }

  /** A directory version with these relpath → content files, stored in the cache. */
  private Oid version(Map<String, String> files) {
    List<Tree.Entry> entries = new ArrayList<>();
    files.forEach((path, content) -> entries.add(new Tree.Entry(path, store(content))));
    return cache.addTree(Tree.of(entries));
  }

  /** relpath → content of every file below {@code dir}, plus "<dir>/" for every directory. */
  private static Map<String, String> snapshot(Path dir) throws IOException {
    Map<String, String> result = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.toList()) {
        String rel = dir.relativize(path).toString();
        result.put(
            Files.isDirectory(path) ? rel + "/" : rel,
            Files.isDirectory(path) ? "" : Files.readString(path));
      }
    }
    return result;
  }

  private void writeWs(String rel, String content) throws IOException {
    Path file = ws.resolve(rel);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  @Test
  void checkout_tree_intoEmptyWorkspace_addsEveryFile() throws IOException {
    Oid v1 = version(Map.of("foo", "foo", "sub/bar", "bar", "sub/deep/baz", "baz"));

    CheckoutResult result = checkout().checkout(v1, ws, CheckoutOptions.DEFAULT);

    assertThat(result).isEqualTo(new CheckoutResult(3, 0, 0, 0));
    assertThat(ws.resolve("foo")).hasContent("foo");
    assertThat(ws.resolve("sub/deep/baz")).hasContent("baz");
    assertThat(Files.getPosixFilePermissions(ws.resolve("foo")))
        .contains(PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void checkout_again_leavesUnchangedFilesAlone() throws IOException {
    Oid v1 = version(Map.of("foo", "foo", "sub/bar", "bar"));
    checkout().checkout(v1, ws, CheckoutOptions.DEFAULT);
    FileTime old = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(ws.resolve("foo"), old);

    CheckoutResult result = checkout().checkout(v1, ws, CheckoutOptions.DEFAULT);

    assertThat(result).isEqualTo(new CheckoutResult(0, 0, 0, 2));
    assertThat(result.isNoOp()).isTrue();
    assertThat(Files.getLastModifiedTime(ws.resolve("foo"))).isEqualTo(old);
  }

  @Test
  void checkout_hardlinks_areReadOnlyAndRecognisedWithoutHashing() throws IOException {
    cache = Cache.at(tmp.resolve("cache"), List.of(LinkType.HARDLINK, LinkType.COPY));
    Oid v1 = version(Map.of("foo", "foo", "bar", "bar"));
    checkout().checkout(v1, ws, CheckoutOptions.DEFAULT);
    hashed.set(0);

    CheckoutResult again = checkout().checkout(v1, ws, CheckoutOptions.DEFAULT);

    assertThat(again.unchanged()).isEqualTo(2);
    assertThat(hashed).hasValue(0);
    assertThat(Files.getPosixFilePermissions(ws.resolve("foo")))
        .doesNotContain(
            PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);
    assertThat(Files.isSameFile(ws.resolve("foo"), cache.path(md5("foo")))).isTrue();
  }

  @Test
  void checkout_symlinks_pointIntoTheCache() throws IOException {
    cache = Cache.at(tmp.resolve("cache"), List.of(LinkType.SYMLINK));
    Oid v1 = version(Map.of("foo", "foo"));

    checkout().checkout(v1, ws, CheckoutOptions.DEFAULT);

    assertThat(Files.readSymbolicLink(ws.resolve("foo"))).isEqualTo(cache.path(md5("foo")));
    assertThat(checkout().checkout(v1, ws, CheckoutOptions.DEFAULT).unchanged()).isEqualTo(1);
  }

  @Test
  void checkout_otherVersion_replacesChangedAndDeletesCachedExtras() throws IOException {
    Oid v1 = version(Map.of("foo", "foo", "old/x", "x", "keep", "keep"));
    Oid v2 = version(Map.of("foo", "foo2", "keep", "keep", "new", "new"));
    checkout().checkout(v1, ws, CheckoutOptions.DEFAULT);

    CheckoutResult result = checkout().checkout(v2, ws, CheckoutOptions.DEFAULT);

    assertThat(result).isEqualTo(new CheckoutResult(1, 1, 1, 1));
    assertThat(snapshot(ws))
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of("/", "", "foo", "foo2", "keep", "keep", "new", "new")));
  }

  @Test
  void checkout_unsavedFiles_refusesAndChangesNothing() throws IOException {
    Oid v1 = version(Map.of("foo", "foo", "bar", "bar"));
    checkout().checkout(v1, ws, CheckoutOptions.DEFAULT);
    writeWs("foo", "edited, not in the cache");
    writeWs("untracked/notes.txt", "precious");
    Map<String, String> before = snapshot(ws);
    Oid v2 = version(Map.of("bar", "bar2"));

    assertThatThrownBy(() -> checkout().checkout(v2, ws, CheckoutOptions.DEFAULT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot checkout " + ws + ": 2 files are not in the cache")
        .hasMessageContaining("foo")
        .hasMessageContaining("notes.txt")
        .hasMessageContaining("or use --force");

    assertThat(snapshot(ws)).isEqualTo(before);
  }

  @Test
  void checkout_manyUnsavedFiles_listsFiveAndCountsTheRest() throws IOException {
    Oid v1 = version(Map.of("foo", "foo"));
    for (int i = 0; i < 7; i++) {
      writeWs("extra" + i, "unsaved " + i);
    }

    assertThatThrownBy(() -> checkout().checkout(v1, ws, CheckoutOptions.DEFAULT))
        .hasMessageContaining("7 files are not in the cache")
        .hasMessageContaining("and 2 more");
  }

  @Test
  void checkout_force_deletesUnsavedFilesAndEmptiedDirectories() throws IOException {
    Oid v1 = version(Map.of("foo", "foo"));
    writeWs("foo", "edited");
    writeWs("a/b/c/untracked", "junk");
    Files.createDirectories(ws.resolve("untouched-empty"));

    CheckoutResult result = checkout().checkout(v1, ws, CheckoutOptions.DEFAULT.withForce(true));

    assertThat(result).isEqualTo(new CheckoutResult(0, 1, 1, 0));
    assertThat(snapshot(ws))
        .containsExactlyEntriesOf(
            new TreeMap<>(Map.of("/", "", "foo", "foo", "untouched-empty/", "")));
  }

  @Test
  void checkout_missingObjects_throwsNotInCacheAndChangesNothing() throws IOException {
    Oid present = store("foo");
    Oid absent = md5("never stored");
    Oid v1 =
        cache.addTree(
            Tree.of(List.of(new Tree.Entry("foo", present), new Tree.Entry("gone", absent))));
    writeWs("other", "x");

    assertThatThrownBy(() -> checkout().checkout(v1, ws, CheckoutOptions.DEFAULT))
        .isInstanceOf(NotInCacheException.class)
        .hasMessageContaining(absent.value())
        .hasMessageContaining("cairn pull")
        .satisfies(e -> assertThat(((NotInCacheException) e).missing()).containsExactly(absent));
    assertThat(snapshot(ws)).containsOnlyKeys("/", "other");
  }

  @Test
  void checkout_file_appliesTheExecutableBit() throws IOException {
    Oid script = store("#!/bin/sh\n");
    Path target = tmp.resolve("ws/run.sh");

    CheckoutResult result =
        checkout().checkout(script, target, CheckoutOptions.DEFAULT.withExec(true));

    assertThat(result).isEqualTo(new CheckoutResult(1, 0, 0, 0));
    assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Cache.isProtected(cache.path(script))).isTrue();
  }

  @Test
  void checkout_file_unchangedButNotExecutable_getsTheBit() throws IOException {
    Oid script = store("#!/bin/sh\n");
    Path target = tmp.resolve("ws/run.sh");
    checkout().checkout(script, target, CheckoutOptions.DEFAULT);

    CheckoutResult result =
        checkout().checkout(script, target, CheckoutOptions.DEFAULT.withExec(true));

    assertThat(result.unchanged()).isEqualTo(1);
    assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OWNER_EXECUTE);
  }

  @Test
  void checkout_file_overADirectoryOfCachedFiles_replacesIt() throws IOException {
    Oid v1 = version(Map.of("a", "a", "b/c", "c"));
    checkout().checkout(v1, ws, CheckoutOptions.DEFAULT);
    Oid file = store("now a file");

    CheckoutResult result = checkout().checkout(file, ws, CheckoutOptions.DEFAULT);

    assertThat(result).isEqualTo(new CheckoutResult(1, 0, 2, 0));
    assertThat(ws).isRegularFile().hasContent("now a file");
  }

  @Test
  void checkout_tree_overAnUnsavedFile_refuses() throws IOException {
    Files.createDirectories(ws.getParent());
    Files.writeString(ws, "unsaved");
    Oid v1 = version(Map.of("a", "a"));

    assertThatThrownBy(() -> checkout().checkout(v1, ws, CheckoutOptions.DEFAULT))
        .isInstanceOf(InvalidInputException.class);
    assertThat(ws).hasContent("unsaved");

    checkout().checkout(v1, ws, CheckoutOptions.DEFAULT.withForce(true));
    assertThat(ws.resolve("a")).hasContent("a");
  }

  @Test
  void checkout_emptyTree_createsTheDirectory() {
    Oid empty = cache.addTree(Tree.of(List.of()));

    CheckoutResult result = checkout().checkout(empty, ws, CheckoutOptions.DEFAULT);

    assertThat(result).isEqualTo(new CheckoutResult(0, 0, 0, 0));
    assertThat(ws).isEmptyDirectory();
  }

  @Test
  void checkout_file_hardlinkedThenExecutable_becomesAnExecutableCopy() throws IOException {
    cache = Cache.at(tmp.resolve("cache"), List.of(LinkType.HARDLINK));
    Oid script = store("#!/bin/sh\n");
    Path target = tmp.resolve("ws/run.sh");
    checkout().checkout(script, target, CheckoutOptions.DEFAULT);
    assertThat(Files.isSameFile(target, cache.path(script))).isTrue();

    checkout().checkout(script, target, CheckoutOptions.DEFAULT.withExec(true));

    assertThat(Files.isSameFile(target, cache.path(script))).isFalse();
    assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Cache.isProtected(cache.path(script))).isTrue();
  }

  @Test
  void checkout_manyFilesInParallel_matchesSequential() throws IOException {
    Map<String, String> files = new TreeMap<>();
    for (int i = 0; i < 200; i++) {
      files.put("d" + (i % 7) + "/f" + i, "content " + i);
    }
    Oid v1 = version(files);
    Path sequential = tmp.resolve("ws/seq");

    CheckoutResult parallel = checkout().checkout(v1, ws, CheckoutOptions.DEFAULT.withJobs(8));
    checkout().checkout(v1, sequential, CheckoutOptions.DEFAULT.withJobs(1));

    assertThat(parallel.added()).isEqualTo(200);
    assertThat(snapshot(ws)).isEqualTo(snapshot(sequential));
    assertThat(checkout().checkout(v1, ws, CheckoutOptions.DEFAULT.withJobs(8)).unchanged())
        .isEqualTo(200);
  }

  @Test
  void checkout_aLinkedDirectoryInsideTheOutput_isRefusedAndNothingIsWrittenThroughIt()
      throws Exception {
    Oid v = version(Map.of("sub/x.csv", "x\n", "a.csv", "a\n"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createDirectories(ws);
    Files.createSymbolicLink(ws.resolve("sub"), outside);

    assertThatThrownBy(() -> checkout().checkout(v, ws, CheckoutOptions.DEFAULT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(ws.resolve("sub") + " is a symbolic link (to " + outside + ")");
    assertThat(outside).isEmptyDirectory();
    assertThat(ws.resolve("a.csv")).doesNotExist();
  }

  @Test
  void checkout_aDirectoryVersionOntoALink_isRefused() throws Exception {
    Oid v = version(Map.of("x.csv", "x\n"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.createDirectories(ws.getParent());
    Files.createSymbolicLink(ws, outside);

    assertThatThrownBy(() -> checkout().checkout(v, ws, CheckoutOptions.DEFAULT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("is a symbolic link");
    assertThat(outside).isEmptyDirectory();
  }
}
