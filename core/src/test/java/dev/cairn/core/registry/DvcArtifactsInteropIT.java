package dev.cairn.core.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.Progress;
import dev.cairn.core.git.GitRemoteOptions;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.ops.Add;
import dev.cairn.core.ops.DataSync;
import dev.cairn.core.ops.Workspace;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code dvc artifacts get --stage} fetches exactly the version Cairn's registry says is in
 * the stage, after promotions and a rollback.
 */
class DvcArtifactsInteropIT {
  private static final Map<String, String> GIT_ENV =
      Map.of(
          "GIT_AUTHOR_NAME", "t",
          "GIT_AUTHOR_EMAIL", "t@localhost",
          "GIT_COMMITTER_NAME", "t",
          "GIT_COMMITTER_EMAIL", "t@localhost");

  @TempDir Path tmp;

  private static void sh(Path dir, String... command) {
    ProcessRunner.run(dir, List.of(command), GIT_ENV).assertOk();
  }

  @Test
  void artifactsGetStage_fetchesTheVersionCairnSaysIsInTheStage() throws Exception {
    Path dvc = InteropTools.require("dvc");
    Path bare = tmp.resolve("models.git");
    sh(tmp, "git", "init", "-q", "--bare", "-b", "main", bare.toString());
    Path work = tmp.resolve("work");
    sh(tmp, "git", "clone", "-q", bare.toString(), work.toString());
    sh(work, "git", "checkout", "-q", "-b", "main");
    Workspace.init(work).close();
    // a remote every clone can reach: an absolute local directory
    sh(work, dvc.toString(), "remote", "add", "-d", "store", tmp.resolve("remote").toString());
    Files.writeString(
        work.resolve("dvc.yaml"),
        "artifacts:\n  churn-model:\n    path: model.pkl\n    type: model\n",
        UTF_8);

    GitRemoteOptions options =
        GitRemoteOptions.builder()
            .url(bare.toUri().toString())
            .workDir(tmp.resolve("mirror"))
            .build();
    for (String weights : List.of("weights v1\n", "weights v2\n")) {
      Files.writeString(work.resolve("model.pkl"), weights, UTF_8);
      try (Workspace workspace = Workspace.open(work)) {
        Add.run(workspace, List.of(work.resolve("model.pkl")), Progress.NONE);
        DataSync.push(workspace, List.of(), DataSync.Options.defaults());
      }
      sh(work, "git", "add", "-A");
      sh(work, "git", "commit", "-q", "-m", "model " + weights.strip());
      sh(work, "git", "push", "-q", "origin", "main");
      try (GitRepo repo = GitRepo.connect(options)) {
        Registry.on(repo).register(RegisterRequest.of("churn-model"));
      }
    }
    try (GitRepo repo = GitRepo.connect(options)) {
      Registry registry = Registry.on(repo);
      registry.assign("churn-model", "v0.0.1", "prod", null);
      registry.assign("churn-model", "v0.0.2", "prod", null);
      assertThat(fetchStage(dvc, bare, "prod")).isEqualTo("weights v2\n");

      RegistryWrite rollback = registry.rollback("churn-model", "prod", null, "bad AUC");
      assertThat(rollback.version()).isEqualTo("v0.0.1");
      assertThat(registry.state().require("churn-model").versionInStage("prod")).contains("v0.0.1");
    }
    assertThat(fetchStage(dvc, bare, "prod")).isEqualTo("weights v1\n");
  }

  private String fetchStage(Path dvc, Path bare, String stage) throws Exception {
    Path out = Files.createTempDirectory(tmp, "get").resolve("model.pkl");
    ProcessRunner.run(
            tmp,
            List.of(
                dvc.toString(),
                "artifacts",
                "get",
                bare.toUri().toString(),
                "churn-model",
                "--stage",
                stage,
                "-o",
                out.toString()),
            GIT_ENV)
        .assertOk();
    return Files.readString(out, UTF_8);
  }
}
