package dev.cairn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import dev.cairn.core.testing.TestTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cairn and the real {@code dvc} 3 CLI read each other's work: pointer files, cache and remote
 * layout, hashes. Runs with {@code -Pinterop}; a missing dvc fails.
 */
class DvcInteropIT {
  private static final Map<String, String> GIT_ENV =
      Map.of(
          "GIT_AUTHOR_NAME", "t",
          "GIT_AUTHOR_EMAIL", "t@localhost",
          "GIT_COMMITTER_NAME", "t",
          "GIT_COMMITTER_EMAIL", "t@localhost");

  @TempDir Path tmp;
  private final String dvc = InteropTools.require("dvc").toString();

  private static ProcessRunner.Result sh(Path dir, String... command) {
    return ProcessRunner.run(dir, List.of(command), GIT_ENV).assertOk();
  }

  private Path cloneOf(Path origin, String name) {
    sh(tmp, "git", "clone", "-q", origin.toString(), name);
    return tmp.resolve(name);
  }

  private Path newOrigin() {
    Path origin = tmp.resolve("origin.git");
    sh(tmp, "git", "init", "-q", "--bare", "-b", "main", origin.toString());
    return origin;
  }

  private static void commitAndPush(Path repo, String message) {
    sh(repo, "git", "add", "-A");
    sh(repo, "git", "commit", "-q", "-m", message);
    sh(repo, "git", "push", "-q", "origin", "HEAD:main");
  }

  @Test
  void cairnAddPush_realDvcPull_givesIdenticalFilesCleanStatusAndSamePointerText()
      throws IOException {
    Path origin = newOrigin();
    Path alice = cloneOf(origin, "alice");
    Cli.run(alice, "init").assertOk();
    Cli.run(alice, "remote add", "-d", "store", tmp.resolve("remote").toString()).assertOk();
    TestTrees.awkward(alice.resolve("data"), 3000, 3 * 1024 * 1024, 7);
    Cli.run(alice, "add", "data").assertOk();
    commitAndPush(alice, "data");
    Cli.run(alice, "push").assertOk();

    Path bob = cloneOf(origin, "bob");
    sh(bob, "git", "checkout", "-q", "main");
    sh(bob, dvc, "pull");
    assertThat(contents(bob.resolve("data"))).isEqualTo(contents(alice.resolve("data")));
    assertThat(sh(bob, dvc, "status", "--json").stdout().strip()).isEqualTo("{}");
    assertThat(sh(bob, dvc, "status", "--cloud", "--json").stdout().strip()).isEqualTo("{}");

    Path carol = tmp.resolve("carol");
    sh(tmp, "git", "init", "-q", carol.toString());
    sh(carol, dvc, "init", "-q");
    TestTrees.awkward(carol.resolve("data"), 3000, 3 * 1024 * 1024, 7);
    sh(carol, dvc, "add", "data");
    assertThat(Files.readString(alice.resolve("data.dvc"), UTF_8))
        .isEqualTo(Files.readString(carol.resolve("data.dvc"), UTF_8));
    assertThat(Files.readString(alice.resolve(".gitignore"), UTF_8))
        .isEqualTo(Files.readString(carol.resolve(".gitignore"), UTF_8));
  }

  @Test
  void realDvcAddPush_cairnPull_givesIdenticalFiles() throws IOException {
    Path origin = newOrigin();
    Path dana = cloneOf(origin, "dana");
    sh(dana, dvc, "init", "-q");
    sh(dana, dvc, "remote", "add", "-d", "store", tmp.resolve("remote").toString());
    TestTrees.awkward(dana.resolve("data"), 2000, 2 * 1024 * 1024, 11);
    Files.writeString(dana.resolve("model.bin"), "weights\n", UTF_8);
    sh(dana, dvc, "add", "data", "model.bin");
    sh(dana, dvc, "push");
    commitAndPush(dana, "data");

    Path erin = cloneOf(origin, "erin");
    sh(erin, "git", "checkout", "-q", "main");
    Cli.run(erin, "pull").assertOk();
    assertThat(contents(erin.resolve("data"))).isEqualTo(contents(dana.resolve("data")));
    assertThat(erin.resolve("model.bin")).hasContent("weights");
    assertThat(sh(erin, dvc, "status", "--json").stdout().strip()).isEqualTo("{}");
    Cli.Run status = Cli.run(erin, "status").assertOk();
    assertThat(status.out()).contains("up to date");
  }

