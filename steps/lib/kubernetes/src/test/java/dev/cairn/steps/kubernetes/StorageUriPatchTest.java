package dev.cairn.steps.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorageUriPatchTest {
  private static final ServingTarget TARGET = ServingTarget.inferenceService("churn");

  private static Map<String, Object> isvc(Map<String, Object> predictor) {
    return Map.of("spec", Map.of("predictor", predictor));
  }

  @Test
  void of_modelLayout_setsModelStorageUri() {
    StorageUriPatch patch =
        StorageUriPatch.of(
            isvc(
                Map.of(
                    "minReplicas",
                    1,
                    "model",
                    Map.of("modelFormat", Map.of("name", "sklearn"), "storageUri", "s3://a/v1"))),
            "s3://a/v2",
            TARGET);

    assertThat(patch.patch()).isEqualTo(isvc(Map.of("model", Map.of("storageUri", "s3://a/v2"))));
    assertThat(patch.paths()).containsExactly("spec.predictor.model.storageUri");
    assertThat(patch.previous()).isEqualTo("s3://a/v1");
  }

  @Test
  void of_frameworkLayout_setsThatBlockAndAddsNoModelBlock() {
    StorageUriPatch patch =
        StorageUriPatch.of(
            isvc(
                Map.of(
                    "tensorflow", Map.of("storageUri", "gs://m/v1", "runtimeVersion", "2.6"),
                    "logger", Map.of("mode", "all"))),
            "gs://m/v2",
            TARGET);

    assertThat(patch.patch())
        .isEqualTo(isvc(Map.of("tensorflow", Map.of("storageUri", "gs://m/v2"))));
    assertThat(patch.paths()).containsExactly("spec.predictor.tensorflow.storageUri");
    assertThat(patch.previous()).isEqualTo("gs://m/v1");
  }

  @Test
  void of_frameworkBlockWithoutStorageUri_stillGetsIt() {
    StorageUriPatch patch = StorageUriPatch.of(isvc(Map.of("sklearn", Map.of())), "s3://x", TARGET);

    assertThat(patch.paths()).containsExactly("spec.predictor.sklearn.storageUri");
    assertThat(patch.previous()).isNull();
  }

  @Test
  void of_bothLayouts_setsBoth() {
    StorageUriPatch patch =
        StorageUriPatch.of(
            isvc(
                Map.of(
                    "model", Map.of("storageUri", "s3://a/v1"),
                    "sklearn", Map.of("storageUri", "s3://a/v1"))),
            "s3://a/v2",
            TARGET);

    assertThat(patch.paths())
        .containsExactlyInAnyOrder(
            "spec.predictor.model.storageUri", "spec.predictor.sklearn.storageUri");
  }

  @Test
  void of_noModelBlock_addsModelStorageUri() {
    StorageUriPatch patch =
        StorageUriPatch.of(
            isvc(Map.of("containers", List.of(Map.of("name", "kserve-container")))),
            "s3://a/v2",
            TARGET);

    assertThat(patch.patch()).isEqualTo(isvc(Map.of("model", Map.of("storageUri", "s3://a/v2"))));
    assertThat(patch.previous()).isNull();
  }

  @Test
  void of_noPredictor_isConfigurationError() {
    assertThatThrownBy(() -> StorageUriPatch.of(Map.of("spec", Map.of()), "s3://a", TARGET))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Cannot patch inferenceservice/churn: it has no spec.predictor (create it with a"
                + " predictor first, then re-run)");
  }
}
