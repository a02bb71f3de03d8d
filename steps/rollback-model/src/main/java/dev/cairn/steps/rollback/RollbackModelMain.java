package dev.cairn.steps.rollback;

import dev.cairn.steps.common.StepLauncher;

/** Entry point of the {@code cairn-rollback-model} image. */
public final class RollbackModelMain {
  private RollbackModelMain() {}

  public static void main(String[] args) {
    StepLauncher.exit(() -> StepLauncher.executeStep(new RollbackModelCommand(), args));
  }
}
