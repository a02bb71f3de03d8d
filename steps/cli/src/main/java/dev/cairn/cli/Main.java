package dev.cairn.cli;

import dev.cairn.steps.common.StepLauncher;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/** Entry point of {@code cairn}. */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    version = "cairn 0.1.0",
    description = "Versions datasets and models in DVC 3 format, with GTO-compatible tags.")
public final class Main {
  /** The subcommands, in the order {@code cairn --help} lists them. */
  private static final List<Class<?>> SUBCOMMANDS =
      List.of(
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
          dev.cairn.cli.registry.HoldCommand.class,
          dev.cairn.cli.registry.ReleaseCommand.class,
          dev.cairn.cli.registry.ShowCommand.class,
          dev.cairn.cli.registry.HistoryCommand.class,
          dev.cairn.cli.registry.LineageCommand.class,
          HelpCommand.class);

  public static void main(String[] args) {
    StepLauncher.exit(() -> commandLine(args).execute(args));
  }

  /**
   * The {@code cairn} command line for these arguments. When the first argument names a subcommand,
   * only that one is built: building the model of every subcommand (and the libraries their options
   * pull in) is most of a short command's start-up time. Anything else (no arguments, an option,
   * {@code help}, a mistyped name) gets every subcommand, so help, usage and suggestions are
   * complete.
   */
  public static CommandLine commandLine(String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    String first = args.length > 0 ? args[0] : "";
    List<Class<?>> chosen =
        SUBCOMMANDS.stream().filter(c -> !"help".equals(first) && nameOf(c).equals(first)).toList();
    for (Class<?> subcommand : chosen.isEmpty() ? SUBCOMMANDS : chosen) {
      commandLine.addSubcommand(subcommand);
    }
    // after the subcommands are added: picocli applies these settings to the hierarchy as it is
    return StepLauncher.configure(commandLine);
  }

  private static String nameOf(Class<?> subcommand) {
    return subcommand.getAnnotation(Command.class).name();
  }
}
