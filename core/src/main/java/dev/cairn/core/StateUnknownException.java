package dev.cairn.core;

import org.jspecify.annotations.Nullable;

/**
 * It is unknown whether an operation took effect (for example a push whose answer was lost). The
 * message says what to check before re-running. Exit code 1.
 */
public class StateUnknownException extends CairnException {
  private static final long serialVersionUID = 1L;

  public StateUnknownException(String message) {
    super(message);
  }

  public StateUnknownException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
