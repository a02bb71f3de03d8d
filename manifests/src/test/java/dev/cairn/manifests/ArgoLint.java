package dev.cairn.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test helper: runs the real Argo CLI's {@code argo lint --offline} (installed into {@code
 * .tools/bin} by {@code .ci/install-interop-tools}). Pass every file a {@code templateRef} or
 * {@code workflowTemplateRef} refers to in the same call: offline lint resolves references only
 * from its arguments.
 */
public final class ArgoLint {
  private ArgoLint() {}

  /** The outcome of one lint run: the CLI's exit code and what it printed. */
  public record Result(int exitCode, String output) {}

  /** Lints {@code files} offline and strictly; never throws for lint errors, see the result. */
  public static Result lint(Path workDir, List<Path> files) {
    Path argo = InteropTools.require("argo");
    List<String> command = new ArrayList<>();
    command.add(argo.toString());
    command.add("lint");
    command.add("--offline");
    command.add("--strict=true");
    command.add("--output=simple");
    for (Path file : files) {
      command.add(file.toAbsolutePath().toString());
    }
    // No cluster: an empty kubeconfig keeps the CLI from reading the user's.
    ProcessRunner.Result result =
        ProcessRunner.run(workDir, command, Map.of("KUBECONFIG", "/dev/null", "ARGO_SERVER", ""));
    return new Result(result.exitCode(), result.stdout() + result.stderr());
  }

  /** Lints {@code files} and fails the test unless the CLI accepts every one of them. */
  public static void assertClean(Path workDir, List<Path> files) {
    Result result = lint(workDir, files);
    assertThat(result.exitCode()).as("argo lint --offline:%n%s", result.output()).isZero();
  }
}
