package dev.cairn.cli;

import dev.cairn.steps.common.StepLauncher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
          dev.cairn.steps.common.GetCommand.class,
          CompareCommand.class,
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

  @Option(
      names = "-C",
      paramLabel = "DIR",
      description =
          "Run as if cairn was started in DIR (like git -C; each -C is relative to the one before).")
  List<Path> directories = new ArrayList<>();

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
    String first = firstCommandName(args);
    List<Class<?>> chosen =
        SUBCOMMANDS.stream().filter(c -> !"help".equals(first) && nameOf(c).equals(first)).toList();
    boolean versionOnly = List.of("-V", "--version").contains(first);
    for (Class<?> subcommand :
        versionOnly ? List.<Class<?>>of() : chosen.isEmpty() ? SUBCOMMANDS : chosen) {
      commandLine.addSubcommand(subcommand);
    }
    commandLine.setExecutionStrategy(Main::execute);
    // after the subcommands are added: picocli applies these settings to the hierarchy as it is
    return StepLauncher.configure(commandLine);
  }

  /** The first argument that is not a {@code -C DIR} before the command. */
  private static String firstCommandName(String... args) {
    int i = 0;
    while (i < args.length && args[i].startsWith("-C")) {
      i += args[i].equals("-C") ? 2 : 1;
    }
    return i < args.length ? args[i] : "";
  }

  /**
   * Runs the command, after checking that a {@code -C} before it has a meaning there: the data
   * commands resolve their paths against it and the registry commands a local {@code --repo}; the
   * pipeline steps take their paths as given, so {@code cairn -C DIR snapshot-data} is refused
   * rather than silently ignoring {@code DIR}.
   */
  private static int execute(ParseResult parsed) {
    ParseResult leaf = parsed;
    while (leaf.hasSubcommand()) {
      leaf = leaf.subcommand();
    }
    CommandSpec command = leaf.commandSpec();
    if (parsed.hasMatchedOption("-C")
        && !leaf.isUsageHelpRequested()
        && !command.helpCommand()
        && command.findOption("-C") == null
        && command.findOption("--repo") == null) {
      throw new ParameterException(
          command.commandLine(),
          "Cannot use -C with "
              + command.qualifiedName()
              + ": a pipeline step takes its paths as given (give them absolute or relative to"
              + " where cairn starts)");
    }
    return new CommandLine.RunLast().execute(parsed);
  }

  private static String nameOf(Class<?> subcommand) {
    return subcommand.getAnnotation(Command.class).name();
  }
}
