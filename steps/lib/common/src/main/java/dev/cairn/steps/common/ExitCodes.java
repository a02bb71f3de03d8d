package dev.cairn.steps.common;

import dev.cairn.core.ConcurrentWriteException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.IntegrityException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.RemoteAccessException;
import picocli.CommandLine.ParameterException;

/** The documented exit codes (DESIGN.md §4) and the one place exceptions are mapped to them. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int FAILURE = 1;
  public static final int USAGE = 2;
  public static final int CONFIGURATION = 3;
  public static final int REMOTE = 4;
  public static final int INTEGRITY = 5;
  public static final int CONFLICT = 6;

  /** train-register with {@code --fail-on-reject}: the promotion gate rejected the model. */
  public static final int GATE_REJECTED = 7;

  private ExitCodes() {}

  /** The exit code for a failure, by its type. */
  public static int of(Throwable failure) {
    if (failure instanceof PartialFailure partial) {
      return partial.exitCode();
    }
    if (failure instanceof InvalidInputException
        || failure instanceof ParameterException
        || failure instanceof IllegalArgumentException) {
      return USAGE;
    }
    if (failure instanceof ConfigurationException) {
      return CONFIGURATION;
    }
    if (failure instanceof RemoteAccessException) {
      return REMOTE;
    }
    if (failure instanceof IntegrityException) {
      return INTEGRITY;
    }
    if (failure instanceof ConcurrentWriteException) {
      return CONFLICT;
    }
    return FAILURE;
  }
}
