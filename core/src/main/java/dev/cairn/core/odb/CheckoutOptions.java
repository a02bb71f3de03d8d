package dev.cairn.core.odb;

import dev.cairn.core.Progress;

/**
 * How to check out.
 *
 * @param force delete or replace workspace files even when their content is not in the cache
 * @param isExec make a single-file output executable (the {@code isexec} of its {@code .dvc} entry;
 *     ignored for directories, whose {@code .dir} listing carries no modes)
 * @param progress told about every file
 */
public record CheckoutOptions(boolean force, boolean isExec, Progress progress) {
  /** Safe (no force), not executable, no progress. */
  public static final CheckoutOptions DEFAULT = new CheckoutOptions(false, false, Progress.NONE);

  public CheckoutOptions withForce(boolean value) {
    return new CheckoutOptions(value, isExec, progress);
  }

  public CheckoutOptions withExec(boolean value) {
    return new CheckoutOptions(force, value, progress);
  }

  public CheckoutOptions withProgress(Progress value) {
    return new CheckoutOptions(force, isExec, value);
  }
}
