package dev.cairn.core;

import org.jspecify.annotations.Nullable;

/**
 * Bad input from the user: a malformed file, a path outside the repository, an unknown version, a
 * malformed expression. Exit code 2.
 */
public class InvalidInputException extends CairnException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
