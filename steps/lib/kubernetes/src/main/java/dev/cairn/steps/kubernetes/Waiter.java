package dev.cairn.steps.kubernetes;

import dev.cairn.core.CairnException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a rollout until it is done, failed, or out of time. Transient API failures (no answer, 429,
 * 5xx) are retried until the deadline; any other failure ends the wait at once.
 */
final class Waiter {
  private static final Logger LOG = LoggerFactory.getLogger(Waiter.class);

  /** What the wait is about, for messages. */
  record Subject(ServingTarget target, String namespace, String applied, String checkWith) {}

  /** The final look and how long the wait took. */
  record Waited(RolloutProgress last, Duration waited) {}

  private final Duration pollInterval;
  private final KubeErrors errors;

  Waiter(Duration pollInterval, KubeErrors errors) {
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException("pollInterval must be > 0: " + pollInterval);
    }
    this.pollInterval = pollInterval;
    this.errors = Objects.requireNonNull(errors, "errors");
  }

  Waited await(Subject subject, Duration timeout, Supplier<RolloutProgress> probe) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    String last = "no status read yet";
    while (true) {
      try {
        RolloutProgress progress = probe.get();
        last = progress.message();
        if (progress.state() == RolloutProgress.State.DONE) {
          return new Waited(progress, Duration.ofNanos(System.nanoTime() - start));
        }
        if (progress.state() == RolloutProgress.State.FAILED) {
          throw new RolloutFailedException(
              failurePrefix(subject)
                  + last
                  + " ("
                  + subject.applied()
                  + "; "
                  + subject.checkWith()
                  + ")");
        }
      } catch (KubernetesClientException e) {
        if (!KubeErrors.isTransient(e)) {
          throw errors.map(e, "get", subject.target(), subject.namespace());
        }
        last = errors.describeTransient(e);
        LOG.debug("Transient failure while waiting for {}: {}", subject.target(), last);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new RolloutTimeoutException(
            failurePrefix(subject)
                + "not finished in "
                + seconds(timeout)
                + " s, last status: "
                + last
                + " ("
                + subject.applied()
                + "; "
                + subject.checkWith()
                + ")");
      }
      sleep(Math.min(remaining, pollInterval.toNanos()), subject);
    }
  }

  private static String failurePrefix(Subject subject) {
    return "Cannot finish rollout of "
        + subject.target()
        + " in namespace "
        + subject.namespace()
        + ": ";
  }

  private static void sleep(long nanos, Subject subject) {
    try {
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnException(
          failurePrefix(subject) + "interrupted while waiting (" + subject.checkWith() + ")", e);
    }
  }

  /** Whole seconds when the timeout is whole, else with a decimal ("0.5"). */
  static String seconds(Duration timeout) {
    long millis = timeout.toMillis();
    return millis % 1000 == 0
        ? Long.toString(millis / 1000)
        : java.math.BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
  }
}
