package dev.cairn.steps.common;

import dev.cairn.core.CairnException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failure as one line, {@code error: <message>}, plus a hint where we know one, and
 * returns its exit code. The stack trace is printed only when the command line has {@code
 * --verbose}.
 */
public final class ErrorReporter implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception failure, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    err.println("error: " + oneLine(failure));
    if (verbose(parseResult)) {
      failure.printStackTrace(err);
    }
    err.flush();
    return ExitCodes.of(failure);
  }

  /** {@code --verbose} on any level of the command line, or {@code CAIRN_VERBOSE=true}. */
  static boolean verbose(ParseResult parseResult) {
    if ("true".equalsIgnoreCase(System.getenv("CAIRN_VERBOSE"))) {
      return true;
    }
    for (ParseResult level = parseResult; level != null; level = level.subcommand()) {
      // --verbose=false (as the generated templates pass it) is not verbose
      if (level.hasMatchedOption("--verbose")
          && isTrue(level.matchedOptionValue("--verbose", ""))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTrue(Object value) {
    return value instanceof Boolean b ? b : "true".equalsIgnoreCase(String.valueOf(value));
  }

  /** The message a user sees: ours as written, JDK I/O failures translated into what to do. */
  public static String oneLine(Throwable failure) {
    if (OutOfMemory.isCause(failure)) {
      return OutOfMemory.message();
    }
    Throwable cause = failure instanceof UncheckedIOException ? failure.getCause() : failure;
    if (cause instanceof CairnException) {
      return flatten(String.valueOf(cause.getMessage()));
    }
    if (cause instanceof NoSuchFileException e) {
      return "no such file or directory: " + e.getFile();
    }
    if (cause instanceof AccessDeniedException e) {
      return "permission denied: " + e.getFile() + " (check the file's owner and mode)";
    }
    if (cause instanceof FileSystemException e && isDiskFull(e)) {
      return "no space left on device writing " + e.getFile() + " (free space and re-run)";
    }
    if (cause instanceof IOException e && isDiskFull(e)) {
      return "no space left on device (free space and re-run)";
    }
    String message = cause == null ? null : cause.getMessage();
    String type = cause == null ? failure.getClass().getSimpleName() : cause.getClass().getName();
    return flatten(message == null ? type : type + ": " + message)
        + " (re-run with --verbose for details)";
  }

  private static boolean isDiskFull(IOException e) {
    String message = e.getMessage();
    return message != null && message.contains("No space left on device");
  }

  private static String flatten(String message) {
    return message.replace('\n', ' ').replace('\r', ' ').strip();
  }
}
