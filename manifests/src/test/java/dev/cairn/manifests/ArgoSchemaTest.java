package dev.cairn.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every generated Argo manifest against Argo's JSON schema (its kind's definition) and against the
 * CRD's openAPIV3Schema for fields the schema does not know (see {@link ArgoSchemas}).
 */
class ArgoSchemaTest {
  private static List<JsonNode> argoDocuments() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    for (Map.Entry<String, String> file : Manifests.render().entrySet()) {
      if (file.getKey().startsWith("argo/")) {
        docs.addAll(ArgoSchemas.readAll(file.getValue()));
      }
    }
    return docs;
  }

  @Test
  void everyArgoManifestMatchesTheJsonSchemaOfItsKind() throws IOException {
    List<JsonNode> docs = argoDocuments();
    assertThat(docs).hasSize(4);
    for (JsonNode doc : docs) {
      assertThat(ArgoSchemas.schemaErrors(doc))
          .as(doc.path("metadata").path("name").asText())
          .isEmpty();
    }
  }

  @Test
  void everyArgoManifestAlsoMatchesTheArgo37Schema() throws IOException {
    for (JsonNode doc : argoDocuments()) {
      assertThat(ArgoSchemas.schemaErrors37(doc))
          .as(doc.path("metadata").path("name").asText())
          .isEmpty();
    }
  }

  @Test
  void everyArgoManifestHasOnlyFieldsTheCrdDeclares() throws IOException {
    for (JsonNode doc : argoDocuments()) {
      assertThat(ArgoSchemas.unknownFields(doc))
          .as(doc.path("metadata").path("name").asText())
          .isEmpty();
    }
  }

  @Test
  void theChecksCatchAMisspelledFieldAndTheRemovedSingularSchedule() throws IOException {
    JsonNode cron = null;
    for (JsonNode doc : argoDocuments()) {
      if (doc.path("kind").asText().equals("CronWorkflow")) {
        cron = doc.deepCopy();
      }
    }
    if (cron == null) {
      throw new AssertionError("no CronWorkflow generated");
    }
    ObjectNode spec = (ObjectNode) cron.get("spec");
    spec.set("schedule", spec.remove("schedules").get(0));
    ((ObjectNode) spec.get("workflowSpec")).put("serviceAcountName", "typo");
    assertThat(ArgoSchemas.schemaErrors(cron))
        .anySatisfy(e -> assertThat(e.toLowerCase(Locale.ROOT)).contains("schedules"));
    assertThat(ArgoSchemas.unknownFields(cron))
        .contains("$.spec.schedule", "$.spec.workflowSpec.serviceAcountName");
  }

  @Test
  void theStepOutputsAreReadFromFilesWithDefaults() throws IOException {
    for (JsonNode doc : argoDocuments()) {
      if (doc.path("metadata").path("name").asText().equals("cairn-steps")) {
        for (JsonNode template : doc.path("spec").path("templates")) {
          for (JsonNode out : template.path("outputs").path("parameters")) {
            assertThat(out.path("valueFrom").path("path").asText())
                .isEqualTo("/tmp/outputs/" + out.path("name").asText());
            assertThat(out.path("valueFrom").has("default")).isTrue();
          }
          assertThat(
                  template
                      .path("container")
                      .path("securityContext")
                      .path("readOnlyRootFilesystem")
                      .asBoolean())
              .isTrue();
        }
      }
    }
  }
}
