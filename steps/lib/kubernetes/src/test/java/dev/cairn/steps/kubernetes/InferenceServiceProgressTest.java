package dev.cairn.steps.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InferenceServiceProgressTest {

  private static Map<String, Object> withStatus(Map<String, Object> status) {
    return Map.of("metadata", Map.of("generation", 2), "status", status);
  }

  @Test
  void of_readyAtNewGeneration_isDone() {
    Map<String, Object> isvc =
        withStatus(
            Map.of(
                "observedGeneration",
                2,
                "conditions",
                List.of(
                    Map.of("type", "PredictorReady", "status", "True"),
                    Map.of("type", "Ready", "status", "True"))));

    assertThat(InferenceServiceProgress.of(isvc, 2))
        .isEqualTo(RolloutProgress.done("Ready=True at generation 2"));
  }

  @Test
  void of_readyAtOldGeneration_waits() {
    Map<String, Object> isvc =
        withStatus(
            Map.of(
                "observedGeneration",
                1,
                "conditions",
                List.of(Map.of("type", "Ready", "status", "True"))));

    assertThat(InferenceServiceProgress.of(isvc, 2))
        .isEqualTo(
            RolloutProgress.waiting(
                "waiting for the controller to observe generation 2 (observed 1)"));
  }

  @Test
  void of_noObservedGeneration_trustsReady() {
    Map<String, Object> isvc =
        withStatus(Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True"))));

    assertThat(InferenceServiceProgress.of(isvc, 2).state()).isEqualTo(RolloutProgress.State.DONE);
  }

  @Test
  void of_notReady_waitsWithReasonAndMessageOnOneLine() {
    Map<String, Object> isvc =
        withStatus(
            Map.of(
                "observedGeneration",
                2L,
                "conditions",
                List.of(
                    Map.of(
                        "type",
                        "Ready",
                        "status",
                        "False",
                        "reason",
                        "RevisionFailed",
                        "message",
                        "Revision \"churn-predictor-00002\" failed\nwith message: OOMKilled"))));

    assertThat(InferenceServiceProgress.of(isvc, 2))
        .isEqualTo(
            RolloutProgress.waiting(
                "Ready=False: RevisionFailed: Revision \"churn-predictor-00002\" failed with"
                    + " message: OOMKilled"));
  }

  @Test
  void of_noStatusOrNoReadyCondition_waits() {
    assertThat(InferenceServiceProgress.of(Map.of("spec", Map.of()), 1))
        .isEqualTo(RolloutProgress.waiting("no Ready condition yet"));
    assertThat(
            InferenceServiceProgress.of(
                withStatus(Map.of("conditions", List.of("garbage", Map.of("type", "Other")))), 1))
        .isEqualTo(RolloutProgress.waiting("no Ready condition yet"));
  }
}
