package dev.cairn.steps.kubernetes;

import org.jspecify.annotations.Nullable;

/**
 * A Fabric8 failure re-told with every known credential redacted, kept as the cause of Cairn's
 * exceptions so {@code --verbose} still shows where it came from.
 */
final class ApiFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private ApiFailure(String message, @Nullable Throwable cause) {
    super(message, cause, false, true);
  }

  /** {@code failure} and its causes, messages passed through {@code errors}' redaction. */
  static @Nullable ApiFailure of(@Nullable Throwable failure, KubeErrors errors) {
    if (failure == null) {
      return null;
    }
    Throwable cause = failure.getCause() == failure ? null : failure.getCause();
    String message = failure.getMessage();
    ApiFailure copy =
        new ApiFailure(
            failure.getClass().getName() + (message == null ? "" : ": " + errors.redact(message)),
            of(cause, errors));
    copy.setStackTrace(failure.getStackTrace());
    return copy;
  }
}
