package dev.cairn.core.ops;

/** The steps of {@link Serving#publish}. */
final class ServingPublisher {
  private ServingPublisher() {}

  static Serving.Outcome publish(Store store, Serving serving, String name, String version) {
    throw new UnsupportedOperationException("not yet");
  }
}
