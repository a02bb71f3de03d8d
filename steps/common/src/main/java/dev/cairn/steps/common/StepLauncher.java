package dev.cairn.steps.common;

import picocli.CommandLine;

/** Runs a picocli command with Cairn's error handling and exit codes. */
public final class StepLauncher {
  private StepLauncher() {}

  /** Builds the command line every Cairn entry point uses. */
  public static CommandLine commandLine(Object command) {
    CommandLine commandLine = new CommandLine(command);
    commandLine.setExecutionExceptionHandler(new ErrorReporter());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setExitCodeExceptionMapper(ExitCodes::of);
    commandLine.setParameterExceptionHandler(
        (failure, args) -> {
          CommandLine failed = failure.getCommandLine();
          failed
              .getErr()
              .println(
                  "error: "
                      + String.valueOf(failure.getMessage()).replace('\n', ' ').strip()
                      + " (see "
                      + failed.getCommandSpec().qualifiedName()
                      + " --help)");
          failed.getErr().flush();
          return ExitCodes.USAGE;
        });
    return commandLine;
  }

  /** Executes {@code args} and returns the exit code, without calling {@code System.exit}. */
  public static int execute(Object command, String... args) {
    return commandLine(command).execute(args);
  }
}
