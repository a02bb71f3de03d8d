package dev.cairn.manifests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.manifests.ArgoSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart renders, with its defaults and the release name {@code cairn}, exactly the generated
 * Argo manifests under {@code manifests/generated/argo}, apart from the labels and the added
 * imagePullPolicy: the Argo expressions survive Helm and nothing drifts.
 */
class ChartMatchesGeneratedManifestsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cairn-steps-workflowtemplate.yaml",
        "cairn-rollback-workflowtemplate.yaml",
        "daily-retrain-cronworkflow.yaml"
      })
  void renderedObjectEqualsTheGeneratedOne(String file) throws IOException {
    Path generated = InteropTools.repoRoot().resolve("manifests/generated/argo").resolve(file);
    JsonNode expected = ArgoSchemas.readAll(Files.readString(generated)).get(0);
    String trainer =
        expected
            .path("spec")
            .path("workflowSpec")
            .path("arguments")
            .path("parameters")
            .findValuesAsText("value")
            .stream()
            .filter(v -> v.contains("trainer"))
            .findFirst()
            .orElse("trainer:1");
    String rendered =
        HelmCharts.template(
            Map.of("cronWorkflow.enabled", "true", "cronWorkflow.training.image", trainer));
    JsonNode actual =
        HelmCharts.named(
            rendered,
            expected.path("kind").asText(),
            expected.path("metadata").path("name").asText());
    assertThat(normalized(actual)).isEqualTo(normalized(expected));
    List<String> pullPolicies =
        actual.findValues("imagePullPolicy").stream().map(JsonNode::asText).toList();
    if (file.startsWith("cairn-steps")) {
      assertThat(pullPolicies).containsExactly("IfNotPresent", "IfNotPresent", "IfNotPresent");
    } else {
      assertThat(pullPolicies).isEmpty();
    }
  }

  private static JsonNode normalized(JsonNode doc) {
    ObjectNode copy = doc.deepCopy();
    ((ObjectNode) copy.path("metadata")).remove("labels");
    List<JsonNode> containers = copy.findParents("imagePullPolicy");
    for (JsonNode container : containers) {
      ((ObjectNode) container).remove("imagePullPolicy");
    }
    return copy;
  }
}
