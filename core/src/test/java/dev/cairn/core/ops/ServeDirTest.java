package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.IntegrityException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeDirTest {
  @TempDir Path tmp;
  private Cache cache;
  private Path serve;
  private int sources;

  @BeforeEach
  void setUp() {
    cache = Cache.at(tmp.resolve("cache"));
    serve = tmp.resolve("serve");
  }

  private Oid dirVersion(Map<String, String> files) {
    Path dir = tmp.resolve("src" + (++sources));
    List<Tree.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path file = dir.resolve(f.getKey());
      RollbackFixture.write(file, f.getValue());
      Oid oid = cache.hasher().hash(file);
      cache.add(file, oid);
      entries.add(new Tree.Entry(f.getKey(), oid));
    }
    return cache.addTree(Tree.of(entries));
  }

  private Oid fileVersion(String content) {
    Path file = tmp.resolve("src" + (++sources)).resolve("f");
    RollbackFixture.write(file, content);
    Oid oid = cache.hasher().hash(file);
    cache.add(file, oid);
    return oid;
  }

  private static Map<String, String> files(String version) {
    return Map.of(
        "weights.bin", version + " weights", "conf/a.json", version + " a", "conf/b.json", "b");
  }

  private static Map<String, String> read(Path link) throws Exception {
    Path dir = link.toRealPath();
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(dir.relativize(p).toString(), Files.readString(p, UTF_8));
      }
    }
    return out;
  }

  @Test
  void publish_switchesCurrentAndKeepsTheOldVersion() throws Exception {
    Oid v1 = dirVersion(files("v1"));
    Oid v2 = dirVersion(files("v2"));

    Path first = ServeDir.publish(cache, v1, serve, "v1");
    Path second = ServeDir.publish(cache, v2, serve, "v2");

    assertThat(first).isEqualTo(serve.toAbsolutePath().resolve("versions/v1"));
    assertThat(second).isEqualTo(serve.toAbsolutePath().resolve("versions/v2"));
    assertThat(ServeDir.current(serve)).contains("v2");
    assertThat(Files.readSymbolicLink(serve.resolve("current"))).isEqualTo(Path.of("versions/v2"));
    assertThat(read(serve.resolve("current"))).isEqualTo(new TreeMap<>(files("v2")));
    assertThat(read(first)).isEqualTo(new TreeMap<>(files("v1")));
    assertThat(ServeDir.versions(serve)).containsExactly("v1", "v2");
    try (Stream<Path> list = Files.list(serve)) {
      assertThat(list.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("current", "versions");
    }
    try (Stream<Path> list = Files.list(serve.resolve("versions"))) {
      assertThat(list.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("v1", "v2");
    }
  }

  @Test
  void publish_completeVersion_isNotWrittenAgain_brokenOneIsReplaced() throws Exception {
    Oid v1 = dirVersion(files("v1"));
    ServeDir.Published once = ServeDir.publish(cache, v1, "", serve, "v1", 0);
    ServeDir.Published twice = ServeDir.publish(cache, v1, "", serve, "v1", 0);
    assertThat(once.written()).isTrue();
    assertThat(twice.written()).isFalse();
    assertThat(twice.previous()).isEqualTo("v1");

    Path weights = serve.resolve("versions/v1/weights.bin");
    weights.toFile().setWritable(true);
    Files.writeString(weights, "half-writ", UTF_8);
    Files.writeString(serve.resolve("versions/v1/stray.txt"), "x", UTF_8);
    ServeDir.Published repaired = ServeDir.publish(cache, v1, "", serve, "v1", 0);

    assertThat(repaired.written()).isTrue();
    assertThat(read(serve.resolve("current"))).isEqualTo(new TreeMap<>(files("v1")));
  }

  @Test
  void publish_fileVersion_isNamedInsideTheVersionDirectory() throws Exception {
    Oid file = fileVersion("pickled\n");

    Path dir = ServeDir.publish(cache, file, "model.pkl", serve, "v0.0.1");

    assertThat(read(dir)).containsExactly(Map.entry("model.pkl", "pickled\n"));
    assertThat(Files.readString(serve.resolve("current/model.pkl"), UTF_8)).isEqualTo("pickled\n");
    assertThatThrownBy(() -> ServeDir.publish(cache, file, serve, "v0.0.2"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void publish_keep_removesOldestButNeverCurrentOrPrevious() {
    for (int i = 1; i <= 4; i++) {
      ServeDir.Published p =
          ServeDir.publish(cache, dirVersion(files("v" + i)), "", serve, "v" + i, 2);
      if (i == 4) {
        assertThat(p.removed()).containsExactlyInAnyOrder("v2");
      }
    }
    assertThat(ServeDir.versions(serve)).containsExactly("v3", "v4");
    assertThat(ServeDir.current(serve)).contains("v4");
    assertThatThrownBy(() -> ServeDir.publish(cache, dirVersion(files("v5")), "", serve, "v5", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void publish_corruptCacheObject_failsBeforeSwitching() throws Exception {
    Oid v1 = dirVersion(files("v1"));
    Oid v2 = dirVersion(files("v2"));
    ServeDir.publish(cache, v1, serve, "v1");
    Oid weights2 =
        cache.loadTree(v2).entries().stream()
            .filter(e -> e.relpath().equals("weights.bin"))
            .findFirst()
            .orElseThrow()
            .oid();
    Path object = cache.path(weights2);
    object.toFile().setWritable(true);
    Files.writeString(object, "bitrot!!!!", UTF_8);

    assertThatThrownBy(() -> ServeDir.publish(cache, v2, serve, "v2"))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("weights.bin");
    assertThat(ServeDir.current(serve)).contains("v1");
    try (Stream<Path> list = Files.list(serve.resolve("versions"))) {
      assertThat(list.map(p -> p.getFileName().toString())).containsExactly("v1");
    }
  }

  @Test
  void publish_currentIsARealDirectory_orBadVersionName_isInvalidInput() throws Exception {
    Oid v1 = dirVersion(files("v1"));
    Files.createDirectories(serve.resolve("current"));
    assertThatThrownBy(() -> ServeDir.publish(cache, v1, serve, "v1"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("not a symlink");
    assertThat(Files.exists(serve.resolve("versions/v1"))).isFalse();
    for (String bad : List.of("", "../x", ".tmp", "a/b", "current")) {
      assertThatThrownBy(() -> ServeDir.publish(cache, v1, tmp.resolve("s2"), bad))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void current_alwaysResolvesToOneCompleteVersion_whileVersionsAreSwitched() throws Exception {
    int versions = 30;
    List<Oid> oids = new ArrayList<>();
    for (int i = 0; i < versions; i++) {
      oids.add(dirVersion(files("v" + i)));
    }
    ServeDir.publish(cache, oids.get(0), serve, "v0");
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    List<String> problems = new ArrayList<>();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<?> reader =
        pool.submit(
            () -> {
              for (int i = 0; i < 1_000_000 && !done.get(); i++) {
                try {
                  Path dir = serve.resolve("current").toRealPath();
                  Map<String, String> seen = read(dir);
                  String version = dir.getFileName().toString();
                  if (!seen.equals(new TreeMap<>(files(version)))) {
                    problems.add(version + " read as " + seen);
                  }
                  reads.incrementAndGet();
                } catch (NoSuchFileException e) {
                  problems.add("current missing: " + e.getMessage());
                } catch (Exception e) {
                  problems.add(e.toString());
                }
              }
            });
    try {
      for (int round = 0; round < 3; round++) {
        for (int i = 1; i < versions; i++) {
          ServeDir.publish(cache, oids.get(i), serve, "v" + i);
        }
      }
    } finally {
      done.set(true);
      reader.get(60, TimeUnit.SECONDS);
      pool.shutdownNow();
    }
    assertThat(problems).isEmpty();
    assertThat(reads.get()).isPositive();
    assertThat(ServeDir.current(serve)).contains("v" + (versions - 1));
  }

  @Test
  void publish_intoALinkedVersionsDirectory_isRefused() throws Exception {
    Oid v1 = dirVersion(files("v1"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createDirectories(serve);
    Files.createSymbolicLink(serve.resolve("versions"), elsewhere);

    assertThatThrownBy(() -> ServeDir.publish(cache, v1, "", serve, "v1", 0))
        .isInstanceOf(dev.cairn.core.InvalidInputException.class)
        .hasMessageContaining("versions is a symbolic link");
    assertThat(elsewhere).isEmptyDirectory();
  }
}
