package dev.cairn.core.odb;

import dev.cairn.core.Progress;

/**
 * How to check out.
 *
 * @param force delete or replace workspace files even when their content is not in the cache
 * @param isExec make a single-file output executable (the {@code isexec: true} of its {@code .dvc}
 *     entry; ignored for directories, whose {@code .dir} listing carries no modes)
 * @param progress told about every file
 * @param jobs files compared, hashed or linked in parallel; at least 1
 */
public record CheckoutOptions(boolean force, boolean isExec, Progress progress, int jobs) {
  /** Default parallelism: twice the cores (hashing is CPU-bound, linking I/O-bound). */
  public static final int DEFAULT_JOBS = 2 * Runtime.getRuntime().availableProcessors();

  /** Safe (no force), not executable, no progress, default parallelism. */
  public static final CheckoutOptions DEFAULT =
      new CheckoutOptions(false, false, Progress.NONE, DEFAULT_JOBS);

  public CheckoutOptions {
    if (jobs < 1) {
      throw new IllegalArgumentException("Cannot checkout with " + jobs + " jobs (at least 1)");
    }
  }

  public CheckoutOptions withForce(boolean value) {
    return new CheckoutOptions(value, isExec, progress, jobs);
  }

  public CheckoutOptions withExec(boolean value) {
    return new CheckoutOptions(force, value, progress, jobs);
  }

  public CheckoutOptions withProgress(Progress value) {
    return new CheckoutOptions(force, isExec, value, jobs);
  }

  public CheckoutOptions withJobs(int value) {
    return new CheckoutOptions(force, isExec, progress, value);
  }
}
