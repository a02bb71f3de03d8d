package dev.cairn.steps.kubernetes;

import dev.cairn.core.CairnException;

/**
 * The serving object was updated but its rollout did not finish within the timeout. The message
 * says how to check on it. Exit code 1.
 */
public class RolloutTimeoutException extends CairnException {
  private static final long serialVersionUID = 1L;

  public RolloutTimeoutException(String message) {
    super(message);
  }
}
