package dev.cairn.core.remote;

import dev.cairn.core.IntegrityException;

/** An object that should be on a remote is not there. */
public final class MissingObjectException extends IntegrityException {
  private static final long serialVersionUID = 1L;

  public MissingObjectException(String message) {
    super(message);
  }
}
