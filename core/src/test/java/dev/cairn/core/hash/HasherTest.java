package dev.cairn.core.hash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Directory vectors of specs/dvc-format.md §8, built on disk and hashed. */
class HasherTest {
  @TempDir Path tmp;

  private static final Hasher HASHER = Hasher.builder().threads(4).build();

  private Path tree(String name, Map<String, String> files) throws IOException {
    Path root = tmp.resolve(name);
    Files.createDirectories(root);
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = root.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue(), UTF_8);
    }
    return root;
  }

  private HashResult.DirHash hashDir(Path root) {
    HashResult result = HASHER.hash(root);
    assertThat(result).isInstanceOf(HashResult.DirHash.class);
    return (HashResult.DirHash) result;
  }

  private String dirOid(String name, Map<String, String> files) throws IOException {
    return hashDir(tree(name, files)).oid().value();
  }

  @Test
  void hash_d1_fooBar() throws IOException {
    HashResult.DirHash d1 = hashDir(tree("d1", Map.of("foo", "foo", "bar", "bar")));
    assertThat(d1.oid().value()).isEqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir");
    assertThat(d1.size()).isEqualTo(6);
    assertThat(d1.nfiles()).isEqualTo(2);
    assertThat(d1.tree().entries())
        .extracting(e -> e.oid().value())
        .containsExactly("37b51d194a7513e45b56f6524f2d51f2", "acbd18db4cc2f85cedef654fccc4a4d8");
  }

  @Test
  void hash_upstreamDirectoryVectors() throws IOException {
    assertThat(dirOid("d2", Map.of("bar", "bar\n", "baz", "baz\n")))
        .isEqualTo("1f69c66028c35037e8bf67e5bc4ceb6a.dir");
    assertThat(dirOid("d3", Map.of("1", "1", "2", "2")))
        .isEqualTo("5fb6b29836c388e093ca0715c872fe2a.dir");
    assertThat(dirOid("d6", Map.of("master", "master", "one", "one", "two", "two")))
        .isEqualTo("839ef9371606817569c1ee0e5f4ed233.dir");
    assertThat(dirOid("d7", Map.of("foo", "foo", "bar", "bar", "subdir/data", "data")))
        .isEqualTo("8761c4e9acad696bee718615e23e22db.dir");
    assertThat(dirOid("d10", Map.of(".gitignore", "/foo\n", "foo", "foo", "bar", "bar")))
        .isEqualTo("e1d9e8eae5374860ae025ec84cfd85c7.dir");
    assertThat(dirOid("d11", Map.of(".gitignore", "/foo\r\n", "foo", "foo", "bar", "bar")))
        .isEqualTo("0d2086760aea091f1504eafc8843bb18.dir");
    assertThat(dirOid("d12", Map.of("foo", "foo", "bar", "bar", "nested/file", "file")))
        .isEqualTo("5fc28ea78987408341668eba6525ebd1.dir");
    assertThat(dirOid("d13", Map.of("foo", "foo", "bar", "bar", "sub_dir/baz", "sub_dir/baz")))
        .isEqualTo("55d05978954d1b2cd7b06aedda9b9e43.dir");
    assertThat(
            dirOid(
                "d15",
                Map.of(
                    "foo", "foo", "bar", "bar", "subdir/lorem", "lorem", "subdir/ipsum", "ipsum")))
        .isEqualTo("15b0e3c73ad2c748ce206988cb6b7319.dir");
  }

  @Test
  void hash_d23_sizeAndCount() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("foo", "foo");
    for (int i = 0; i < 10; i++) {
      files.put("subdir/" + i + ".txt", "dir1 " + i);
      files.put("subdir2/" + i + ".txt", "dir2 " + i);
    }
    HashResult.DirHash d23 = hashDir(tree("d23", files));
    assertThat(d23.oid().value()).isEqualTo("9899dc38082ee0ec33de077df62a4a12.dir");
    assertThat(d23.size()).isEqualTo(123);
    assertThat(d23.nfiles()).isEqualTo(21);
  }

  @Test
  void hash_emptyDirAndEmptySubdirs_areNotRepresented() throws IOException {
    Path empty = tmp.resolve("empty");
    Files.createDirectories(empty.resolve("a/b/c"));
    HashResult.DirHash result = hashDir(empty);
    assertThat(result.oid().value()).isEqualTo("d751713988987e9331980363e24189ce.dir");
    assertThat(result.size()).isZero();
    assertThat(result.nfiles()).isZero();

    Path withEmpty = tree("d1e", Map.of("foo", "foo", "bar", "bar"));
    Files.createDirectories(withEmpty.resolve("nothing/here"));
    assertThat(hashDir(withEmpty).oid().value()).isEqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir");
  }

  @Test
  void hash_emptyFile_isIncluded() throws IOException {
    HashResult.DirHash result = hashDir(tree("ef", Map.of("empty", "")));
    assertThat(result.tree().entries())
        .containsExactly(new Tree.Entry("empty", Oid.ofFile("d41d8cd98f00b204e9800998ecf8427e")));
  }

  @Test
  void hash_derivedVectors_nonAsciiAstralOrderingCrlfOddNames() throws IOException {
    assertThat(dirOid("na", Map.of("caf\u00e9/\u00fcber.txt", "foo", "\u65e5\u672c", "bar")))
        .isEqualTo("9f54e824c6e8be65d1716d8a13b5863c.dir");
    assertThat(dirOid("astral", Map.of("\uD83D\uDE00", "foo", "\uFF5E", "bar")))
        .isEqualTo("96aff28bae393e071494fffadfea9872.dir");
    assertThat(dirOid("ab", Map.of("a-b", "foo", "a/b", "bar")))
        .isEqualTo("8c36bdfca901e1c1a58ade92d3d6225a.dir");
    assertThat(dirOid("crlf", Map.of("crlf.txt", "a\r\nb\r\nc")))
        .isEqualTo("8b18185666193515dc49eb32eba041c2.dir");
    Map<String, String> odd = new LinkedHashMap<>();
    odd.put("sp ace", "foo");
    odd.put("q\"uote", "bar");
    odd.put("back\\slash", "foo");
    odd.put("#hash", "bar");
    odd.put("Upper", "foo");
    odd.put("lower", "bar");
    assertThat(dirOid("odd", odd)).isEqualTo("22a268e147539f95cb15205fc3de10f0.dir");
  }

  @Test
  void hash_file_givesOidSizeAndExecutableBit() throws IOException {
    Path file = tmp.resolve("run.sh");
    Files.writeString(file, "foo");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    HashResult.FileHash plain = (HashResult.FileHash) HASHER.hash(file);
    assertThat(plain.oid().value()).isEqualTo("acbd18db4cc2f85cedef654fccc4a4d8");
    assertThat(plain.size()).isEqualTo(3);
    assertThat(plain.executable()).isFalse();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(((HashResult.FileHash) HASHER.hash(file)).executable()).isTrue();
  }

  @Test
  void hash_pathOf_mapsEntriesBackToFiles() throws IOException {
    Path root = tree("map", Map.of("foo", "foo", "nested/deeper/file", "file"));
    HashResult.DirHash result = hashDir(root);
    for (Tree.Entry entry : result.tree().entries()) {
      Path file = result.pathOf(entry);
      assertThat(file).startsWith(root).isRegularFile();
      assertThat(Md5.ofFile(file)).isEqualTo(entry.oid());
    }
  }

  @Test
  void hash_defaultIgnores_gitHgDvc() throws IOException {
    Path root = tree("ign", Map.of("foo", "foo", "bar", "bar"));
    Files.createDirectories(root.resolve(".git/objects"));
    Files.writeString(root.resolve(".git/objects/x"), "x");
    Files.writeString(root.resolve("sub/.git"), "gitdir: elsewhere", UTF_8, createParents(root));
    Files.createDirectories(root.resolve(".hg"));
    Files.writeString(root.resolve(".hg/x"), "x");
    Files.createDirectories(root.resolve("deep/.dvc"));
    Files.writeString(root.resolve("deep/.dvc/config"), "x");
    assertThat(hashDir(root).oid().value()).isEqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir");

    // a file named .hg or .dvc is kept (only directories of those names are ignored)
    Files.writeString(root.resolve(".dvc2"), "x");
    Files.writeString(root.resolve("deep/.hg"), "x");
    assertThat(hashDir(root).tree().entries())
        .extracting(Tree.Entry::relpath)
        .containsExactly(".dvc2", "bar", "deep/.hg", "foo");
  }

  private static java.nio.file.OpenOption[] createParents(Path root) throws IOException {
    Files.createDirectories(root.resolve("sub"));
    return new java.nio.file.OpenOption[0];
  }

  @Test
  void hash_dvcignoreAboveTrackedDir_isApplied() throws IOException {
    Path repo = tmp.resolve("repo");
    Path data =
        tree("repo/data", Map.of("foo", "foo", "bar", "bar", "x.tmp", "t", "sub/y.tmp", "t"));
    Files.writeString(data.resolve("logs/a.log"), "l", UTF_8, mkdirs(data.resolve("logs")));
    Files.writeString(data.resolve("keep.tmp"), "k");
    Files.writeString(repo.resolve(".dvcignore"), "# comment\n*.tmp\n!keep.tmp\ndata/logs/\n");
    HashResult.DirHash result = (HashResult.DirHash) HASHER.hash(data, repo);
    assertThat(result.tree().entries())
        .extracting(Tree.Entry::relpath)
        .containsExactly("bar", "foo", "keep.tmp");
    // without the repo root, only the defaults apply
    assertThat(hashDir(data).nfiles()).isEqualTo(6);
  }

  @Test
  void hash_dvcignoreInIntermediateDir_isRelativeToItsDirectory() throws IOException {
    Path repo = tmp.resolve("repo2");
    Path data = tree("repo2/a/data", Map.of("foo", "foo", "bar", "bar", "sub/skip", "s"));
    Files.writeString(repo.resolve("a/.dvcignore"), "/data/sub/skip\n");
    Files.writeString(repo.resolve(".dvcignore"), "/sub/\n"); // anchored at repo root: no match
    HashResult.DirHash result = (HashResult.DirHash) HASHER.hash(data, repo);
    assertThat(result.oid().value()).isEqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir");
  }

  private static java.nio.file.OpenOption[] mkdirs(Path dir) throws IOException {
    Files.createDirectories(dir);
    return new java.nio.file.OpenOption[0];
  }

  @Test
  void hash_dvcignoreInsideTrackedDir_isInvalidInput() throws IOException {
    Path data = tree("withignore", Map.of("foo", "foo", "sub/.dvcignore", "*.x\n"));
    assertThatThrownBy(() -> HASHER.hash(data))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(".dvcignore file should not be in collected dir path")
        .hasMessageContaining(data.resolve("sub").toString());
  }

  @Test
  void hash_symlinks_fileByContent_directoryNotFollowed() throws IOException {
    Path outside = tree("outside", Map.of("inner", "data"));
    Path root = tree("links", Map.of("foo", "foo", "bar", "bar"));
    Files.createSymbolicLink(root.resolve("linkdir"), outside);
    Files.createSymbolicLink(root.resolve("linkfile"), outside.resolve("inner"));
    HashResult.DirHash result = hashDir(root);
    assertThat(result.tree().entries())
        .containsExactly(
            new Tree.Entry("bar", Oid.ofFile("37b51d194a7513e45b56f6524f2d51f2")),
            new Tree.Entry("foo", Oid.ofFile("acbd18db4cc2f85cedef654fccc4a4d8")),
            new Tree.Entry("linkfile", Oid.ofFile("8d777f385d3dfec8815d20f7496026dc")));
    assertThat(result.size()).isEqualTo(10);
  }

  @Test
  void hash_notFollowingExternalLinks_refusesALinkLeavingTheDirectory_keepsOneInside()
      throws IOException {
    Path outside = tree("secret", Map.of("token", "s3cret"));
    Path root = tree("dataset", Map.of("a.csv", "a", "sub/b.csv", "b"));
    Files.createSymbolicLink(root.resolve("inside"), root.resolve("sub/b.csv"));
    Hasher strict = Hasher.builder().threads(2).followExternalLinks(false).build();

    assertThat(((HashResult.DirHash) strict.hash(root)).tree().entries()).hasSize(3);

    Files.createSymbolicLink(root.resolve("leak"), outside.resolve("token"));
    assertThatThrownBy(() -> strict.hash(root))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(root.resolve("leak") + ": a symbolic link to ")
        .hasMessageContaining("outside the dataset")
        .hasMessageContaining("--follow-external-links");
    assertThat(((HashResult.DirHash) HASHER.hash(root)).tree().entries()).hasSize(4);
  }

  @Test
  void hash_brokenSymlink_isInvalidInputNamingIt() throws IOException {
    Path root = tree("broken", Map.of("foo", "foo"));
    Files.createSymbolicLink(root.resolve("dangling"), root.resolve("nowhere"));
    assertThatThrownBy(() -> HASHER.hash(root))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("dangling")
        .hasMessageContaining("broken symlink");
  }

  @Test
  void hash_missingPath_isInvalidInput() {
    Path missing = tmp.resolve("missing");
    assertThatThrownBy(() -> HASHER.hash(missing))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot hash " + missing + ": no such file or directory (check the path)");
  }

  @Test
  void hash_unreadableFile_isConfigurationErrorNamingIt() throws IOException {
    Assumptions.assumeFalse(
        "root".equals(System.getProperty("user.name")), "root reads files without permission");
    Path root = tree("unreadable", Map.of("secret", "s"));
    Files.setPosixFilePermissions(
        root.resolve("secret"), PosixFilePermissions.fromString("---------"));
    assertThatThrownBy(() -> HASHER.hash(root))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("secret");
  }

  @Test
  void hash_parallelEqualsSequential_andReportsProgress() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    for (int i = 0; i < 700; i++) {
      files.put("d" + (i % 7) + "/e" + (i % 3) + "/f" + i, "content " + i);
    }
    Path root = tree("many", files);
    AtomicLong seenFiles = new AtomicLong();
    AtomicLong seenBytes = new AtomicLong();
    Progress progress =
        (f, b) -> {
          seenFiles.addAndGet(f);
          seenBytes.addAndGet(b);
        };
    HashResult parallel = Hasher.builder().threads(8).progress(progress).build().hash(root);
    HashResult sequential = Hasher.builder().threads(1).build().hash(root);
    assertThat(parallel).isEqualTo(sequential);
    assertThat(((HashResult.DirHash) parallel).nfiles()).isEqualTo(700);
    assertThat(seenFiles.get()).isEqualTo(700);
    assertThat(seenBytes.get()).isEqualTo(parallel.size());
    List<Tree.Entry> entries = ((HashResult.DirHash) parallel).tree().entries();
    assertThat(entries.get(0).relpath()).isEqualTo("d0/e0/f0");
  }

  @Test
  void hash_legacyMode_usesDos2UnixForFiles() throws IOException {
    Path root = tree("legacy", Map.of("crlf", "a\r\nb\r\nc"));
    HashResult.DirHash legacy =
        (HashResult.DirHash) Hasher.builder().legacyDos2Unix(true).build().hash(root);
    assertThat(legacy.tree().entries().get(0).oid().value())
        .isEqualTo("c32b2057b9bd62caa835386346177935");
  }

  @Test
  void hash_stateCache_skipsUnchangedAndRehashesChanged() throws IOException {
    Path root = tree("state", Map.of("foo", "foo", "bar", "bar"));
    try (StateCache state = StateCache.inMemory()) {
      Hasher hasher = Hasher.builder().stateCache(state).build();
      assertThat(hasher.hash(root).oid().value()).isEqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir");
      assertThat(state.size()).isEqualTo(2);
      // poison the cache for foo's current version: a hit must return the cached value unread
      Path foo = root.resolve("foo").toAbsolutePath();
      StateCache.Key key = HasherTestSupport.keyOf(foo);
      Oid poisoned = Oid.ofFile("00000000000000000000000000000000");
      state.put(key, poisoned);
      assertThat(((HashResult.DirHash) hasher.hash(root)).tree().entries())
          .contains(new Tree.Entry("foo", poisoned));
      // a changed mtime makes it a miss again
      Files.setLastModifiedTime(
          foo, java.nio.file.attribute.FileTime.fromMillis(1_000_000_000_000L));
      assertThat(hasher.hash(root).oid().value()).isEqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir");
    }
  }

  @Test
  void hash_persistentState_unchangedStatIsNotReread_changedInodeIs() throws IOException {
    Path root = tree("persist", Map.of("foo", "foo", "bar", "bar"));
    Path foo = root.resolve("foo");
    Path stateDir = tmp.resolve("state");
    try (StateCache state = StateCache.open(stateDir)) {
      Hasher.builder().stateCache(state).build().hash(root);
    }
    // same inode, same size, same mtime, different bytes: only a state hit keeps the old hash
    java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(foo);
    Files.writeString(foo, "FOO");
    Files.setLastModifiedTime(foo, mtime);
    try (StateCache state = StateCache.open(stateDir)) {
      assertThat(Hasher.builder().stateCache(state).build().hash(root).oid().value())
          .isEqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir");
    }
    String fresh = HASHER.hash(root).oid().value();
    assertThat(fresh).isNotEqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir");
    // a new inode (file replaced) with the same size and mtime is re-read
    Path copy = tmp.resolve("foo-copy");
    Files.copy(foo, copy);
    Files.delete(foo);
    Files.move(copy, foo);
    Files.setLastModifiedTime(foo, mtime);
    try (StateCache state = StateCache.open(stateDir)) {
      assertThat(Hasher.builder().stateCache(state).build().hash(root).oid().value())
          .isEqualTo(fresh);
    }
  }

  @Test
  void hash_hugeFlatDirectory_hashesWhileListing_sameAsSequential() throws IOException {
    Path root = tmp.resolve("flat");
    Files.createDirectories(root);
    long bytes = 0;
    for (int i = 0; i < 3000; i++) {
      String content = "row " + i;
      Files.writeString(root.resolve("f" + i), content);
      bytes += content.length();
    }
    HashResult.DirHash two = (HashResult.DirHash) Hasher.builder().threads(2).build().hash(root);
    HashResult.DirHash one = (HashResult.DirHash) Hasher.builder().threads(1).build().hash(root);
    assertThat(two).isEqualTo(one);
    assertThat(two.nfiles()).isEqualTo(3000);
    assertThat(two.size()).isEqualTo(bytes);
    assertThat(two.tree().entries().get(0))
        .isEqualTo(new Tree.Entry("f0", Md5.ofFile(root.resolve("f0"))));
  }
}
