package dev.cairn.cli;

import dev.cairn.steps.common.StepLauncher;
import picocli.CommandLine.Command;

/** Entry point of {@code cairn}. */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    version = "cairn 0.1.0",
    description = "Versions datasets and models in DVC 3 format, with GTO-compatible tags.",
    subcommands = {})
public final class Main {

  public static void main(String[] args) {
    System.exit(StepLauncher.execute(new Main(), args));
  }
}
