package dev.cairn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.git.GitAccess;
import dev.cairn.core.git.GitIdentity;
import dev.cairn.core.git.GitRemoteOptions;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What gto 1.10 reads besides tags ({@code .gto}, {@code artifacts.yaml}) and its {@code show}
 * shortcuts, on repositories the real gto and git wrote: Cairn's show documents equal gto's.
 */
class GtoFilesInteropIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ENV =
      Map.of(
          "GIT_AUTHOR_NAME", "g",
          "GIT_AUTHOR_EMAIL", "g@x",
          "GIT_COMMITTER_NAME", "g",
          "GIT_COMMITTER_EMAIL", "g@x");

  @TempDir Path tmp;
  private Path work;
  private String gto;

  @BeforeEach
  void repo() throws Exception {
    gto = InteropTools.require("gto").toString();
    work = tmp.resolve("work");
    Files.createDirectories(work);
    run("git", "init", "-q", "-b", "main");
    Files.writeString(work.resolve("README.md"), "x\n");
    commit("init");
  }

  private ProcessRunner.Result run(String... cmd) {
    return ProcessRunner.run(work, List.of(cmd), ENV);
  }

  private void commit(String message) {
    run("git", "add", "-A").assertOk();
    run("git", "commit", "-q", "-m", message).assertOk();
  }

  private void gtoOk(String... args) {
    List<String> cmd = new ArrayList<>(List.of(gto));
    cmd.addAll(List.of(args));
    ProcessRunner.run(work, cmd, ENV).assertOk();
  }

  private GitRepo open() {
    return GitRepo.open(work, new GitIdentity("c", "c@x"));
  }

  private static @Nullable Object field(Map<String, Object> doc, String artifact, String key) {
    return ((Map<?, ?>) Objects.requireNonNull(doc.get(artifact))).get(key);
  }

  private static Object plain(Object value) throws Exception {
    return JSON.readValue(JSON.writeValueAsString(value), Object.class);
  }

  /** gto show --json and gto show Q --json for each query equal Cairn's. */
  private void assertShowAgrees(String... queries) throws Exception {
    try (GitRepo repo = open()) {
      Registry r = Registry.on(repo);
      RegistryState state = r.state();
      GtoFiles files = r.files();
      assertThat(plain(state.toShowJson(false, files)))
          .as("gto show --json")
          .isEqualTo(GtoAgreement.gtoJson(work, "show", "--json"));
      for (String q : queries) {
        GtoQuery query = GtoQuery.parse(q);
        Object cairn =
            GtoAgreement.normalized(
                plain(query.select(GtoVersions.of(query.name(), state, files))));
        Object real = GtoAgreement.normalized(GtoAgreement.gtoJson(work, "show", q, "--json"));
        assertThat(cairn).as("gto show %s --json", q).isEqualTo(real);
      }
    }
  }

  @Test
  void gtoStageAllowList_showListsEveryAllowedStage_assignOfOtherStageRefusedAsByGto()
      throws Exception {
    Files.writeString(work.resolve(".gto"), "stages: [dev, staging, prod, canary]\n");
    commit("gto config");
    gtoOk("register", "model");
    gtoOk("assign", "model", "--version", "v0.0.1", "--stage", "prod");
    ProcessRunner.Result refused =
        run(gto, "assign", "model", "--version", "v0.0.1", "--stage", "qa");
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.stdout() + refused.stderr()).contains("Allowed stages are");

    assertShowAgrees("model", "model#prod", "model#canary");
    try (GitRepo repo = open()) {
      Registry r = Registry.on(repo);
      Map<String, Object> doc = r.state().toShowJson(false, r.files());
      assertThat(String.valueOf(field(doc, "model", "stage")))
          .isEqualTo("{dev=null, staging=null, prod=v0.0.1, canary=null}");
      assertThatThrownBy(() -> r.assign("model", "v0.0.1", "qa", null))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "Cannot use stage: 'qa' (not allowed by .gto; allowed stages: dev, staging, prod,"
                  + " canary; add it to stages: in .gto to use it)");
      assertThatThrownBy(() -> r.unassign("model", "v0.0.1", "qa", null))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("allowed stages: dev, staging, prod, canary");
      assertThatThrownBy(() -> r.checkStageAllowed("prd"))
          .hasMessageContaining("did you mean prod?");
      r.checkStageAllowed("canary");
      assertThat(r.state().require("model").history()).hasSize(2); // nothing written

      r.assign("model", "v0.0.1", "canary", null);
    }
    assertShowAgrees("model", "model#canary");
    // gto accepts what Cairn wrote
    gtoOk("deprecate", "model", "v0.0.1", "canary");
    assertShowAgrees("model");
  }

  @Test
  void gtoConfigGtoRefuses_cairnRefusesToo() throws Exception {
    Files.writeString(work.resolve(".gto"), "stagez: [dev]\n");
    commit("bad config");
    assertThat(run(gto, "show").exitCode()).isNotZero();
    try (GitRepo repo = open()) {
      assertThatThrownBy(() -> Registry.on(repo).files())
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("unknown setting 'stagez'")
          .hasMessageContaining("did you mean stages?");
    }
  }

  @Test
  void gtoConfigIndex_namesTheDeclarationsFile_asGto() throws Exception {
    gtoOk("register", "m");
    Files.writeString(work.resolve(".gto"), "INDEX: other.yaml\n");
    Files.writeString(work.resolve("other.yaml"), "dd:\n  type: x\n");
    Files.writeString(work.resolve("artifacts.yaml"), "ignored:\n  type: x\n");
    commit("index elsewhere");
    assertShowAgrees("dd", "m");
    try (GitRepo repo = open()) {
      assertThat(Registry.on(repo).files().declared()).containsOnlyKeys("dd");
    }
  }

  @Test
  void queries_latestGreatestVersionAndStage_asGto() throws Exception {
    gtoOk("register", "model");
    gtoOk("assign", "model", "--version", "v0.0.1", "--stage", "prod");
    Files.writeString(work.resolve("f2"), "2");
    commit("c2");
    gtoOk("register", "model", "--bump-minor");
    gtoOk("assign", "model", "--version", "v0.1.0", "--stage", "staging");
    Files.writeString(work.resolve("f3"), "3");
    commit("c3");
    gtoOk("register", "model", "--version", "v1.0.0");
    gtoOk("deprecate", "model", "v1.0.0"); // deregistered: not latest any more
    assertShowAgrees(
        "model",
        "model#prod",
        "model#staging",
        "model#dev",
        "model@latest",
        "model@greatest",
        "model@v0.0.1",
        "model@v0.1.0",
        "model@v1.0.0",
        "model@v9.9.9");
    try (GitRepo repo = open()) {
      RegistryState state = Registry.on(repo).state();
      assertThat(
              GtoQuery.parse("model@latest")
                  .select(GtoVersions.of("model", state, GtoFiles.none())))
          .extracting(v -> v.get("version"))
          .containsExactly("v0.1.0");
    }
  }

  @Test
  void deprecatedFlag_deregisteredVersionsAndDeprecatedArtifacts_asGtoShowD() throws Exception {
    gtoOk("register", "m");
    gtoOk("assign", "m", "--version", "v0.0.1", "--stage", "prod");
    Files.writeString(work.resolve("f2"), "2");
    commit("c2");
    gtoOk("register", "m");
    gtoOk("assign", "m", "--version", "v0.0.2", "--stage", "prod");
    gtoOk("deprecate", "m", "v0.0.2"); // deregistered: prod falls back to v0.0.1
    assertDeprecatedShowAgrees("m", "m@latest", "m#prod");
    gtoOk("deprecate", "m");
    assertShowAgrees("m");
    assertDeprecatedShowAgrees("m", "m@v0.0.2");
  }

  private void assertDeprecatedShowAgrees(String... queries) throws Exception {
    try (GitRepo repo = open()) {
      Registry r = Registry.on(repo);
      RegistryState state = r.state();
      GtoFiles files = r.files();
      assertThat(plain(state.toShowJson(true, files)))
          .as("gto show -d --json")
          .isEqualTo(GtoAgreement.gtoJson(work, "show", "-d", "--json"));
      for (String q : queries) {
        GtoQuery query = GtoQuery.parse(q);
        Object cairn =
            GtoAgreement.normalized(
                plain(query.select(GtoVersions.of(query.name(), state, files, true))));
        Object real =
            GtoAgreement.normalized(GtoAgreement.gtoJson(work, "show", "-d", q, "--json"));
        assertThat(cairn).as("gto show -d %s --json", q).isEqualTo(real);
      }
    }
  }

  @Test
  void artifactsYaml_untaggedArtifactListedUnregistered_headIsADiscoveredVersion_asGto()
      throws Exception {
    gtoOk("register", "model");
    gtoOk("assign", "model", "--version", "v0.0.1", "--stage", "prod");
    gtoOk("register", "old");
    Files.writeString(
        work.resolve("artifacts.yaml"),
        "data1:\n  type: dataset\n  path: data/d1\n  description: raw data\n"
            + "model:\n  type: model\n  path: models/model.pkl\n  labels: [a1]\n"
            + "old:\n  type: model\n");
    gtoOk("deprecate", "old");
    Thread.sleep(1100); // the head commit must be later than the deprecation (whole seconds)
    commit("declare artifacts");
    assertShowAgrees("model", "data1", "old", "data1@latest", "model@latest");
    try (GitRepo repo = open()) {
      Registry r = Registry.on(repo);
      GtoFiles files = r.files();
      assertThat(files.declared().get("data1"))
          .isEqualTo(new DeclaredArtifact("dataset", "data/d1", true, List.of(), "raw data"));
      Map<String, Object> doc = r.state().toShowJson(false, files);
      assertThat(doc).containsKeys("model", "data1", "old");
      assertThat(field(doc, "data1", "registered")).isEqualTo(false);
      // gto counts the head commit as an event of a declared artifact: "old" is active again
      assertThat(field(doc, "old", "active")).isEqualTo(true);
    }

    // the same through a mirror of a remote (shallow fetch of the branch, no checkout)
    Path bare = tmp.resolve("remote.git");
    run("git", "clone", "-q", "--bare", work.toString(), bare.toString()).assertOk();
    try (GitRepo remote =
        GitRepo.connect(
            GitRemoteOptions.builder()
                .url(bare.toUri().toString())
                .access(GitAccess.none())
                .workDir(tmp.resolve("mirror"))
                .build())) {
      Registry r = Registry.on(remote);
      RegistryState state = r.state();
      GtoFiles files = r.files();
      assertThat(plain(state.toShowJson(false, files)))
          .isEqualTo(GtoAgreement.gtoJson(work, "show", "--json"));
      assertThat(GtoAgreement.normalized(plain(GtoVersions.of("data1", state, files))))
          .isEqualTo(
              GtoAgreement.normalized(GtoAgreement.gtoJson(work, "show", "data1", "--json")));
    }

    // a version registered at the head: no discovered version for it
    gtoOk("register", "model");
    assertShowAgrees("model", "data1");
  }
}
