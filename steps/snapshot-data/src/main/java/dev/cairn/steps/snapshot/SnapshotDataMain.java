package dev.cairn.steps.snapshot;

import dev.cairn.steps.common.StepLauncher;

/** Entry point of the {@code cairn-snapshot-data} image. */
public final class SnapshotDataMain {
  private SnapshotDataMain() {}

  public static void main(String[] args) {
    StepLauncher.exit(() -> StepLauncher.executeStep(new SnapshotDataCommand(), args));
  }
}
