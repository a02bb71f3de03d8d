package dev.cairn.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cairn.core.testing.InteropTools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Every generated Argo manifest against Argo's JSON schema (its kind's definition) and against the
 * CRD's openAPIV3Schema for fields the schema does not know (the JSON schema accepts unknown
 * fields; the API server prunes or rejects them).
 */
class ArgoSchemaTest {
  private static final ObjectMapper YAML;

  static {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(20 * 1024 * 1024);
    YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> CRDS =
      Map.of(
          "WorkflowTemplate", "argoproj.io_workflowtemplates.yaml",
          "CronWorkflow", "argoproj.io_cronworkflows.yaml",
          "Workflow", "argoproj.io_workflows.yaml");
  private static final Map<String, JsonNode> CRD_SCHEMAS = new HashMap<>();
  private static @Nullable JsonNode definitions;

  static Path schemasDir() {
    String configured = System.getProperty("cairn.argo.schemas");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (Path dir = InteropTools.repoRoot(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared/schemas/argo-workflows");
      if (Files.isRegularFile(candidate.resolve("schema.json"))) {
        return candidate;
      }
    }
    throw new AssertionError(
        "Cannot find shared/schemas/argo-workflows/schema.json above the repository root"
            + " (set -Dcairn.argo.schemas=DIR)");
  }

  @BeforeAll
  static void load() throws IOException {
    definitions = JSON.readTree(schemasDir().resolve("schema.json").toFile()).get("definitions");
  }

  private static List<String> schemaErrors(JsonNode doc) {
    JsonNode all = definitions;
    if (all == null) {
      throw new AssertionError("schema.json not loaded");
    }
    return schemaErrors(doc, all);
  }

  private static List<String> schemaErrors(JsonNode doc, JsonNode definitions) {
    String kind = doc.path("kind").asText();
    ObjectNode schema = JSON.createObjectNode();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.set("definitions", definitions);
    schema.put("$ref", "#/definitions/io.argoproj.workflow.v1alpha1." + kind);
    JsonSchema validator =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    Set<ValidationMessage> messages = validator.validate(doc);
    List<String> errors = new ArrayList<>();
    for (ValidationMessage m : messages) {
      errors.add(m.getMessage());
    }
    return errors;
  }

  private static JsonNode crdSchema(String kind) throws IOException {
    JsonNode cached = CRD_SCHEMAS.get(kind);
    if (cached != null) {
      return cached;
    }
    String file = CRDS.get(kind);
    assertThat(file).as("no CRD for kind %s", kind).isNotNull();
    JsonNode crd = YAML.readTree(schemasDir().resolve(file).toFile());
    JsonNode schema = null;
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.path("name").asText().equals("v1alpha1")) {
        schema = version.path("schema").path("openAPIV3Schema");
      }
    }
    if (schema == null) {
      throw new AssertionError("no v1alpha1 schema in " + file);
    }
    CRD_SCHEMAS.put(kind, schema);
    return schema;
  }

  /** Fields the CRD's structural schema does not declare (where it does not preserve unknowns). */
  static List<String> unknownFields(JsonNode doc, JsonNode schema, String path) {
    List<String> unknown = new ArrayList<>();
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
      return unknown;
    }
    if (doc.isObject()) {
      JsonNode properties = schema.get("properties");
      JsonNode additional = schema.get("additionalProperties");
      Iterator<Map.Entry<String, JsonNode>> fields = doc.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String at = path + "." + field.getKey();
        if (properties != null && properties.has(field.getKey())) {
          unknown.addAll(unknownFields(field.getValue(), properties.get(field.getKey()), at));
        } else if (additional != null && additional.isObject()) {
          unknown.addAll(unknownFields(field.getValue(), additional, at));
        } else if (properties != null || (additional != null && !additional.asBoolean(true))) {
          unknown.add(at);
        }
      }
    } else if (doc.isArray() && schema.has("items")) {
      for (int i = 0; i < doc.size(); i++) {
        unknown.addAll(unknownFields(doc.get(i), schema.get("items"), path + "[" + i + "]"));
      }
    }
    return unknown;
  }

  private static List<JsonNode> argoDocuments() throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    for (Map.Entry<String, String> file : Manifests.render().entrySet()) {
      if (file.getKey().startsWith("argo/")) {
        docs.add(YAML.readTree(file.getValue()));
      }
    }
    return docs;
  }

  @Test
  void everyArgoManifestMatchesTheJsonSchemaOfItsKind() throws IOException {
    List<JsonNode> docs = argoDocuments();
    assertThat(docs).hasSize(3);
    for (JsonNode doc : docs) {
      assertThat(schemaErrors(doc)).as(doc.path("metadata").path("name").asText()).isEmpty();
    }
  }

  @Test
  void everyArgoManifestAlsoMatchesTheArgo37Schema() throws IOException {
    JsonNode v37 =
        JSON.readTree(schemasDir().resolve("v3.7.18/schema.json").toFile()).get("definitions");
    for (JsonNode doc : argoDocuments()) {
      assertThat(schemaErrors(doc, v37)).as(doc.path("metadata").path("name").asText()).isEmpty();
    }
  }

  @Test
  void everyArgoManifestHasOnlyFieldsTheCrdDeclares() throws IOException {
    for (JsonNode doc : argoDocuments()) {
      assertThat(unknownFields(doc, crdSchema(doc.path("kind").asText()), "$"))
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
    assertThat(schemaErrors(cron))
        .anySatisfy(e -> assertThat(e.toLowerCase(Locale.ROOT)).contains("schedules"));
    assertThat(unknownFields(cron, crdSchema("CronWorkflow"), "$"))
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
