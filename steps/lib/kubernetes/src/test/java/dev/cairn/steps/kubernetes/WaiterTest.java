package dev.cairn.steps.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.RemoteAccessException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WaiterTest {
  private static final ServingTarget WEB = ServingTarget.deployment("web");
  private static final Waiter.Subject SUBJECT =
      new Waiter.Subject(WEB, "ml", "the restart was applied", "check with kubectl");
  private final KubeErrors errors = new KubeErrors("https://10.96.0.1:443/", List.of());
  private final Waiter waiter = new Waiter(Duration.ofMillis(1), errors);

  private static KubernetesClientException http(int code) {
    return new KubernetesClientException(
        "Failure", code, new StatusBuilder().withCode(code).build());
  }

  @Test
  void await_transientFailuresThenDone_returnsDone() {
    AtomicInteger calls = new AtomicInteger();

    Waiter.Waited waited =
        waiter.await(
            SUBJECT,
            Duration.ofSeconds(30),
            () -> {
              switch (calls.incrementAndGet()) {
                case 1 -> throw http(503);
                case 2 -> throw new KubernetesClientException("x", new ConnectException("refused"));
                case 3 -> throw http(429);
                case 4 -> {
                  return RolloutProgress.waiting("1 of 2 updated replicas are available");
                }
                default -> {
                  return RolloutProgress.done("rolled out");
                }
              }
            });

    assertThat(waited.last()).isEqualTo(RolloutProgress.done("rolled out"));
    assertThat(calls).hasValue(5);
  }

  @Test
  void await_forbidden_endsAtOnceNamingGet() {
    AtomicInteger calls = new AtomicInteger();

    assertThatThrownBy(
            () ->
                waiter.await(
                    SUBJECT,
                    Duration.ofSeconds(30),
                    () -> {
                      calls.incrementAndGet();
                      throw http(403);
                    }))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessageStartingWith("Cannot get deployments.apps/web in namespace ml: forbidden");
    assertThat(calls).hasValue(1);
  }

  @Test
  void await_alwaysUnavailable_timesOutWithTheLastFailure() {
    assertThatThrownBy(
            () ->
                waiter.await(
                    SUBJECT,
                    Duration.ofMillis(50),
                    () -> {
                      throw http(503);
                    }))
        .isInstanceOf(RolloutTimeoutException.class)
        .hasMessage(
            "Cannot finish rollout of deployment/web in namespace ml: not finished in 0.05 s,"
                + " last status: HTTP 503 (the restart was applied; check with kubectl)");
  }

  @Test
  void await_failed_endsAtOnce() {
    assertThatThrownBy(
            () ->
                waiter.await(
                    SUBJECT,
                    Duration.ofSeconds(30),
                    () -> RolloutProgress.failed("exceeded its deadline")))
        .isInstanceOf(RolloutFailedException.class)
        .hasMessage(
            "Cannot finish rollout of deployment/web in namespace ml: exceeded its deadline (the"
                + " restart was applied; check with kubectl)");
  }

  @Test
  void await_interrupted_stopsAndKeepsTheFlag() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(
              () ->
                  waiter.await(
                      SUBJECT, Duration.ofSeconds(30), () -> RolloutProgress.waiting("still")))
          .hasMessageContaining("interrupted while waiting");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void seconds_wholeOrDecimal() {
    assertThat(Waiter.seconds(Duration.ofMinutes(5))).isEqualTo("300");
    assertThat(Waiter.seconds(Duration.ofMillis(300))).isEqualTo("0.3");
    assertThat(Waiter.seconds(Duration.ofMillis(1500))).isEqualTo("1.5");
  }
}
