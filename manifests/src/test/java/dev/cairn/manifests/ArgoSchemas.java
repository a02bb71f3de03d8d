package dev.cairn.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cairn.core.testing.InteropTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Test helper: checks Argo objects against Argo's JSON schema (v4.1.2 and v3.7.18, the definition
 * of the object's kind) and against the CRD's openAPIV3Schema for fields it does not declare (the
 * JSON schema accepts unknown fields; the API server prunes or rejects them). The schemas are the
 * ones placed in {@code shared/schemas/argo-workflows} beside the repository.
 */
public final class ArgoSchemas {
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
          "ClusterWorkflowTemplate", "argoproj.io_clusterworkflowtemplates.yaml",
          "CronWorkflow", "argoproj.io_cronworkflows.yaml",
          "Workflow", "argoproj.io_workflows.yaml");
  private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();

  private ArgoSchemas() {}

  /** The folder with {@code schema.json}, the CRDs and {@code v3.7.18/schema.json}. */
  public static Path schemasDir() {
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

  /** Whether {@code kind} is an Argo Workflows kind these checks know. */
  public static boolean isArgoKind(String kind) {
    return CRDS.containsKey(kind);
  }

  /** Every document of a (multi-document) YAML text, skipping empty ones. */
  public static List<JsonNode> readAll(String yaml) {
    List<JsonNode> docs = new ArrayList<>();
    try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(yaml)) {
      Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** Errors of {@code doc} against the Argo v4.1.2 JSON schema definition of its kind. */
  public static List<String> schemaErrors(JsonNode doc) {
    return schemaErrors(doc, definitions("schema.json"));
  }

  /** Errors of {@code doc} against the Argo v3.7.18 JSON schema definition of its kind. */
  public static List<String> schemaErrors37(JsonNode doc) {
    return schemaErrors(doc, definitions("v3.7.18/schema.json"));
  }

  /** Fields of {@code doc} that its kind's CRD does not declare, as JSON paths. */
  public static List<String> unknownFields(JsonNode doc) {
    return unknownFields(doc, crdSchema(doc.path("kind").asText()), "$");
  }

  /** All of the above for one object, each problem prefixed with the check that found it. */
  public static List<String> problems(JsonNode doc) {
    List<String> problems = new ArrayList<>();
    schemaErrors(doc).forEach(e -> problems.add("schema v4: " + e));
    schemaErrors37(doc).forEach(e -> problems.add("schema v3.7: " + e));
    unknownFields(doc).forEach(e -> problems.add("not in the CRD: " + e));
    return problems;
  }

  private static JsonNode definitions(String file) {
    return CACHE.computeIfAbsent(
        "defs:" + file,
        f -> {
          try {
            return JSON.readTree(schemasDir().resolve(file).toFile()).get("definitions");
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  static List<String> schemaErrors(JsonNode doc, JsonNode definitions) {
    String kind = doc.path("kind").asText();
    ObjectNode schema = JSON.createObjectNode();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.set("definitions", definitions);
    schema.put("$ref", "#/definitions/io.argoproj.workflow.v1alpha1." + kind);
    JsonSchema validator =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
    List<String> errors = new ArrayList<>();
    for (ValidationMessage m : validator.validate(doc)) {
      errors.add(m.getMessage());
    }
    return errors;
  }

  static JsonNode crdSchema(String kind) {
    return CACHE.computeIfAbsent(
        "crd:" + kind,
        k -> {
          String file = CRDS.get(kind);
          if (file == null) {
            throw new AssertionError("no CRD for kind " + kind);
          }
          try {
            JsonNode crd = YAML.readTree(schemasDir().resolve(file).toFile());
            for (JsonNode version : crd.path("spec").path("versions")) {
              if (version.path("name").asText().equals("v1alpha1")) {
                return version.path("schema").path("openAPIV3Schema");
              }
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          throw new AssertionError("no v1alpha1 schema in " + file);
        });
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
}
