package dev.cairn.core;

import org.jspecify.annotations.Nullable;

/**
 * Stored data does not match its content address, or an object a pointer promises is missing. Exit
 * code 5.
 */
public class IntegrityException extends CairnException {
  private static final long serialVersionUID = 1L;

  public IntegrityException(String message) {
    super(message);
  }

  public IntegrityException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
