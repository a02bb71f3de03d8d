package dev.cairn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DVC configuration that the real {@code dvc} 3 writes and Cairn must read the same way: the {@code
 * --global} and {@code --system} levels, {@code remote://} urls, {@code core.autostage} and
 * per-output {@code remote:}. Runs with {@code -Pinterop}.
 */
class DvcConfigInteropIT {
  @TempDir Path tmp;
  private final String dvc = InteropTools.require("dvc").toString();
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void levels() throws Exception {
    Path global = Files.createDirectories(tmp.resolve("levels/global"));
    Path system = Files.createDirectories(tmp.resolve("levels/system"));
    env.putAll(
        Map.of(
            "GIT_AUTHOR_NAME", "t",
            "GIT_AUTHOR_EMAIL", "t@localhost",
            "GIT_COMMITTER_NAME", "t",
            "GIT_COMMITTER_EMAIL", "t@localhost",
            "DVC_GLOBAL_CONFIG_DIR", global.toString(),
            "DVC_SYSTEM_CONFIG_DIR", system.toString()));
    // the in-process cairn reads the same folders the real dvc is pointed at
    System.setProperty("cairn.dvc.global-config-dir", global.toString());
    System.setProperty("cairn.dvc.system-config-dir", system.toString());
  }

  @AfterEach
  void clear() {
    System.clearProperty("cairn.dvc.global-config-dir");
    System.clearProperty("cairn.dvc.system-config-dir");
  }

  private ProcessRunner.Result sh(Path dir, String... command) {
    return ProcessRunner.run(dir, List.of(command), env).assertOk();
  }

  private Path gitDvcRepo(String name) {
    Path repo = tmp.resolve(name);
    sh(tmp, "git", "init", "-q", "-b", "main", repo.toString());
    sh(repo, dvc, "init", "-q");
    return repo;
  }

  @Test
  void globalAndSystemLevels_writtenByDvc_areWhereCairnPullsFromAndCachesTo() throws Exception {
    Path alice = gitDvcRepo("alice");
    Path store = tmp.resolve("global-store");
    Path sharedCache = tmp.resolve("shared-cache");
    sh(alice, dvc, "remote", "add", "--system", "-d", "sysstore", tmp.resolve("nope").toString());
    sh(alice, dvc, "remote", "add", "--global", "-d", "teamstore", store.toString());
    sh(alice, dvc, "config", "--global", "cache.dir", sharedCache.toString());
    String origins = sh(alice, dvc, "config", "--list", "--show-origin").stdout();
    assertThat(origins)
        .contains(tmp.resolve("levels/global/config") + "\tcore.remote=teamstore")
        .contains(tmp.resolve("levels/system/config") + "\tremote.sysstore.url=");
    Files.writeString(alice.resolve("a.txt"), "from alice\n", UTF_8);
    sh(alice, dvc, "add", "a.txt");
    sh(alice, dvc, "push");
    sh(alice, "git", "add", "-A");
    sh(alice, "git", "commit", "-q", "-m", "a");

    Path bob = tmp.resolve("bob");
    sh(tmp, "git", "clone", "-q", alice.toString(), bob.toString());
    Files.writeString(bob.resolve("b.txt"), "from bob\n", UTF_8);
    Cli.run(bob, "add", "b.txt").assertOk();
    assertThat(Files.exists(bob.resolve(".dvc/cache"))).isFalse();
    // the real dvc finds the object cairn wrote in the globally configured cache
    sh(bob, dvc, "push", "b.txt.dvc");
    sh(bob, "git", "add", "-A");
    sh(bob, "git", "commit", "-q", "-m", "b");

    Path carol = tmp.resolve("carol");
    sh(tmp, "git", "clone", "-q", bob.toString(), carol.toString());
    Path carolCache = tmp.resolve("carol-cache");
    // the local level beats the global one, as in dvc
    sh(carol, dvc, "config", "--local", "cache.dir", carolCache.toString());
    Cli.run(carol, "pull").assertOk();
    assertThat(carol.resolve("a.txt")).hasContent("from alice");
    assertThat(carol.resolve("b.txt")).hasContent("from bob");
    assertThat(Files.isDirectory(carolCache.resolve("files/md5"))).isTrue();
    assertThat(sh(carol, dvc, "status", "--cloud", "--json").stdout().strip()).isEqualTo("{}");
  }

  @Test
  void remoteReference_dvcPushesThroughIt_cairnPullsThroughIt() throws Exception {
    Path dana = gitDvcRepo("dana");
    sh(dana, dvc, "remote", "add", "base", tmp.resolve("base-store").toString());
    sh(dana, dvc, "remote", "add", "-d", "sub", "remote://base/projects/churn");
    Files.writeString(dana.resolve("m.bin"), "weights\n", UTF_8);
    sh(dana, dvc, "add", "m.bin");
    sh(dana, dvc, "push");
    assertThat(Files.isDirectory(tmp.resolve("base-store/projects/churn/files/md5"))).isTrue();
    sh(dana, "git", "add", "-A");
    sh(dana, "git", "commit", "-q", "-m", "m");

    Path erin = tmp.resolve("erin");
    sh(tmp, "git", "clone", "-q", dana.toString(), erin.toString());
    Cli.run(erin, "pull").assertOk();
    assertThat(erin.resolve("m.bin")).hasContent("weights");
    Files.writeString(erin.resolve("n.bin"), "more\n", UTF_8);
    Cli.run(erin, "add", "n.bin").assertOk();
    Cli.run(erin, "push").assertOk();
    sh(erin, "git", "add", "-A");
    sh(erin, "git", "commit", "-q", "-m", "n");
    sh(dana, "git", "pull", "-q", erin.toString(), "main");
    sh(dana, dvc, "pull", "n.bin.dvc");
    assertThat(dana.resolve("n.bin")).hasContent("more");
  }

  @Test
  void autostage_cairnAddStagesWhatDvcAddStages() throws Exception {
    Path withDvc = gitDvcRepo("with-dvc");
    Path withCairn = gitDvcRepo("with-cairn");
    for (Path repo : List.of(withDvc, withCairn)) {
      sh(repo, dvc, "config", "core.autostage", "true");
      sh(repo, "git", "add", "-A");
      sh(repo, "git", "commit", "-q", "-m", "init");
      Files.createDirectories(repo.resolve("data"));
      Files.writeString(repo.resolve("data/x.csv"), "a,b\n", UTF_8);
    }
    sh(withDvc, dvc, "add", "data/x.csv");
    Cli.run(withCairn, "add", "data/x.csv").assertOk();

    String staged = sh(withDvc, "git", "status", "--porcelain").stdout();
    assertThat(staged).contains("A  data/x.csv.dvc", "A  data/.gitignore");
    assertThat(sh(withCairn, "git", "status", "--porcelain").stdout()).isEqualTo(staged);
  }

  @Test
  void perOutputRemote_pushedToAndPulledFromItsOwnRemote_byCairnAndDvc() throws Exception {
    Path frank = gitDvcRepo("frank");
    Path open = tmp.resolve("open-store");
    Path restricted = tmp.resolve("restricted-store");
    sh(frank, dvc, "remote", "add", "-d", "open", open.toString());
    sh(frank, dvc, "remote", "add", "restricted", restricted.toString());
    Files.writeString(frank.resolve("public.csv"), "public\n", UTF_8);
    Files.writeString(frank.resolve("pii.csv"), "restricted\n", UTF_8);
    Cli.run(frank, "add", "public.csv", "pii.csv").assertOk();
    // dvc 3 syntax, written by hand as DVC users do
    Path pointer = frank.resolve("pii.csv.dvc");
    Files.writeString(pointer, Files.readString(pointer, UTF_8) + "  remote: restricted\n");
    sh(frank, dvc, "status", "--json");

    // -r open leaves out the output that lives elsewhere, as dvc push -r does
    Cli.run(frank, "push", "-r", "open").assertOk();
    assertThat(objects(open)).hasSize(1);
    assertThat(objects(restricted)).isEmpty();
    // cloud status checks each output against its own remote, as push does: pii.csv is not on
    // restricted yet. dvc 3.67's status -c leaves outputs with a remote: field out altogether (it
    // says {} here, and with -r restricted it lists public.csv but not pii.csv): a documented
    // difference
    assertThat(cloudStatus(frank)).isEqualTo(Map.of("pii.csv", "new"));
    assertThat(dvcCloudStatus(frank)).isEmpty();
    Cli.run(frank, "push").assertOk();
    assertThat(objects(open)).hasSize(1);
    assertThat(objects(restricted)).hasSize(1);
    assertThat(objects(open)).doesNotContainAnyElementsOf(objects(restricted));
    assertThat(cloudStatus(frank)).isEmpty();
    assertThat(dvcCloudStatus(frank)).isEmpty();
    sh(frank, "git", "add", "-A");
    sh(frank, "git", "commit", "-q", "-m", "two outputs");

    Path withDvc = tmp.resolve("gina");
    sh(tmp, "git", "clone", "-q", frank.toString(), withDvc.toString());
    sh(withDvc, dvc, "pull");
    assertThat(withDvc.resolve("pii.csv")).hasContent("restricted");
    assertThat(withDvc.resolve("public.csv")).hasContent("public");

    // what the real dvc pushed per output, cairn pulls per output
    Path hank = gitDvcRepo("hank");
    sh(hank, dvc, "remote", "add", "-d", "open", tmp.resolve("open2").toString());
    sh(hank, dvc, "remote", "add", "restricted", tmp.resolve("restricted2").toString());
    Files.writeString(hank.resolve("pii.csv"), "restricted 2\n", UTF_8);
    sh(hank, dvc, "add", "pii.csv");
    Path hankPointer = hank.resolve("pii.csv.dvc");
    Files.writeString(hankPointer, Files.readString(hankPointer, UTF_8) + "  remote: restricted\n");
    sh(hank, dvc, "push");
    assertThat(objects(tmp.resolve("restricted2"))).hasSize(1);
    assertThat(Files.exists(tmp.resolve("open2"))).isFalse();
    sh(hank, "git", "add", "-A");
    sh(hank, "git", "commit", "-q", "-m", "pii");
    Path ivan = tmp.resolve("ivan");
    sh(tmp, "git", "clone", "-q", hank.toString(), ivan.toString());
    Cli.run(ivan, "pull").assertOk();
    assertThat(ivan.resolve("pii.csv")).hasContent("restricted 2");
  }

  private static Map<?, ?> cloudStatus(Path repo) throws Exception {
    String out = Cli.run(repo, "status", "-c", "--json").assertOk().out();
    return new com.fasterxml.jackson.databind.ObjectMapper().readValue(out, Map.class);
  }

  private Map<?, ?> dvcCloudStatus(Path repo) throws Exception {
    String out = sh(repo, dvc, "status", "-c", "--json").stdout();
    return new com.fasterxml.jackson.databind.ObjectMapper().readValue(out, Map.class);
  }

  private static List<String> objects(Path store) throws Exception {
    if (!Files.isDirectory(store)) {
      return List.of();
    }
    try (var walk = Files.walk(store)) {
      return walk.filter(Files::isRegularFile).map(p -> store.relativize(p).toString()).toList();
    }
  }
}
