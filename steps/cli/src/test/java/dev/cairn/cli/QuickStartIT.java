package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, {@code bin/demo}, run as a user runs it (a separate process per step,
 * the packaged jar and its lib/ folder): day 1, day 2, the retried day 2, the rollback, show and
 * lineage all succeed.
 */
class QuickStartIT {
  @TempDir Path scratch;

  @Test
  void binDemo_runsTheWholeScenario() throws Exception {
    Path root = InteropTools.repoRoot();
    assertThat(root.resolve("steps/cli/target/cairn.jar")).exists();
    ProcessRunner.Result run =
        ProcessRunner.run(
                root,
                List.of("bash", root.resolve("bin/demo").toString(), scratch.toString()),
                Map.of("CAIRN_DEMO_NO_BUILD", "1"))
            .assertOk();
    assertThat(run.stdout())
        .contains("promoted: true")
        .contains("changed: false")
        .contains("serving/current -> versions/v0.0.1")
        .contains("churn-model  v0.0.2  v0.0.1")
        .contains("<- churn-data@v0.0.2")
        .contains("done: every step succeeded");
    assertThat(Files.readSymbolicLink(scratch.resolve("serving/current")).toString())
        .isEqualTo("versions/v0.0.1");
  }
}
