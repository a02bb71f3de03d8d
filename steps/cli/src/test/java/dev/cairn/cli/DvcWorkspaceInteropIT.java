package dev.cairn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
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
 * The workspace side of DVC compatibility (issue 17): repositories built by the real {@code dvc} 3
 * (pipelines run with {@code dvc repro}, {@code .dvcignore}, ignored folders, directories pulled
 * file by file), then the same command run by Cairn in one clone and by dvc in another, and the
 * results compared. Runs with {@code -Pinterop}; a missing dvc fails.
 */
class DvcWorkspaceInteropIT {
  private static final Map<String, String> GIT_ENV =
      Map.of(
          "GIT_AUTHOR_NAME", "t",
          "GIT_AUTHOR_EMAIL", "t@localhost",
          "GIT_COMMITTER_NAME", "t",
          "GIT_COMMITTER_EMAIL", "t@localhost");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private final String dvc = InteropTools.require("dvc").toString();

  private static ProcessRunner.Result sh(Path dir, String... command) {
    return ProcessRunner.run(dir, List.of(command), GIT_ENV).assertOk();
  }

  private static ProcessRunner.Result shAny(Path dir, String... command) {
    return ProcessRunner.run(dir, List.of(command), GIT_ENV);
  }

  /** A repository made by dvc: {@code dvc init} and a local default remote, on a bare origin. */
  private Path author() {
    Path origin = tmp.resolve("origin.git");
    sh(tmp, "git", "init", "-q", "--bare", "-b", "main", origin.toString());
    Path author = clone("author");
    sh(author, dvc, "init", "-q");
    sh(author, dvc, "remote", "add", "-d", "store", tmp.resolve("remote").toString());
    return author;
  }

  private Path clone(String name) {
    sh(tmp, "git", "clone", "-q", tmp.resolve("origin.git").toString(), name);
    return tmp.resolve(name);
  }

