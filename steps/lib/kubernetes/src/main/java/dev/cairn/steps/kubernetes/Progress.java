package dev.cairn.steps.kubernetes;

import java.util.Objects;

/** One look at a rollout: finished, still going, or failed, with a line saying why. */
record Progress(State state, String message) {

  enum State {
    DONE,
    WAITING,
    FAILED
  }

  Progress {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(message, "message");
  }

  static Progress done(String message) {
    return new Progress(State.DONE, message);
  }

  static Progress waiting(String message) {
    return new Progress(State.WAITING, message);
  }

  static Progress failed(String message) {
    return new Progress(State.FAILED, message);
  }
}
