package dev.cairn.core.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.git.GitAccess;
import dev.cairn.core.git.GitRemoteOptions;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real gto (and git) agree with what Cairn writes, and Cairn reads what gto wrote. */
class RegistryGtoInteropIT {
  @TempDir Path tmp;
  private Path bare;
  private String url;
  private int clones;

  @BeforeEach
  void bareRepo() throws Exception {
    InteropTools.require("gto");
    Path seed = tmp.resolve("seed");
    Files.createDirectories(seed);
    git(seed, "init", "-q", "-b", "main");
    Files.writeString(seed.resolve("README.md"), "x\n");
    git(seed, "add", ".");
    git(seed, "commit", "-q", "-m", "init");
    bare = tmp.resolve("reg.git");
    ProcessRunner.run(
            tmp, List.of("git", "clone", "-q", "--bare", seed.toString(), bare.toString()))
        .assertOk();
    url = bare.toUri().toString();
  }

  private static void git(Path dir, String... args) {
    List<String> cmd =
        new java.util.ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@x"));
    cmd.addAll(List.of(args));
    ProcessRunner.run(dir, cmd).assertOk();
  }

  private GitRepo connect() {
    return GitRepo.connect(
        GitRemoteOptions.builder()
            .url(url)
            .access(GitAccess.none())
            .workDir(tmp.resolve("w" + clones++))
            .build());
  }

  private void assertAgrees(GitRepo repo) throws Exception {
    Path clone = GtoAgreement.cloneWithGit(url, tmp.resolve("c" + clones++));
    GtoAgreement.assertShowAgrees(clone, repo.refreshTags());
    GtoAgreement.assertShowNameAgrees(clone, repo.tags());
    GtoAgreement.assertHistoryAgrees(clone, repo.tags());
  }

  private static Map<String, byte[]> file(String path, String content) {
    return Map.of(path, content.getBytes(UTF_8));
  }

  @Test
  void cairnScriptedSequence_gtoShowAndHistoryAgree() throws Exception {
    try (GitRepo repo = connect()) {
      Registry r = Registry.on(repo);
      r.register(
          RegisterRequest.of("churn-model").withFiles(file("models/churn-model.dvc", "1"), "m1"));
      r.assign("churn-model", "v0.0.1", "prod", null);
      r.register(
          RegisterRequest.of("churn-model")
              .withBump(Bump.MINOR)
              .withFiles(file("models/churn-model.dvc", "2"), "m2"));
      r.assign("churn-model", "v0.1.0", "prod", null);
      r.assign("churn-model", "v0.1.0", "staging", null);
      r.register(
          RegisterRequest.of("churn-data").withFiles(file("data/churn-data.dvc", "d1"), "d1"));
      assertAgrees(repo);

      RegistryWrite back = r.rollback("churn-model", "prod", null, "latency regression");
      assertThat(back.version()).isEqualTo("v0.0.1");
      assertAgrees(repo);
      Path clone = GtoAgreement.cloneWithGit(url, tmp.resolve("c-which"));
      String which =
          ProcessRunner.run(
                  clone,
                  List.of(
                      InteropTools.require("gto").toString(), "show", "churn-model#prod", "--ref"))
              .assertOk()
              .stdout();
      assertThat(which.strip()).isEqualTo("churn-model@v0.0.1");

      r.register(
          RegisterRequest.of("churn-model")
              .withVersion("v1.0.0")
              .withFiles(file("models/churn-model.dvc", "3"), "m3"));
      r.assign("churn-model", "v1.0.0", "prod", null);
      r.deregister("churn-model", "v1.0.0", null);
      assertAgrees(repo);

      r.unassign("churn-model", "v0.1.0", "staging", null);
      r.deprecate("churn-data", null);
      r.rollback("churn-model", "prod", "v0.1.0", null);
      assertAgrees(repo);
    }
  }

