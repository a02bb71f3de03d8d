package dev.cairn.manifests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chart's schema is self-contained and strict; its README documents every value. */
class ChartFilesTest {

  @Test
  void theValuesSchemaIsDraft07WithoutRemoteRefsAndClosed() throws IOException {
    JsonNode schema =
        new ObjectMapper().readTree(HelmCharts.chartDir().resolve("values.schema.json").toFile());
    assertThat(schema.path("$schema").asText())
        .isEqualTo("http://json-schema.org/draft-07/schema#");
    assertThat(schema.findValuesAsText("$ref")).allSatisfy(ref -> assertThat(ref).startsWith("#"));
    List<String> open = new ArrayList<>();
    collectOpenObjects(schema, "$", open);
    // only free-form maps (annotations) and Helm's own "global" may take any key
    assertThat(open).allSatisfy(path -> assertThat(path).matches(".*(annotations|global)$"));
  }

  private static void collectOpenObjects(JsonNode schema, String path, List<String> open) {
    if (schema.path("type").asText().equals("object") && schema.has("properties")) {
      if (schema.path("additionalProperties").asBoolean(true)) {
        open.add(path);
      }
    } else if (schema.path("type").asText().equals("object")) {
      open.add(path);
    }
    Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields();
    while (props.hasNext()) {
      Map.Entry<String, JsonNode> p = props.next();
      collectOpenObjects(p.getValue(), path + "." + p.getKey(), open);
    }
  }

  @Test
  void theChartReadmeDocumentsEveryValue() throws IOException {
    JsonNode values =
        new YAMLMapper().readTree(HelmCharts.chartDir().resolve("values.yaml").toFile());
    String readme =
        Files.readString(HelmCharts.chartDir().resolve("README.md"), StandardCharsets.UTF_8);
    List<String> leaves = new ArrayList<>();
    leaves(values, "", leaves);
    assertThat(leaves).contains("images.snapshotData.digest", "cronWorkflow.training.command");
    for (String leaf : leaves) {
      String documented =
          leaf.replaceAll(
                  "^images\\.(snapshotData|trainRegister|rollbackModel)\\.", "images.<step>.")
              .replaceAll(
                  "^serviceAccounts\\.(snapshot|train|rollback)\\.", "serviceAccounts.<role>.")
              .replaceAll("^cronWorkflow\\.parameters\\..*", "cronWorkflow.parameters.*");
      assertThat(readme).as("README documents %s", leaf).contains("`" + documented + "`");
    }
  }

  private static void leaves(JsonNode node, String path, List<String> out) {
    if (node.isObject() && !node.isEmpty()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        leaves(f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), out);
      }
    } else {
      out.add(path);
    }
  }
}
