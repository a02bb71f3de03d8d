package dev.cairn.cli;

import dev.cairn.steps.common.StepLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** Entry point of {@code cairn}. */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    version = "cairn 0.1.0",
    description = "Versions datasets and models in DVC 3 format, with GTO-compatible tags.",
    subcommands = {
      InitCommand.class,
      AddCommand.class,
      PushCommand.class,
      FetchCommand.class,
      PullCommand.class,
      CheckoutCommand.class,
      StatusCommand.class,
      HashCommand.class,
      RemoteCommand.class,
      dev.cairn.steps.snapshot.SnapshotDataCommand.class,
      dev.cairn.steps.train.TrainRegisterCommand.class,
      dev.cairn.steps.rollback.RollbackModelCommand.class,
      dev.cairn.cli.registry.RegisterCommand.class,
      dev.cairn.cli.registry.AssignCommand.class,
      dev.cairn.cli.registry.UnassignCommand.class,
      dev.cairn.cli.registry.DeregisterCommand.class,
      dev.cairn.cli.registry.DeprecateCommand.class,
      dev.cairn.cli.registry.ShowCommand.class,
      dev.cairn.cli.registry.HistoryCommand.class,
      dev.cairn.cli.registry.LineageCommand.class,
      HelpCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(StepLauncher.execute(new Main(), args));
  }
}
