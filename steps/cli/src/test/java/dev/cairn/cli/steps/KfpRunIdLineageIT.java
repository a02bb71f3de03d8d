package dev.cairn.cli.steps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KFP run a step runs in reaches the registered lineage: from {@code CAIRN_KFP_RUN_ID} (the
 * environment of a pod) and from {@code --kfp-run-id} (what the Cairn KFP components pass, the run
 * id the KFP backend substitutes for {@code {{$.pipeline_job_uuid}}}).
 */
class KfpRunIdLineageIT {
  @TempDir Path tmp;
  private StepFixture f;
  private Path model;

  @BeforeEach
  void setUp() throws Exception {
    f = new StepFixture(tmp);
    model = Files.createDirectories(tmp.resolve("model"));
    Files.writeString(model.resolve("weights.txt"), "w\n", UTF_8);
  }

  private String lineage(String ref) {
    StepFixture.Run run =
        StepFixture.run(List.of("lineage", ref, "--repo=" + f.repo.toUri())).assertOk();
    return run.out();
  }

  @Test
  void theRunIdFromThePodEnvironmentIsRecordedInLineage() {
    List<String> argv = f.args("train-register", "--name", "m", "--model", model.toString());
    ProcessRunner.Result result =
        ProcessRunner.run(
            tmp,
            StepFixture.javaCommand(argv),
            Map.of(
                "CAIRN_KFP_RUN_ID", "5d3c9a4e-0b1f-4c7e-9d2a-7f3e1c0b8a61",
                "KFP_POD_NAME", "cairn-daily-retrain-x7k2-system-container-impl-123"));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(lineage("m@v0.0.1"))
        .contains(
            "run: kfp 5d3c9a4e-0b1f-4c7e-9d2a-7f3e1c0b8a61"
                + " pod=cairn-daily-retrain-x7k2-system-container-impl-123");
  }

  @Test
  void theRunIdTheComponentPassesIsRecordedInLineage() {
    List<String> argv =
        new ArrayList<>(f.args("train-register", "--name", "m", "--model", model.toString()));
    argv.add("--kfp-run-id=8f0e2b7c-1111-2222-3333-444455556666");
    StepFixture.run(argv).assertOk();
    assertThat(lineage("m@v0.0.1")).contains("run: kfp 8f0e2b7c-1111-2222-3333-444455556666");
  }

  @Test
  void anUnresolvedPlaceholderIsNoRunId() {
    // a KFP backend older than 2.4 hands the placeholder through as it is
    List<String> argv =
        new ArrayList<>(f.args("train-register", "--name", "m", "--model", model.toString()));
    argv.add("--kfp-run-id={{$.pipeline_job_uuid}}");
    StepFixture.run(argv).assertOk();
    String lineage = lineage("m@v0.0.1");
    assertThat(lineage).doesNotContain("pipeline_job_uuid");
    assertThat(lineage).containsPattern("run: kfp( pod=\\S+)?\n");
  }
}
