package dev.cairn.steps.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The decisions of {@code kubectl rollout status} for a Deployment. */
class DeploymentProgressTest {

  private static Deployment deployment(
      long generation,
      @Nullable Long observed,
      @Nullable Integer wanted,
      int replicas,
      int updated,
      int available) {
    DeploymentBuilder builder =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName("web")
            .withGeneration(generation)
            .endMetadata()
            .withNewSpec()
            .withReplicas(wanted)
            .endSpec();
    if (observed != null) {
      builder
          .withNewStatus()
          .withObservedGeneration(observed)
          .withReplicas(replicas)
          .withUpdatedReplicas(updated)
          .withAvailableReplicas(available)
          .endStatus();
    }
    return builder.build();
  }

  @Test
  void of_noStatus_waitsForObservation() {
    RolloutProgress progress = DeploymentProgress.of(deployment(2, null, 3, 0, 0, 0));

    assertThat(progress.state()).isEqualTo(RolloutProgress.State.WAITING);
    assertThat(progress.message())
        .isEqualTo("waiting for the deployment controller to observe generation 2");
  }

  @Test
  void of_staleObservedGeneration_waitsEvenIfReplicasLookDone() {
    RolloutProgress progress = DeploymentProgress.of(deployment(3, 2L, 3, 3, 3, 3));

    assertThat(progress.state()).isEqualTo(RolloutProgress.State.WAITING);
  }

  @Test
  void of_notAllUpdated_waits() {
    RolloutProgress progress = DeploymentProgress.of(deployment(2, 2L, 3, 4, 1, 3));

    assertThat(progress)
        .isEqualTo(RolloutProgress.waiting("1 of 3 new replicas have been updated"));
  }

  @Test
  void of_oldReplicasLeft_waits() {
    RolloutProgress progress = DeploymentProgress.of(deployment(2, 2L, 3, 4, 3, 3));

    assertThat(progress)
        .isEqualTo(RolloutProgress.waiting("1 old replicas are pending termination"));
  }

  @Test
  void of_updatedNotAvailable_waits() {
    RolloutProgress progress = DeploymentProgress.of(deployment(2, 2L, 3, 3, 3, 2));

    assertThat(progress)
        .isEqualTo(RolloutProgress.waiting("2 of 3 updated replicas are available"));
  }

  @Test
  void of_allUpdatedAndAvailable_isDone() {
    RolloutProgress progress = DeploymentProgress.of(deployment(2, 2L, 3, 3, 3, 3));

    assertThat(progress)
        .isEqualTo(
            RolloutProgress.done("successfully rolled out: 3 of 3 updated replicas are available"));
  }

  @Test
  void of_observedAhead_isDoneToo() {
    assertThat(DeploymentProgress.of(deployment(2, 3L, 1, 1, 1, 1)).state())
        .isEqualTo(RolloutProgress.State.DONE);
  }

  @Test
  void of_scaledToZero_isDone() {
    assertThat(DeploymentProgress.of(deployment(2, 2L, 0, 0, 0, 0)).state())
        .isEqualTo(RolloutProgress.State.DONE);
  }

  @Test
  void of_progressDeadlineExceeded_fails() {
    Deployment d =
        new DeploymentBuilder(deployment(2, 2L, 3, 4, 1, 3))
            .editStatus()
            .addNewCondition()
            .withType("Progressing")
            .withStatus("False")
            .withReason("ProgressDeadlineExceeded")
            .endCondition()
            .endStatus()
            .build();

    assertThat(DeploymentProgress.of(d))
        .isEqualTo(RolloutProgress.failed("exceeded its progress deadline"));
  }
}
