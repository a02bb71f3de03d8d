package dev.cairn.steps.common;

import dev.cairn.core.CairnException;

/**
 * A step failed after it had changed something: its outputs and summary were written (listing what
 * changed and what did not), and the message says what happened and what to run next. Exits with
 * the code of the underlying failure.
 */
public final class PartialFailure extends CairnException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  private PartialFailure(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /**
   * Wraps {@code cause}: {@code "<done>, but <cause's one line> (next: <next>)"}, keeping its exit
   * code.
   */
  public static PartialFailure after(String done, Throwable cause, String next) {
    return new PartialFailure(
        done + ", but " + ErrorReporter.oneLine(cause) + " (next: " + next + ")",
        ExitCodes.of(cause),
        cause);
  }

  public int exitCode() {
    return exitCode;
  }
}
