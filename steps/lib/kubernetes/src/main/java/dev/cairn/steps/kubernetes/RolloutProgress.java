package dev.cairn.steps.kubernetes;

import java.util.Objects;

/** One look at a rollout: finished, still going, or failed, with a line saying why. */
record RolloutProgress(State state, String message) {

  enum State {
    DONE,
    WAITING,
    FAILED
  }

  RolloutProgress {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
  }

  static RolloutProgress done(String message) {
    return new RolloutProgress(State.DONE, message);
  }

  static RolloutProgress waiting(String message) {
    return new RolloutProgress(State.WAITING, message);
  }

  static RolloutProgress failed(String message) {
    return new RolloutProgress(State.FAILED, message);
  }
}
