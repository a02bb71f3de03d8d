package dev.cairn.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real dvc agrees with a sharded snapshot: {@code dvc add} of the same tree gives the same hash
 * for 1, 2, 7 and 64 shards, and a fresh clone of the registry pulls byte-identical data.
 */
class ShardedSnapshotInteropIT {
  private static final Map<String, String> GIT_ENV =
      Map.of(
          "GIT_AUTHOR_NAME", "t",
          "GIT_AUTHOR_EMAIL", "t@localhost",
          "GIT_COMMITTER_NAME", "t",
          "GIT_COMMITTER_EMAIL", "t@localhost");

  @TempDir Path tmp;

  @Test
  void shardedHash_isDvcAddsHash_andACloneGetsTheSameBytes() throws Exception {
    String dvc = InteropTools.require("dvc").toString();
    Path repo = Files.createDirectories(tmp.resolve("dvcrepo"));
    Path source = ShardedSnapshotTest.tree(repo.resolve("lake"));
    sh(repo, "git", "init", "-q");
    sh(repo, dvc, "init", "-q");
    sh(repo, dvc, "add", "-q", "lake");
    String dvcFile = Files.readString(repo.resolve("lake.dvc"));

    for (int count : new int[] {1, 2, 7, 64}) {
      try (StoreFixture fixture = StoreFixture.create(tmp.resolve("w" + count), true)) {
        Snapshot.Result result = ShardedSnapshotTest.sharded(fixture, source, count);
        assertThat(dvcFile).as("%d shards", count).contains("md5: " + result.md5() + "\n");
        assertThat(dvcFile).contains("nfiles: " + result.files() + "\n");
        assertThat(dvcFile).contains("size: " + result.bytes() + "\n");
        if (count == 7) {
          Path clone = tmp.resolve("clone");
          sh(tmp, "git", "clone", "-q", fixture.bare.toUri().toString(), clone.toString());
          sh(clone, dvc, "pull", "-q");
          assertThat(files(clone.resolve("data/lake"))).isEqualTo(files(source));
          assertThat(sh(clone, dvc, "status").stdout()).contains("up to date");
        }
      }
    }
  }

  private static ProcessRunner.Result sh(Path dir, String... command) {
    return ProcessRunner.run(dir, List.of(command), GIT_ENV).assertOk();
  }

  /** Relative path to the MD5 of every regular file. */
  private static Map<String, String> files(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), md5(p));
      }
    }
    return out;
  }

  private static String md5(Path file) throws IOException, java.security.GeneralSecurityException {
    return HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("MD5").digest(Files.readAllBytes(file)));
  }
}
