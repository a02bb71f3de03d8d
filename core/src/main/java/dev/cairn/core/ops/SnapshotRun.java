package dev.cairn.core.ops;

/** One run of {@link Snapshot}. */
final class SnapshotRun {
  private final Store store;
  private final Snapshot.Request request;

  SnapshotRun(Store store, Snapshot.Request request) {
    this.store = store;
    this.request = request;
  }

  Snapshot.Result call() {
    throw new UnsupportedOperationException("not yet implemented: " + store + request);
  }
}
