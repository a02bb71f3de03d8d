package dev.cairn.steps.train;

import dev.cairn.steps.common.StepLauncher;

/** Entry point of the {@code cairn-train-register} image. */
public final class TrainRegisterMain {
  private TrainRegisterMain() {}

  public static void main(String[] args) {
    StepLauncher.exit(() -> StepLauncher.executeStep(new TrainRegisterCommand(), args));
  }
}
