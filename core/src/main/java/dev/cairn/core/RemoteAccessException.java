package dev.cairn.core;

import org.jspecify.annotations.Nullable;

/**
 * A remote or Git server cannot be reached, or refused access. The message names the missing
 * permission (for example {@code s3:PutObject on arn:aws:s3:::bucket/key}). Exit code 4.
 */
public class RemoteAccessException extends CairnException {
  private static final long serialVersionUID = 1L;

  public RemoteAccessException(String message) {
    super(message);
  }

  public RemoteAccessException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
