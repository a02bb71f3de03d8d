package dev.cairn.core;

import org.jspecify.annotations.Nullable;

/**
 * Another writer kept winning the race for the Git remote until the retry budget ran out. Nothing
 * was half-written. Exit code 6.
 */
public class ConcurrentWriteException extends CairnException {
  private static final long serialVersionUID = 1L;

  public ConcurrentWriteException(String message) {
    super(message);
  }

  public ConcurrentWriteException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