  @Test
  void gtoWrittenRegistry_cairnReadsTheSameState() throws Exception {
    Path work = tmp.resolve("gto-work");
    ProcessRunner.run(tmp, List.of("git", "clone", "-q", url, work.toString())).assertOk();
    String gto = InteropTools.require("gto").toString();
    Map<String, String> env =
        Map.of(
            "GIT_AUTHOR_NAME",
            "g",
            "GIT_AUTHOR_EMAIL",
            "g@x",
            "GIT_COMMITTER_NAME",
            "g",
            "GIT_COMMITTER_EMAIL",
            "g@x");
    List<List<String>> script =
        List.of(
            List.of(gto, "register", "nn"),
            List.of(gto, "assign", "nn", "--version", "v0.0.1", "--stage", "dev"),
            List.of("COMMIT"),
            List.of(gto, "register", "nn", "--bump-major"),
            List.of(gto, "assign", "nn", "--version", "v1.0.0", "--stage", "dev"),
            List.of(gto, "assign", "nn", "--version", "v1.0.0", "--stage", "prod"),
            List.of(gto, "deprecate", "nn", "v1.0.0", "dev"),
            List.of("COMMIT"),
            List.of(gto, "register", "other", "--version", "v2.0.0-rc.1"),
            List.of(gto, "deprecate", "nn", "v0.0.1"),
            List.of(gto, "deprecate", "other"));
    int n = 0;
    for (List<String> step : script) {
      if (step.get(0).equals("COMMIT")) {
        Files.writeString(work.resolve("f" + n), "x" + n++);
        git(work, "add", ".");
        git(work, "commit", "-q", "-m", "c" + n);
        continue;
      }
      ProcessRunner.run(work, step, env).assertOk();
    }
    git(work, "push", "-q", "origin", "main", "--tags");
    try (GitRepo repo = connect()) {
      RegistryState state = Registry.on(repo).state();
      assertThat(state.require("nn").versionInStage("prod")).contains("v1.0.0");
      assertThat(state.require("nn").versionInStage("dev")).isEmpty();
      assertThat(state.require("other").active()).isFalse();
      GtoAgreement.assertShowAgrees(work, repo.tags());
      GtoAgreement.assertShowNameAgrees(work, repo.tags());
      GtoAgreement.assertHistoryAgrees(work, repo.tags());
      // Cairn continues the registry gto wrote: counters continue after gto's.
      RegistryWrite w = Registry.on(repo).assign("nn", "v1.0.0", "dev", null);
      assertThat(w.tags()).containsExactly("nn#dev#" + (state.require("nn").nextCounter()));
    }
  }

  @Test
  void tagsDeletedByGtoAndGit_laterCairnWritesTakeTheFreedCounters() throws Exception {
    String gto = InteropTools.require("gto").toString();
    Map<String, String> env =
        Map.of(
            "GIT_AUTHOR_NAME",
            "g",
            "GIT_AUTHOR_EMAIL",
            "g@x",
            "GIT_COMMITTER_NAME",
            "g",
            "GIT_COMMITTER_EMAIL",
            "g@x");
    try (GitRepo repo =
        GitRepo.connect(
            GitRemoteOptions.builder()
                .url(url)
                .access(GitAccess.none())
                .workDir(tmp.resolve("w-deleted"))
                .retryTimeout(java.time.Duration.ofSeconds(5))
                .build())) {
      Registry r = Registry.on(repo);
      r.register(RegisterRequest.of("m").withFiles(file("models/m.dvc", "1"), "m1"));
      assertThat(r.assign("m", "v0.0.1", "prod", null).tags()).containsExactly("m#prod#1");

      // gto undoes the assignment: the tag goes, Cairn's claim on counter 1 stays behind.
      Path clone = GtoAgreement.cloneWithGit(url, tmp.resolve("c-gto-delete"));
      ProcessRunner.run(
              clone, List.of(gto, "deprecate", "m", "v0.0.1", "prod", "--delete", "--push"), env)
          .assertOk();
      assertThat(ProcessRunner.run(tmp, List.of("git", "ls-remote", url)).assertOk().stdout())
          .doesNotContain("refs/tags/m#prod#1")
          .contains("refs/cairn/claims/counter/m/1");
      repo.refreshTags(); // a write within a second of the last fetch would reuse it
      RegistryWrite dev = r.assign("m", "v0.0.1", "dev", null);
      assertThat(dev.tags()).containsExactly("m#dev#1");
      assertThat(dev.attempts()).isEqualTo(1);

      // the same after a plain `git push --delete`
      ProcessRunner.run(clone, List.of("git", "fetch", "-q", "--tags", "origin")).assertOk();
      git(clone, "push", "-q", "--delete", "origin", "m#dev#1");
      repo.refreshTags();
      RegistryWrite prod = r.assign("m", "v0.0.1", "prod", null);
      assertThat(prod.tags()).containsExactly("m#prod#1");
      assertThat(prod.attempts()).isEqualTo(1);

      // gto writes the next counter itself; Cairn continues after it.
      Path clone2 = GtoAgreement.cloneWithGit(url, tmp.resolve("c-gto-assign"));
      ProcessRunner.run(
              clone2,
              List.of(gto, "assign", "m", "--version", "v0.0.1", "--stage", "staging", "--push"),
              env)
          .assertOk();
      assertThat(r.state().require("m").nextCounter()).isEqualTo(BigInteger.valueOf(3));
      assertThat(r.unassign("m", "v0.0.1", "staging", null).tags()).containsExactly("m#staging!#3");
      assertAgrees(repo);
    }
  }