  private static void publish(Path repo) {
    sh(repo, "git", "add", "-A");
    sh(repo, "git", "commit", "-q", "-m", "work");
    sh(repo, "git", "push", "-q", "origin", "HEAD:main");
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, UTF_8);
  }

  @Test
  void pipelineOutputs_inDvcLock_arePulledStatusedAndCheckedOut_likeRealDvc() throws IOException {
    Path author = author();
    write(author.resolve("data/raw.csv"), "id,x\n1,2\n");
    sh(author, dvc, "add", "-q", "data/raw.csv");
    sh(
        author,
        dvc,
        "stage",
        "add",
        "-q",
        "-n",
        "prep",
        "-d",
        "data/raw.csv",
        "-o",
        "out/prep.csv",
        "-o",
        "out/dir",
        "mkdir -p out/dir && (cat data/raw.csv; echo 3,4) > out/prep.csv"
            + " && echo q > out/dir/q.txt && echo r > out/dir/r.txt");
    sh(
        author,
        dvc,
        "stage",
        "add",
        "-q",
        "-n",
        "train",
        "-d",
        "out/prep.csv",
        "-o",
        "model.pkl",
        "--outs-no-cache",
        "nocache.txt",
        "--outs-persist",
        "persisted.bin",
        "-M",
        "metrics.json",
        "echo m > model.pkl && echo n > nocache.txt && echo p > persisted.bin"
            + " && echo '{\"acc\": 1}' > metrics.json");
    Files.createDirectories(author.resolve("sub"));
    sh(
        author,
        dvc,
        "stage",
        "add",
        "-q",
        "-n",
        "report",
        "--wdir",
        "sub",
        "-o",
        "result.txt",
        "echo s > result.txt");
    // a foreach stage, written by hand as users do; dvc repro locks gen@a and gen@b
    Files.writeString(
        author.resolve("dvc.yaml"),
        "  gen:\n    foreach:\n    - a\n    - b\n    do:\n"
            + "      cmd: mkdir -p gen && echo ${item} > gen/${item}.txt\n"
            + "      outs:\n      - gen/${item}.txt\n",
        UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    sh(author, dvc, "repro", "-q");
    sh(author, dvc, "push", "-q");
    publish(author);

    Path viaDvc = clone("via-dvc");
    Path viaCairn = clone("via-cairn");
    assertThat(cairnStatus(viaCairn))
        .isEqualTo(dvcStatus(viaDvc))
        .containsEntry("out/prep.csv", "not in cache")
        .doesNotContainKey("nocache.txt");

    // one output of a stage, then one file inside a locked directory output
    sh(viaDvc, dvc, "pull", "-q", "out/prep.csv");
    Cli.run(viaCairn, "pull", "out/prep.csv").assertOk();
    assertThat(workspace(viaCairn)).isEqualTo(workspace(viaDvc)).containsKey("out/prep.csv");
    sh(viaDvc, dvc, "pull", "-q", "out/dir/q.txt");
    Cli.run(viaCairn, "pull", "out/dir/q.txt").assertOk();
    assertThat(workspace(viaCairn))
        .isEqualTo(workspace(viaDvc))
        .containsKey("out/dir/q.txt")
        .doesNotContainKey("out/dir/r.txt");

    sh(viaDvc, dvc, "pull", "-q");
    Cli.run(viaCairn, "pull").assertOk();
    assertThat(workspace(viaCairn))
        .isEqualTo(workspace(viaDvc))
        .containsKeys("model.pkl", "persisted.bin", "sub/result.txt", "gen/a.txt", "gen/b.txt");
    assertThat(sh(viaCairn, dvc, "status", "--json").stdout().strip()).isEqualTo("{}");
    assertThat(Cli.run(viaCairn, "status").assertOk().out()).contains("up to date");

    for (Path clone : List.of(viaDvc, viaCairn)) {
      write(clone.resolve("out/prep.csv"), "edited\n");
      write(clone.resolve("nocache.txt"), "edited\n");
      Files.delete(clone.resolve("gen/b.txt"));
    }
    assertThat(cairnStatus(viaCairn))
        .isEqualTo(dvcStatus(viaDvc))
        .containsEntry("out/prep.csv", "modified")
        .containsEntry("nocache.txt", "modified")
        .containsEntry("gen/b.txt", "deleted");
    sh(viaDvc, dvc, "checkout", "-q", "-f");
    Cli.run(viaCairn, "checkout", "-f").assertOk();
    assertThat(workspace(viaCairn)).isEqualTo(workspace(viaDvc));
    assertThat(viaCairn.resolve("nocache.txt")).hasContent("edited"); // cache: false: left alone

    // a pipeline output is the stage's: dvc add refuses to track it with a .dvc file, so does Cairn
    assertThat(shAny(viaDvc, dvc, "add", "out/prep.csv").stderr()).contains("overlaps");
    Cli.Run add = Cli.run(viaCairn, "add", "out/prep.csv");
    assertThat(add.exitCode()).isEqualTo(2);
    assertThat(add.err()).contains("overlaps with the output out/prep.csv");
  }

  @Test
  void pipelineOutputs_pushedByCairn_arePulledByRealDvc_pushFalseStaysLocal() throws IOException {
    Path author = author();
    sh(
        author,
        dvc,
        "stage",
        "add",
        "-q",
        "-n",
        "make",
        "-o",
        "built/dir",
        "-o",
        "model.bin",
        "-o",
        "local.bin",
        "--outs-no-cache",
        "kept-in-git.txt",
        "mkdir -p built/dir && echo x > built/dir/x.txt && echo w > model.bin"
            + " && echo l > local.bin && echo g > kept-in-git.txt");
    // push: false has no dvc stage add flag; users write it in dvc.yaml
    Path yaml = author.resolve("dvc.yaml");
    String text = Files.readString(yaml, UTF_8);
    assertThat(text).contains("    - local.bin\n");
    Files.writeString(
        yaml, text.replace("    - local.bin\n", "    - local.bin:\n        push: false\n"), UTF_8);
    sh(author, dvc, "repro", "-q");
    publish(author);
    assertThat(cairnCloudStatus(author))
        .isEqualTo(dvcCloudStatus(author))
        .containsEntry("built/dir/x.txt", "new")
        .containsEntry("model.bin", "new")
        .doesNotContainKeys("kept-in-git.txt", "local.bin");

    Cli.run(author, "push").assertOk();
    assertThat(sh(author, dvc, "status", "-c", "--json").stdout().strip()).isEqualTo("{}");
    String local = md5("l\n".getBytes(UTF_8));
    assertThat(tmp.resolve("remote/files/md5/" + local.substring(0, 2) + "/" + local.substring(2)))
        .doesNotExist();
    Path viaDvc = clone("via-dvc");
    sh(viaDvc, dvc, "pull", "-q", "built/dir", "model.bin");
    assertThat(workspace(viaDvc)).containsKeys("built/dir/x.txt", "model.bin");
  }

  @Test
  void dvcignore_ignoredFilesInATrackedDirectory_surviveCheckout_likeRealDvc() throws IOException {
    Path author = author();
    write(author.resolve(".dvcignore"), "*.tmp\nimgs/cache/\n");
    write(author.resolve("imgs/a.png"), "a\n");
    write(author.resolve("imgs/b.png"), "b\n");
    write(author.resolve("imgs/x.tmp"), "scratch\n");
    write(author.resolve("imgs/cache/c.bin"), "c\n");
    sh(author, dvc, "add", "-q", "imgs");
    sh(author, dvc, "push", "-q");
    publish(author);
    String dvcMd5 = pointerMd5(author.resolve("imgs.dvc"));
    assertThat(Cli.run(author, "hash", "imgs").assertOk().out().strip()).isEqualTo(dvcMd5);

    Path viaDvc = clone("via-dvc");
    Path viaCairn = clone("via-cairn");
    sh(viaDvc, dvc, "pull", "-q");
    Cli.run(viaCairn, "pull").assertOk();
    for (Path clone : List.of(viaDvc, viaCairn)) {
      write(clone.resolve("imgs/new.tmp"), "mine\n");
      write(clone.resolve("imgs/cache/keep.bin"), "mine too\n");
    }
    assertThat(Cli.run(viaCairn, "status").assertOk().out()).contains("up to date");
    assertThat(sh(viaCairn, dvc, "status", "--json").stdout().strip()).isEqualTo("{}");

    for (Path clone : List.of(viaDvc, viaCairn)) {
      write(clone.resolve("imgs/extra.png"), "unsaved\n");
    }
    Cli.Run refused = Cli.run(viaCairn, "checkout");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("extra.png").doesNotContain("new.tmp", "keep.bin");

    sh(viaDvc, dvc, "checkout", "-q", "-f");
    Cli.run(viaCairn, "checkout", "-f").assertOk();
    assertThat(workspace(viaCairn))
        .isEqualTo(workspace(viaDvc))
        .containsKeys("imgs/new.tmp", "imgs/cache/keep.bin")
        .doesNotContainKey("imgs/extra.png");
  }

  @Test
  void dvcFileInAnIgnoredFolder_isNotRead_likeRealDvc() throws IOException {
    Path author = author();
    write(author.resolve("data.txt"), "data\n");
    write(author.resolve("private/secret.txt"), "never pushed\n");
    sh(author, dvc, "add", "-q", "data.txt", "private/secret.txt");
    sh(author, dvc, "push", "-q", "data.txt.dvc");
    write(author.resolve(".dvcignore"), "private/\n");
    publish(author);

    Path viaDvc = clone("via-dvc");
    Path viaCairn = clone("via-cairn");
    sh(viaDvc, dvc, "pull", "-q");
    Cli.run(viaCairn, "pull").assertOk();
    assertThat(workspace(viaCairn)).isEqualTo(workspace(viaDvc)).containsKey("data.txt");
    assertThat(cairnStatus(viaCairn)).isEqualTo(dvcStatus(viaDvc)).isEmpty();
    assertThat(cairnCloudStatus(viaCairn)).isEqualTo(dvcCloudStatus(viaDvc)).isEmpty();

    assertThat(shAny(viaDvc, dvc, "pull", "private/secret.txt.dvc").stderr())
        .contains("dvc-ignored");
    Cli.Run named = Cli.run(viaCairn, "pull", "private/secret.txt.dvc");
    assertThat(named.exitCode()).isEqualTo(2);
    assertThat(named.err()).contains("dvc-ignored");
  }

  @Test
  void targetInsideATrackedDirectory_pullsJustThatPart_likeRealDvc() throws IOException {
    Path author = author();
    write(author.resolve("imgs/a.png"), "a\n");
    write(author.resolve("imgs/b.png"), "b\n");
    write(author.resolve("imgs/sub/c.png"), "c\n");
    write(author.resolve("imgs/sub/d.png"), "d\n");
    sh(author, dvc, "add", "-q", "imgs");
    sh(author, dvc, "push", "-q");
    publish(author);

    Path viaDvc = clone("via-dvc");
    Path viaCairn = clone("via-cairn");
    sh(viaDvc, dvc, "pull", "-q", "imgs/a.png");
    Cli.run(viaCairn, "pull", "imgs/a.png").assertOk();
    assertThat(workspace(viaCairn))
        .isEqualTo(workspace(viaDvc))
        .containsKey("imgs/a.png")
        .doesNotContainKey("imgs/b.png");
    assertThat(cairnCloudStatus(viaCairn, "imgs/a.png"))
        .isEqualTo(dvcCloudStatus(viaDvc, "imgs/a.png"))
        .isEmpty();

    sh(viaDvc, dvc, "pull", "-q", "imgs/sub");
    Cli.run(viaCairn, "pull", "imgs/sub").assertOk();
    assertThat(workspace(viaCairn))
        .isEqualTo(workspace(viaDvc))
        .containsKeys("imgs/sub/c.png", "imgs/sub/d.png")
        .doesNotContainKey("imgs/b.png");

    sh(viaDvc, dvc, "pull", "-q");
    Cli.run(viaCairn, "pull").assertOk();
    assertThat(workspace(viaCairn)).isEqualTo(workspace(viaDvc)).containsKey("imgs/b.png");
  }

  @Test
  void cloudStatusJson_namesPathsInBothDirections_likeRealDvc() throws IOException {
    Path author = author();
    write(author.resolve("imgs/a.png"), "a\n");
    write(author.resolve("imgs/b.png"), "b\n");
    write(author.resolve("one.txt"), "one\n");
    sh(author, dvc, "add", "-q", "imgs", "one.txt");
    sh(author, dvc, "push", "-q");
    write(author.resolve("two.txt"), "two, not pushed\n");
    write(author.resolve("gone.txt"), "gone from the cache, never pushed\n");
    sh(author, dvc, "add", "-q", "two.txt", "gone.txt");
    String gone = pointerMd5(author.resolve("gone.txt.dvc"));
    Files.delete(
        author.resolve(".dvc/cache/files/md5/" + gone.substring(0, 2) + "/" + gone.substring(2)));
    publish(author);

    Map<String, Object> here = dvcCloudStatus(author);
    assertThat(cairnCloudStatus(author))
        .isEqualTo(here)
        .containsEntry("two.txt", "new")
        .containsEntry("gone.txt", "missing");

    Path viaDvc = clone("via-dvc");
    Path viaCairn = clone("via-cairn");
    assertThat(cairnCloudStatus(viaCairn))
        .isEqualTo(dvcCloudStatus(viaDvc))
        .containsEntry("imgs/a.png", "deleted")
        .containsEntry("one.txt", "deleted")
        .containsEntry("two.txt", "missing");
    assertThat(Cli.run(viaCairn, "status", "-c").assertOk().out())
        .contains("\tdeleted:            one.txt");
  }

  // ---------------------------------------------------------------------------------------------

  /** {@code cairn status --json} as path to state. */
  private static Map<String, Object> cairnStatus(Path repo) throws IOException {
    List<?> rows = JSON.readValue(Cli.run(repo, "status", "--json").assertOk().out(), List.class);
    Map<String, Object> states = new TreeMap<>();
    for (Object row : rows) {
      Map<?, ?> map = (Map<?, ?>) row;
      states.put((String) map.get("path"), map.get("state"));
    }
    return states;
  }

  /** The "changed outs" of {@code dvc status --json}, over every stage and .dvc file. */
  private Map<String, Object> dvcStatus(Path repo) throws IOException {
    Map<?, ?> all = JSON.readValue(sh(repo, dvc, "status", "--json").stdout(), Map.class);
    Map<String, Object> states = new TreeMap<>();
    for (Object changes : all.values()) {
      for (Object change : (List<?>) changes) {
        if (change instanceof Map<?, ?> map && map.get("changed outs") instanceof Map<?, ?> outs) {
          outs.forEach((path, state) -> states.put((String) path, state));
        }
      }
    }
    return states;
  }

  private static Map<String, Object> cairnCloudStatus(Path repo, String... targets)
      throws IOException {
    List<String> args = new ArrayList<>(List.of("-c", "--json"));
    args.addAll(List.of(targets));
    String out = Cli.run(repo, "status", args.toArray(String[]::new)).assertOk().out();
    return new TreeMap<>(JSON.readValue(out, Map.class));
  }

  private Map<String, Object> dvcCloudStatus(Path repo, String... targets) throws IOException {
    List<String> command = new ArrayList<>(List.of(dvc, "status", "-c", "--json"));
    command.addAll(List.of(targets));
    String out = sh(repo, command.toArray(String[]::new)).stdout();
    return new TreeMap<>(JSON.readValue(out, Map.class));
  }

  private static String pointerMd5(Path dvcFile) throws IOException {
    for (String line : Files.readAllLines(dvcFile, UTF_8)) {
      if (line.startsWith("- md5: ")) {
        return line.substring("- md5: ".length()).strip();
      }
    }
    throw new AssertionError("no md5 in " + dvcFile);
  }

  /** Every workspace file (not in .git or .dvc) by relative path, to the MD5 of its bytes. */
  private static Map<String, String> workspace(Path root) throws IOException {
    Map<String, String> result = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        String relative = root.relativize(file).toString();
        if (!relative.startsWith(".git/") && !relative.startsWith(".dvc/")) {
          result.put(relative, md5(Files.readAllBytes(file)));
        }
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
}
