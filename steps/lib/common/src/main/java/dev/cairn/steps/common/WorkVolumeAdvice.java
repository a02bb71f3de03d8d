package dev.cairn.steps.common;

import java.util.Optional;

/**
 * The advice a step gives when it had to hash a large tree with no hash state from an earlier run:
 * its work directory started empty (an emptyDir in a pod), so every file was read. A persistent
 * work directory (the templates' {@code work-volume}: a PVC mounted at {@code /workspace}) keeps
 * the hash state, and the next run reads only the files that changed.
 */
public final class WorkVolumeAdvice {
  /** A tree of at least this many files is large. */
  static final long LARGE_FILES = 10_000;

  /** A tree of at least this many bytes (1 GiB) is large. */
  static final long LARGE_BYTES = 1L << 30;

  private WorkVolumeAdvice() {}

  /**
   * The advice, or empty when the hash state was not empty at the start of the run or the tree is
   * small.
   *
   * @param stateWasEmpty the work directory held no hash state when the step started
   * @param files the files hashed
   * @param bytes their total size
   */
  public static Optional<String> of(boolean stateWasEmpty, long files, long bytes) {
    if (!stateWasEmpty || (files < LARGE_FILES && bytes < LARGE_BYTES)) {
      return Optional.empty();
    }
    return Optional.of(
        "no hash state from an earlier run, so all "
            + files
            + " files ("
            + ProgressReporter.human(bytes)
            + ") were read; set work-volume (a PVC for /workspace) so that the next run reuses"
            + " the hash state");
  }

  /** Adds the advice as a summary row ({@code work directory}) when there is one. */
  public static void addTo(Markdown md, Optional<String> advice) {
    advice.ifPresent(text -> md.row("work directory", text));
  }
}
