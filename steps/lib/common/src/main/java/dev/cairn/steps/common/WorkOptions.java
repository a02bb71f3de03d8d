package dev.cairn.steps.common;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where a step keeps its Git mirror, cache and hash state, and how much it prints. */
public final class WorkOptions {
  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      defaultValue = "${env:CAIRN_WORK_DIR}",
      description =
          "Scratch directory for the Git mirror, object cache and hash state; keep it on a"
              + " persistent volume to make re-runs incremental. One step at a time per"
              + " directory (default: one per user, $XDG_CACHE_HOME/cairn/work, else"
              + " ~/.cache/cairn/work, else <tmpdir>/cairn-work-<user or uid> when the home is not"
              + " writable). Env: CAIRN_WORK_DIR.")
  private @Nullable Path workDir;

  @Option(
      names = "--verbose",
      defaultValue = "${env:CAIRN_VERBOSE:-false}",
      description = "Print stack traces of failures. Env: CAIRN_VERBOSE.")
  private boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      defaultValue = "${env:CAIRN_QUIET:-false}",
      description = "Print only errors and results, no progress. Env: CAIRN_QUIET.")
  private boolean quiet;

  @Option(
      names = "--kfp-run-id",
      paramLabel = "ID",
      defaultValue = "${env:CAIRN_KFP_RUN_ID}",
      description =
          "The Kubeflow Pipelines run this step runs in, recorded in lineage and tag messages (the"
              + " Cairn KFP components pass the run's id). Env: CAIRN_KFP_RUN_ID.")
  private @Nullable String kfpRunId;

  /** The work directory, absolute. */
  public Path workDir() {
    Path dir = workDir == null ? DefaultWorkDir.forThisUser() : workDir;
    return dir.toAbsolutePath().normalize();
  }

  /** Who runs this step: the KFP run id given, else the engines' environment. */
  public RunIdentity identity() {
    return RunIdentity.current(kfpRunId);
  }

  /** Whether progress is suppressed. */
  public boolean quiet() {
    return quiet;
  }

  /** Whether stack traces are wanted. */
  public boolean verbose() {
    return verbose;
  }
}
