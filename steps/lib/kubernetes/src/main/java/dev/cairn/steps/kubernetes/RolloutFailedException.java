package dev.cairn.steps.kubernetes;

import dev.cairn.core.CairnException;

/**
 * The serving object was updated but its controller reports that the rollout failed (a Deployment
 * past its {@code progressDeadlineSeconds}). Exit code 1.
 */
public class RolloutFailedException extends CairnException {
  private static final long serialVersionUID = 1L;

  public RolloutFailedException(String message) {
    super(message);
  }
}
