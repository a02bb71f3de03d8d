package dev.cairn.steps.train;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.steps.common.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The step against a local bare registry and a local data remote: option parsing, the exit codes of
 * bad input (refused before anything is written), and the promotion it asks of the registry (gates
 * parsed once, checked against the candidate and the stage's model, the verdict's exit code).
 */
class TrainRegisterCommandTest {
  @TempDir Path tmp;
  private Path origin;

  @BeforeEach
  void registry() throws Exception {
    origin = tmp.resolve("registry.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call().close();
  }

  /** Registers a model whose weights and accuracy are given, with {@code extra} options. */
  private TrainRegisterRun register(String weights, double accuracy, String... extra)
      throws Exception {
    Path metrics = tmp.resolve("metrics-" + weights + ".json");
    Files.writeString(metrics, "{\"accuracy\": " + accuracy + "}", UTF_8);
    List<String> args = new ArrayList<>(List.of("--metrics", metrics.toString()));
    args.addAll(List.of(extra));
    return TrainRegisterRun.of(origin, tmp, weights, args);
  }

  private Set<String> refs() throws Exception {
    Set<String> refs = new TreeSet<>();
    try (Git git = Git.open(origin.toFile())) {
      for (Ref ref : git.getRepository().getRefDatabase().getRefs()) {
        refs.add(ref.getName());
      }
    }
    return refs;
  }

  @Test
  void gateWithoutStage_isAUsageError_nothingWritten() throws Exception {
    TrainRegisterRun run = register("w1", 0.9, "--gate", "accuracy >= 0.5");

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err())
        .contains("Cannot use --gate without --stage (name the stage to promote to)");
    assertThat(refs()).isEmpty();
  }

  @Test
  void gateSyntaxErrorOrUnrecordedMetric_isAUsageError_nothingWritten() throws Exception {
    TrainRegisterRun syntax = register("w1", 0.9, "--stage", "prod", "--gate", "accuracy >>= 0.5");
    TrainRegisterRun unknown = register("w1", 0.9, "--stage", "prod", "--gate", "f1 >= 0.5");

    assertThat(syntax.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("f1");
    assertThat(refs()).isEmpty();
  }

  @Test
  void badIfEmpty_isAUsageError() throws Exception {
    TrainRegisterRun run = register("w1", 0.9, "--stage", "prod", "--if-empty", "maybe");

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--if-empty");
  }

  @Test
  void gatePasses_promotes_andARejectionExitsWith7UnderFailOnReject() throws Exception {
    TrainRegisterRun first =
        register("w1", 0.9, "--stage", "prod", "--gate", "accuracy >= stage.accuracy");
    assertThat(first.code()).as("stderr: %s", first.err()).isZero();
    assertThat(first.out()).contains("promoted: true");

    TrainRegisterRun worse =
        register(
            "w2",
            0.8,
            "--stage",
            "prod",
            "--gate",
            "accuracy >= stage.accuracy",
            "--fail-on-reject");

    assertThat(worse.code()).as("stderr: %s", worse.err()).isEqualTo(ExitCodes.GATE_REJECTED);
    assertThat(worse.out())
        .contains("not promoted:")
        .contains("accuracy >= stage.accuracy")
        .contains("promoted: false");
    assertThat(refs())
        .contains("refs/tags/churn-model@v0.0.2")
        .doesNotContain("refs/tags/churn-model#prod#2");
  }

  @Test
  void gateOnAStageMetricTheStageModelLacks_isRefusedBeforeRegistering() throws Exception {
    assertThat(register("w1", 0.9, "--stage", "prod").code()).isZero();
    Set<String> before = refs();

    TrainRegisterRun run =
        register("w2", 0.95, "--stage", "prod", "--gate", "accuracy >= stage.f1");

    assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("stage.f1");
    assertThat(refs()).isEqualTo(before);
  }
}
