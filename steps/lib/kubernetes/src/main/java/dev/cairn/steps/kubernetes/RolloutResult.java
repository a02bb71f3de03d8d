package dev.cairn.steps.kubernetes;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A finished rollout.
 *
 * @param target the object that was updated
 * @param namespace its namespace
 * @param generation the object's {@code metadata.generation} that was rolled out
 * @param waited how long the wait for the rollout took
 * @param status the last status seen, for the step's summary ({@code 3 of 3 updated replicas are
 *     available})
 * @param previousStorageUri for an InferenceService, the model URI it served before the patch (null
 *     for a Deployment or if it had none)
 */
public record RolloutResult(
    ServingTarget target,
    String namespace,
    long generation,
    Duration waited,
    String status,
    @Nullable String previousStorageUri) {

  public RolloutResult {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(waited, "waited");
    Objects.requireNonNull(status, "status");
    if (waited.isNegative()) {
      throw new IllegalArgumentException("waited < 0: " + waited);
    }
  }
}
