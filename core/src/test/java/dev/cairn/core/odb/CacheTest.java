package dev.cairn.core.odb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.core.CairnException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.IntegrityException;
import dev.cairn.core.hash.Md5Digest;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheTest {
  static final Oid FOO = Oid.ofFile("acbd18db4cc2f85cedef654fccc4a4d8");
  static final Oid BAR = Oid.ofFile("37b51d194a7513e45b56f6524f2d51f2");

  @TempDir Path tmp;

  private Path write(String name, String content) throws IOException {
    Path file = tmp.resolve("ws").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, UTF_8);
    return file;
  }

  /** Every regular file below the cache directory, relative to it. */
  static List<String> filesUnder(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths
          .filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  void add_copy_storesReadOnlyObjectAtDvc3ShardedPath() throws IOException {
    Cache cache = Cache.at(tmp.resolve("cache"));
    Path foo = write("foo", "foo");

    assertThat(cache.add(foo, FOO)).isTrue();

    Path object = tmp.resolve("cache/files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8");
    assertThat(cache.path(FOO)).isEqualTo(object);
    assertThat(object).hasContent("foo");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(object)))
        .isEqualTo("r--r--r--");
    assertThat(Files.isSameFile(foo, object)).isFalse();
    assertThat(filesUnder(tmp.resolve("cache")))
        .containsExactly("files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8");
  }

  @Test
  void add_shardRemovedBetweenAdds_isCreatedAgain() throws IOException {
    Cache cache = Cache.at(tmp.resolve("cache"));
    assertThat(cache.add(write("foo", "foo"), FOO)).isTrue();
    Path shard = cache.path(FOO).getParent();
    Files.delete(cache.path(FOO));
    Files.delete(shard); // as a concurrent gc might

    assertThat(cache.add(write("foo2", "foo"), FOO)).isTrue();

    assertThat(cache.path(FOO)).hasContent("foo");
    assertThat(Cache.isProtected(cache.path(FOO))).isTrue();
    assertThat(filesUnder(tmp.resolve("cache")))
        .containsExactly("files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8");
  }

  @Test
  void add_existingObject_isSuccessWithoutRewriting() throws IOException {
    Cache cache = Cache.at(tmp.resolve("cache"));
    cache.add(write("foo", "foo"), FOO);
    long modified = Files.getLastModifiedTime(cache.path(FOO)).toMillis();

    assertThat(cache.add(write("again", "foo"), FOO)).isFalse();
    assertThat(Files.getLastModifiedTime(cache.path(FOO)).toMillis()).isEqualTo(modified);
  }

  @Test
  void add_legacy_usesRootLayout() throws IOException {
    Cache cache = Cache.at(tmp.resolve("cache")).legacy();

    cache.add(write("foo", "foo"), FOO);

    assertThat(tmp.resolve("cache/ac/bd18db4cc2f85cedef654fccc4a4d8")).hasContent("foo");
    assertThat(cache.isLegacy()).isTrue();
    assertThat(cache.dvc3().contains(FOO)).isFalse();
  }

  @Test
  void add_contentDoesNotMatchId_throwsAndLeavesNothing() throws IOException {
    Cache cache = Cache.at(tmp.resolve("cache"));

    assertThatThrownBy(() -> cache.add(write("foo", "changed"), FOO))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("changed while it was being added");
    assertThat(cache.contains(FOO)).isFalse();
    assertThat(filesUnder(tmp.resolve("cache"))).isEmpty();
  }

  @Test
  void add_hardlinkFirst_fillsCacheByLinkingTheWorkspaceFile() throws IOException {
    Cache cache = Cache.at(tmp.resolve("cache"), List.of(LinkType.HARDLINK, LinkType.COPY));
    Path foo = write("foo", "foo");

    cache.add(foo, FOO);

    assertThat(Files.isSameFile(foo, cache.path(FOO))).isTrue();
    assertThat(Cache.isProtected(foo)).isTrue();
  }

  @Test
  void addTree_loadTree_roundTripsTheDvcListing() {
    Cache cache = Cache.at(tmp.resolve("cache"));
    Tree tree = Tree.of(List.of(new Tree.Entry("foo", FOO), new Tree.Entry("bar", BAR)));

    Oid oid = cache.addTree(tree);

    assertThat(oid.value()).isEqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir");
    assertThat(tmp.resolve("cache/files/md5/5e/a40360f5b4ec688df672a4db9c17d1.dir")).exists();
    assertThat(cache.loadTree(oid)).isEqualTo(tree);
  }

  @Test
  void loadTree_absent_throwsNotInCacheNamingPull() {
    Cache cache = Cache.at(tmp.resolve("cache"));
    Oid dir = Oid.ofDir("5ea40360f5b4ec688df672a4db9c17d1");

    assertThatThrownBy(() -> cache.loadTree(dir))
        .isInstanceOf(NotInCacheException.class)
        .hasMessageContaining(dir.value())
        .hasMessageContaining("cairn pull");
  }

  @Test
  void checkAndVerify_corruptObject_trustingCheckPassesFullVerifyFails() throws IOException {
    Cache cache = Cache.at(tmp.resolve("cache"));
    cache.add(write("foo", "foo"), FOO);
    corrupt(cache.path(FOO), "FOO");
    Files.setPosixFilePermissions(cache.path(FOO), PosixFilePermissions.fromString("r--r--r--"));

    cache.check(FOO); // DVC trusts a 0444 object without reading it

    assertThatThrownBy(() -> cache.verify(FOO))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining(FOO.value())
        .hasMessageContaining("delete it and fetch it again");
  }

  @Test
  void check_unprotectedCorruptObject_isRehashedAndRejected() throws IOException {
    Cache cache = Cache.at(tmp.resolve("cache"));
    cache.add(write("foo", "foo"), FOO);
    corrupt(cache.path(FOO), "FOO");

    assertThatThrownBy(() -> cache.check(FOO))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining(FOO.value());
  }

  @Test
  void check_unprotectedGoodObject_isProtectedAgain() throws IOException {
    Cache cache = Cache.at(tmp.resolve("cache"));
    cache.add(write("foo", "foo"), FOO);
    Files.setPosixFilePermissions(cache.path(FOO), PosixFilePermissions.fromString("rw-r--r--"));

    cache.check(FOO);

    assertThat(Cache.isProtected(cache.path(FOO))).isTrue();
  }

  @Test
  void install_wrongBytes_throwsNamingSourceAndLeavesNoFile() throws IOException {
    Cache cache = Cache.at(tmp.resolve("cache"));

    assertThatThrownBy(
            () -> cache.install(FOO, new ByteArrayInputStream("bar".getBytes(UTF_8)), "k on r"))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("k on r")
        .hasMessageContaining(BAR.value());
    assertThat(cache.contains(FOO)).isFalse();
    assertThat(filesUnder(tmp.resolve("cache"))).isEmpty();
  }

  @Test
  void install_rightBytes_storesProtectedObject() {
    Cache cache = Cache.at(tmp.resolve("cache"));

    long bytes = cache.install(FOO, new ByteArrayInputStream("foo".getBytes(UTF_8)), "k");

    assertThat(bytes).isEqualTo(3);
    assertThat(cache.path(FOO)).hasContent("foo");
    assertThat(Cache.isProtected(cache.path(FOO))).isTrue();
    assertThat(cache.install(FOO, new ByteArrayInputStream(new byte[0]), "k")).isEqualTo(-1);
  }

  @Test
  void installFile_verifiesAndAlwaysConsumesTheTemp() throws IOException {
    Cache cache = Cache.at(tmp.resolve("cache"));
    Path bad = cache.newTempFile();
    Files.writeString(bad, "bar");
    assertThatThrownBy(() -> cache.installFile(bad, FOO)).isInstanceOf(IntegrityException.class);
    assertThat(bad).doesNotExist();
    assertThat(cache.contains(FOO)).isFalse();

    Path good = cache.newTempFile();
    Files.writeString(good, "foo");
    assertThat(cache.installFile(good, FOO)).isTrue();
    assertThat(good).doesNotExist();
    assertThat(cache.path(FOO)).hasContent("foo");
  }

  @Test
  void legacyStore_namesTextByMd5Dos2unix() {
    // md5-dos2unix("a\r\nb\r\nc") == md5("a\nb\nc"), asserted upstream (specs/dvc-format.md §1)
    Oid legacyId = Oid.ofFile("c32b2057b9bd62caa835386346177935");
    byte[] crlf = "a\r\nb\r\nc".getBytes(UTF_8);
    Cache cache = Cache.at(tmp.resolve("cache"));

    assertThatThrownBy(() -> cache.install(legacyId, new ByteArrayInputStream(crlf), "k"))
        .isInstanceOf(IntegrityException.class);
    cache.legacy().install(legacyId, new ByteArrayInputStream(crlf), "k");

    assertThat(cache.legacy().contains(legacyId)).isTrue();
    cache.legacy().verify(legacyId);
  }

  @Test
  void legacyDigest_binaryChunkIsNotConverted() {
    byte[] binary = {0, '\r', '\n', 1};
    Md5Digest legacy = Md5Digest.forLayout(true);
    legacy.update(binary, 0, binary.length);
    Md5Digest plain = Md5Digest.plain();
    plain.update(binary, 0, binary.length);

    assertThat(legacy.hex()).isEqualTo(plain.hex());
  }

  @Test
  void add_cacheDirIsAFile_throwsConfigurationNamingTheDir() throws IOException {
    Path notADir = tmp.resolve("cache");
    Files.writeString(notADir, "oops");
    Cache cache = Cache.at(notADir);
    Path foo = write("foo", "foo");

    assertThatThrownBy(() -> cache.add(foo, FOO))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Cannot write to cache directory")
        .hasMessageContaining(notADir.toString());
  }

  @Test
  void add_readOnlyCacheDir_throwsConfiguration() throws IOException {
    assumeTrue(!"root".equals(System.getProperty("user.name")), "root ignores directory modes");
    Path dir = Files.createDirectories(tmp.resolve("cache"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    Cache cache = Cache.at(dir);

    assertThatThrownBy(() -> cache.add(write("foo", "foo"), FOO))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(dir.toString());
  }

  @Test
  void install_diskFull_saysSoAndLeavesNoPartialObject() throws IOException {
    Path devFull = Paths.get("/dev/full");
    assumeTrue(Files.exists(devFull), "needs /dev/full (Linux) to produce a real ENOSPC");
    Cache cache =
        new Cache(
            tmp.resolve("cache"),
            false,
            LinkType.DEFAULT,
            temp -> new FileOutputStream(devFull.toFile()));

    assertThatThrownBy(() -> cache.add(write("foo", "foo"), FOO))
        .isExactlyInstanceOf(CairnException.class)
        .hasMessageContaining("no space left on device");
    assertThat(cache.contains(FOO)).isFalse();
    assertThat(filesUnder(tmp.resolve("cache"))).isEmpty();
  }

  @Test
  void add_concurrentSameObject_allSucceedAndOneObjectRemains() throws Exception {
    Cache cache = Cache.at(tmp.resolve("cache"));
    List<Path> sources = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sources.add(write("foo" + i, "foo"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (Path source : sources) {
        results.add(pool.submit(() -> cache.add(source, FOO)));
      }
      int stored = 0;
      for (Future<Boolean> result : results) {
        stored += result.get() ? 1 : 0;
      }
      assertThat(stored).isBetween(1, 8);
    } finally {
      pool.shutdownNow();
    }
    assertThat(filesUnder(tmp.resolve("cache")))
        .containsExactly("files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8");
    cache.verify(FOO);
  }

  @Test
  void install_streamFailsMidway_leavesNoPartialObjectOrTemp() throws IOException {
    Cache cache = Cache.at(tmp.resolve("cache"));
    java.io.InputStream failing =
        new java.io.InputStream() {
          private int served;

          @Override
          public int read() throws IOException {
            if (served++ < 2) {
              return 'f';
            }
            throw new IOException("connection reset");
          }
        };

    assertThatThrownBy(() -> cache.install(FOO, failing, "k on r"))
        .isInstanceOf(CairnException.class)
        .hasMessageContaining("connection reset")
        .hasMessageContaining("nothing was written");
    assertThat(cache.contains(FOO)).isFalse();
    assertThat(filesUnder(tmp.resolve("cache"))).isEmpty();
  }

  static void corrupt(Path object, String content) throws IOException {
    Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(object, content);
  }
}