  @Test
  void cairnHash_equalsDvcHash_forTreeAndFiles() throws IOException {
    Path repo = tmp.resolve("hashes");
    sh(tmp, "git", "init", "-q", repo.toString());
    sh(repo, dvc, "init", "-q");
    TestTrees.awkward(repo.resolve("tree"), 500, 1024 * 1024, 3);
    List<String> files = new ArrayList<>(List.of("crlf.txt", "empty.bin", "big.bin"));
    for (String file : files) {
      Files.copy(repo.resolve("tree").resolve(file), repo.resolve("single-" + file));
    }
    String cairnTree = Cli.run(repo, "hash", "tree").assertOk().out().strip();
    sh(repo, dvc, "add", "tree");
    assertThat(pointerMd5(repo.resolve("tree.dvc"))).isEqualTo(cairnTree);
    for (String file : files) {
      String cairnFile = Cli.run(repo, "hash", "single-" + file).assertOk().out().strip();
      sh(repo, dvc, "add", "single-" + file);
      assertThat(pointerMd5(repo.resolve("single-" + file + ".dvc"))).isEqualTo(cairnFile);
    }
  }

  @Test
  void legacyDvc2Pointer_isReadAndCheckedOut_likeRealDvc() throws IOException {
    Path origin = newOrigin();
    Path old = cloneOf(origin, "old");
    sh(old, dvc, "init", "-q");
    Path remote = Files.createDirectories(tmp.resolve("legacy-remote"));
    sh(old, dvc, "remote", "add", "-d", "store", remote.toString());
    // DVC 2 named text files by md5 of their bytes with CRLF turned into LF (md5-dos2unix) and
    // stored objects at the remote's root, without files/md5/.
    byte[] crlf = "a\r\nb\r\nc".getBytes(UTF_8);
    String legacyMd5 = "c32b2057b9bd62caa835386346177935";
    Path object = Files.createDirectories(remote.resolve(legacyMd5.substring(0, 2)));
    Files.write(object.resolve(legacyMd5.substring(2)), crlf);
    Files.writeString(
        old.resolve("legacy.txt.dvc"),
        "outs:\n- md5: " + legacyMd5 + "\n  size: " + crlf.length + "\n  path: legacy.txt\n",
        UTF_8);
    Files.writeString(old.resolve(".gitignore"), "/legacy.txt\n", UTF_8);
    commitAndPush(old, "legacy pointer");

    Path viaCairn = cloneOf(origin, "via-cairn");
    sh(viaCairn, "git", "checkout", "-q", "main");
    Cli.run(viaCairn, "pull").assertOk();
    assertThat(Files.readAllBytes(viaCairn.resolve("legacy.txt"))).isEqualTo(crlf);
    assertThat(Cli.run(viaCairn, "status").assertOk().out()).contains("up to date");
    assertThat(Files.readString(viaCairn.resolve("legacy.txt.dvc"), UTF_8)).doesNotContain("hash:");

    Path viaDvc = cloneOf(origin, "via-dvc");
    sh(viaDvc, "git", "checkout", "-q", "main");
    sh(viaDvc, dvc, "pull");
    assertThat(Files.readAllBytes(viaDvc.resolve("legacy.txt"))).isEqualTo(crlf);
  }

  private static String pointerMd5(Path dvcFile) throws IOException {
    for (String line : Files.readAllLines(dvcFile, UTF_8)) {
      if (line.startsWith("- md5: ")) {
        return line.substring("- md5: ".length()).strip();
      }
    }
    throw new AssertionError("no md5 in " + dvcFile);
  }

  /** Relative path to MD5 of every regular file below {@code root}. */
  private static Map<String, String> contents(Path root) throws IOException {
    Map<String, String> result = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        result.put(root.relativize(file).toString(), md5(Files.readAllBytes(file)));
      }
    }
    return result;
  }

  private static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void trainRegisterMetrics_realDvcMetricsShowAndDiffSeeThem() throws IOException {
    Path origin = newOrigin();
    double[] accuracy = {0.8, 0.9};
    for (int i = 0; i < accuracy.length; i++) {
      Path model = Files.createDirectories(tmp.resolve("m" + i + "/model"));
      Files.writeString(model.resolve("weights.txt"), "w" + i + "\n");
      Path metrics = tmp.resolve("m" + i + "/metrics.json");
      Files.writeString(metrics, "{\"accuracy\": " + accuracy[i] + ", \"eval\": {\"auc\": 0.7}}");
      Cli.execute(
              "train-register",
              "--name",
              "churn-model",
              "--model",
              model.toString(),
              "--metrics",
              metrics.toString(),
              "--git-url",
              origin.toString(),
              "--remote",
              tmp.resolve("remote").toString(),
              "--work-dir",
              tmp.resolve("work").toString(),
              "--quiet")
          .assertOk();
    }
    Path clone = cloneOf(origin, "clone");

    String show = sh(clone, dvc, "metrics", "show", "--json").stdout();
    assertThat(show.replaceAll("\\s", ""))
        .contains("\"models/churn-model.metrics.json\":{\"data\":{")
        .contains("\"accuracy\":0.9")
        .contains("\"eval.auc\":0.7");
    // the version tags are Git revisions: dvc compares any two of them
    String diff = sh(clone, dvc, "metrics", "diff", "churn-model@v0.0.1", "--json").stdout();
    assertThat(diff.replaceAll("\\s", "")).contains("\"accuracy\":{\"old\":0.8,\"new\":0.9");
  }
}
