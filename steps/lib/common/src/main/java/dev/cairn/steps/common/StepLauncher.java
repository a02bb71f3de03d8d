package dev.cairn.steps.common;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Runs a picocli command with Cairn's error handling and exit codes. */
public final class StepLauncher {
  private StepLauncher() {}

  /** Builds the command line every Cairn entry point uses. */
  public static CommandLine commandLine(Object command) {
    return configure(new CommandLine(command));
  }

  /**
   * Applies Cairn's error handling, exit codes, case-insensitive enums and library log levels
   * (warnings of MINA SSHD and JGit only with {@code --verbose}) to a command line and the
   * subcommands it has now (picocli does not apply them to subcommands added later).
   */
  public static CommandLine configure(CommandLine commandLine) {
    standardHelpOptions(commandLine, true);
    commandLine.setExecutionExceptionHandler(new ErrorReporter());
    // wraps the strategy the command line has (RunLast unless its owner set one)
    CommandLine.IExecutionStrategy inner = commandLine.getExecutionStrategy();
    commandLine.setExecutionStrategy(
        parseResult -> {
          if (ErrorReporter.verbose(parseResult)) {
            LibraryLogging.showWarnings();
          }
          return inner.execute(parseResult);
        });
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExitCodeExceptionMapper(ExitCodes::of);
    commandLine.setParameterExceptionHandler(
        (failure, args) -> {
          CommandLine failed = failure.getCommandLine();
          failed.getErr().println(UsageErrors.line(failure));
          failed.getErr().flush();
          return ExitCodes.USAGE;
        });
    return commandLine;
  }

  /**
   * Gives every command in the tree {@code -h/--help} and keeps {@code -V/--version} on the root
   * only, as git and dvc do: {@code cairn show -V} is an unknown option, not an empty line. A step
   * command is the root of its own image and keeps its {@code -V} there.
   */
  private static void standardHelpOptions(CommandLine commandLine, boolean root) {
    CommandSpec spec = commandLine.getCommandSpec();
    if (spec.options().stream().noneMatch(OptionSpec::usageHelp)) {
      String[] names =
          java.util.stream.Stream.of("-h", "--help")
              .filter(n -> spec.findOption(n) == null)
              .toArray(String[]::new);
      if (names.length > 0) {
        spec.addOption(
            OptionSpec.builder(names)
                .usageHelp(true)
                .description("Show this help message and exit.")
                .build());
      }
    }
    if (!root) {
      spec.options().stream().filter(OptionSpec::versionHelp).toList().forEach(spec::remove);
    }
    commandLine.getSubcommands().values().forEach(sub -> standardHelpOptions(sub, false));
  }

  /**
   * Executes {@code args} and returns the exit code, without calling {@code System.exit}. A leading
   * copy of the step's own JVM launch command (as {@code kfp.local}'s Docker runner passes it) is
   * dropped.
   */
  public static int execute(Object command, String... args) {
    return guarded(() -> commandLine(command).execute(LaunchArguments.withoutLaunchCommand(args)));
  }

  /**
   * What a step image runs: its step, or, when the first argument is {@code get}, {@link
   * GetCommand} ({@code get NAME@vX.Y.Z DIR}), so any step image can fetch a registered version as
   * an init container or a KFP task before training.
   */
  public static int executeStep(Object step, String... args) {
    String[] rest = LaunchArguments.withoutLaunchCommand(args);
    if (rest.length > 0 && rest[0].equals("get")) {
      return execute(new GetCommand(), java.util.Arrays.copyOfRange(rest, 1, rest.length));
    }
    return execute(step, rest);
  }

  /**
   * The entry point of a step image or the CLI: runs {@code run} and exits with its code. Running
   * out of memory on any thread is one {@code error:} line and exit code 1 ({@link OutOfMemory}).
   */
  public static void exit(java.util.function.IntSupplier run) {
    OutOfMemory.exitOnUncaught();
    System.exit(guarded(run));
  }

  private static int guarded(java.util.function.IntSupplier run) {
    try {
      return run.getAsInt();
    } catch (OutOfMemoryError e) {
      OutOfMemory.report(System.err);
      return ExitCodes.FAILURE;
    }
  }
}
