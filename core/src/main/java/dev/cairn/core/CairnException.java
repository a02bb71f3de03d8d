package dev.cairn.core;

import org.jspecify.annotations.Nullable;

/**
 * Root of every failure Cairn reports. Unchecked so it crosses lambdas; the step runtime maps the
 * subclasses to exit codes in one place. Messages follow {@code Cannot <verb> <thing>: <value>
 * (<remedy>)} and never contain secret values.
 */
public class CairnException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CairnException(String message) {
    super(message);
  }

  public CairnException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
