package dev.cairn.manifests;

import java.util.ArrayList;
import java.util.List;

/**
 * The entrypoint Jib gives each step image (the {@code jib-maven-plugin} configuration of the
 * parent POM: the JVM, its flags, the class path file, then the step's main class). The Argo
 * templates and the KFP components set it as the container {@code command}, so that neither Argo's
 * emissary executor nor a KFP launcher has to ask the registry for the image's entrypoint (an
 * offline cluster cannot).
 */
final class StepImage {
  /**
   * The entrypoint up to the main class: {@code java}, the Jib {@code jvmFlags} (the first names
   * the image's file of start-up archive options), the class path.
   */
  static final List<String> JVM =
      List.of(
          "java",
          "@/app/cairn-jvm.args",
          "-XX:MaxRAMPercentage=75",
          "-XX:+UseSerialGC",
          "-XX:-UsePerfData",
          "-cp",
          "@/app/jib-classpath-file");

  private StepImage() {}

  /** The main class of a step's image ({@code cairn.image.mainClass} in the step's POM). */
  static String mainClass(StepModel step) {
    return mainClass(step.name());
  }

  /** The main class of the image of the step named {@code step} ({@code snapshot-data}). */
  static String mainClass(String step) {
    return switch (step) {
      case "snapshot-data" -> "dev.cairn.steps.snapshot.SnapshotDataMain";
      case "train-register" -> "dev.cairn.steps.train.TrainRegisterMain";
      case "rollback-model" -> "dev.cairn.steps.rollback.RollbackModelMain";
      default -> throw new IllegalArgumentException("Cannot map step to a main class: " + step);
    };
  }

  /** The image's entrypoint, to use as the container command: {@link #JVM}, then the main class. */
  static List<String> entrypoint(StepModel step) {
    List<String> command = new ArrayList<>(JVM);
    command.add(mainClass(step));
    return List.copyOf(command);
  }
}
