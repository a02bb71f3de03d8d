package dev.cairn.core.ops;

/** The steps of a {@link Rollback}. */
final class RollbackRunner {
  private RollbackRunner() {}

  static Rollback.Plan plan(Store store, Rollback.Request request) {
    throw new UnsupportedOperationException("not yet");
  }

  static Rollback.Result run(Store store, Rollback.Request request, Serving serving) {
    throw new UnsupportedOperationException("not yet");
  }
}
