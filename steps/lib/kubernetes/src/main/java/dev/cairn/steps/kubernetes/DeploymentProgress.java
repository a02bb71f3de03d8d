package dev.cairn.steps.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a Deployment's rollout is complete the way {@code kubectl rollout status} does:
 * the controller has observed the latest generation, every replica runs the new template, no old
 * replica is left and every updated replica is available. A {@code ProgressDeadlineExceeded}
 * condition fails the rollout.
 */
final class DeploymentProgress {
  private DeploymentProgress() {}

  static RolloutProgress of(Deployment deployment) {
    long generation = orZero(deployment.getMetadata().getGeneration());
    DeploymentStatus status = deployment.getStatus();
    if (status == null || orZero(status.getObservedGeneration()) < generation) {
      return RolloutProgress.waiting(
          "waiting for the deployment controller to observe generation " + generation);
    }
    if (status.getConditions() != null) {
      for (DeploymentCondition condition : status.getConditions()) {
        if ("Progressing".equals(condition.getType())
            && "ProgressDeadlineExceeded".equals(condition.getReason())) {
          return RolloutProgress.failed("exceeded its progress deadline");
        }
      }
    }
    Integer wanted = deployment.getSpec() == null ? null : deployment.getSpec().getReplicas();
    int replicas = orZero(status.getReplicas());
    int updated = orZero(status.getUpdatedReplicas());
    int available = orZero(status.getAvailableReplicas());
    if (wanted != null && updated < wanted) {
      return RolloutProgress.waiting(updated + " of " + wanted + " new replicas have been updated");
    }
    if (replicas > updated) {
      return RolloutProgress.waiting(
          (replicas - updated) + " old replicas are pending termination");
    }
    if (available < updated) {
      return RolloutProgress.waiting(
          available + " of " + updated + " updated replicas are available");
    }
    return RolloutProgress.done(
        "successfully rolled out: "
            + available
            + " of "
            + updated
            + " updated replicas are available");
  }

  private static long orZero(@Nullable Long value) {
    return value == null ? 0 : value;
  }

  private static int orZero(@Nullable Integer value) {
    return value == null ? 0 : value;
  }
}