  /**
   * Counters past Java's int and long range (gto's are Python ints): gto and Cairn each continue
   * the other's, and gto show agrees with Cairn on which version holds each stage.
   */
  @Test
  void countersBeyondIntAndLong_gtoAndCairnContinueEachOther() throws Exception {
    String gto = InteropTools.require("gto").toString();
    Map<String, String> env =
        Map.of(
            "GIT_AUTHOR_NAME",
            "g",
            "GIT_AUTHOR_EMAIL",
            "g@x",
            "GIT_COMMITTER_NAME",
            "g",
            "GIT_COMMITTER_EMAIL",
            "g@x");
    try (GitRepo repo = connect()) {
      Registry r = Registry.on(repo);
      r.register(RegisterRequest.of("m").withFiles(file("models/m.dvc", "1"), "m1"));
      r.register(RegisterRequest.of("m").withFiles(file("models/m.dvc", "2"), "m2"));
      Path clone = GtoAgreement.cloneWithGit(url, tmp.resolve("c-big"));
      git(clone, "tag", "-a", "m#staging#2147483647", "-m", "crafted", "m@v0.0.1^{commit}");
      git(clone, "push", "-q", "origin", "m#staging#2147483647");
      repo.refreshTags();

      assertThat(r.assign("m", "v0.0.2", "staging", null).tags())
          .containsExactly("m#staging#2147483648");
      Path clone2 = GtoAgreement.cloneWithGit(url, tmp.resolve("c-big-gto"));
      ProcessRunner.run(
              clone2,
              List.of(gto, "assign", "m", "--version", "v0.0.1", "--stage", "prod", "--push"),
              env)
          .assertOk();
      assertThat(ProcessRunner.run(clone2, List.of("git", "tag", "-l", "m#prod#*")).stdout())
          .isEqualTo("m#prod#2147483649\n");
      assertThat(r.state().require("m").nextCounter())
          .isEqualTo(java.math.BigInteger.valueOf(2147483650L));
      assertAgrees(repo);

      git(
          clone2,
          "tag",
          "-a",
          "m#dev#99999999999999999999999",
          "-m",
          "crafted",
          "m@v0.0.2^{commit}");
      git(clone2, "push", "-q", "origin", "m#dev#99999999999999999999999");
      RegistryWrite back = r.rollback("m", "staging", null, "bad weights");
      assertThat(back.tags())
          .containsExactly(
              "m#staging!#100000000000000000000000", "m#staging#100000000000000000000001");
      assertThat(r.state().require("m").stages())
          .containsEntry("staging", "v0.0.1")
          .containsEntry("prod", "v0.0.1")
          .containsEntry("dev", "v0.0.2");
      assertAgrees(repo);
    }
  }

  @Test
  void showName_oneHolderPerStage_deregisteredHoldsNone_asGto() throws Exception {
    try (GitRepo repo = connect()) {
      Registry r = Registry.on(repo);
      r.register(RegisterRequest.of("m").withFiles(file("models/m.dvc", "1"), "m1"));
      r.register(RegisterRequest.of("m").withFiles(file("models/m.dvc", "2"), "m2"));
      r.register(RegisterRequest.of("m").withFiles(file("models/m.dvc", "3"), "m3"));
      r.assign("m", "v0.0.1", "prod", null);
      r.assign("m", "v0.0.1", "dev", null);
      r.assign("m", "v0.0.2", "prod", null); // v0.0.1 keeps an active prod assignment
      r.assign("m", "v0.0.3", "staging", null);
      assertAgrees(repo);
      List<Map<String, Object>> view = GtoVersions.of(r.state().require("m"));
      assertThat(view)
          .extracting(v -> v.get("version"))
          .containsExactly("v0.0.3", "v0.0.2", "v0.0.1");
      assertThat(stagesOf(view, "v0.0.1")).containsExactly("dev");
      assertThat(stagesOf(view, "v0.0.2")).containsExactly("prod");

      r.deregister("m", "v0.0.2", null); // prod falls back to v0.0.1, as in gto
      assertAgrees(repo);
      view = GtoVersions.of(r.state().require("m"));
      assertThat(view).extracting(v -> v.get("version")).containsExactly("v0.0.3", "v0.0.1");
      assertThat(stagesOf(view, "v0.0.1")).containsExactly("dev", "prod"); // newest first, as gto

      r.unassign("m", "v0.0.1", "prod", null);
      r.deprecate("m", null);
      assertAgrees(repo);
      assertThat(GtoVersions.of(r.state().require("m"))).isEmpty();
    }
  }

  private static List<Object> stagesOf(List<Map<String, Object>> view, String version) {
    return view.stream()
        .filter(v -> version.equals(v.get("version")))
        .flatMap(v -> ((List<?>) java.util.Objects.requireNonNull(v.get("stages"))).stream())
        .map(s -> ((Map<?, ?>) s).get("stage"))
        .map(Object.class::cast)
        .toList();
  }
}
