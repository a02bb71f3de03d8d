package dev.cairn.manifests.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.manifests.ArgoSchemas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Argo examples under examples/pipelines/argo are valid objects of their kind and refer only to
 * templates, parameters and artifacts the generated WorkflowTemplates declare.
 */
class ExampleManifestsTest {
  private static final Map<String, JsonNode> TEMPLATES = ExampleChecks.generatedWorkflowTemplates();

  private static List<Path> argoExamples() {
    return ExampleChecks.filesIn(ExampleChecks.examplesDir().resolve("argo"), ".yaml");
  }

  private static JsonNode only(Path file) {
    List<JsonNode> docs = ArgoSchemas.readAll(ExampleChecks.read(file));
    assertThat(docs).as(file.toString()).hasSize(1);
    return docs.get(0);
  }

  private static Path example(String name) {
    return ExampleChecks.examplesDir().resolve("argo").resolve(name);
  }

  @Test
  void theGeneratedTemplatesTheExamplesReferToAreThere() {
    assertThat(TEMPLATES)
        .containsOnlyKeys("cairn-steps", "cairn-rollback", "cairn-sharded-snapshot");
  }

  @Test
  void everyArgoExampleIsValidAndRefersOnlyToDeclaredInputs() {
    List<Path> files = argoExamples();
    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .contains(
            "daily-retrain-workflow.yaml", "rollback-workflow.yaml", "add-snapshot-to-dag.yaml");
    for (Path file : files) {
      for (JsonNode doc : ArgoSchemas.readAll(ExampleChecks.read(file))) {
        assertThat(ExampleChecks.problems(doc, TEMPLATES)).as(file.toString()).isEmpty();
      }
    }
  }

  @Test
  void theExamplesUseTheGeneratedStepsAndTheRollbackTemplate() {
    JsonNode retrain = only(example("daily-retrain-workflow.yaml"));
    String text = retrain.toString();
    assertThat(text)
        .contains("\"template\":\"snapshot-data\"")
        .contains("\"template\":\"train-register\"")
        .contains("{{tasks.snapshot.outputs.parameters.needs_training}} == true");
    JsonNode rollback = only(example("rollback-workflow.yaml"));
    assertThat(rollback.path("spec").path("workflowTemplateRef").path("name").asText())
        .isEqualTo("cairn-rollback");
    List<String> names = new ArrayList<>();
    rollback
        .path("spec")
        .path("arguments")
        .path("parameters")
        .forEach(p -> names.add(p.path("name").asText()));
    assertThat(names).contains("name", "reason", "dry-run");
  }

  @Test
  void theGeneratedCronWorkflowPassesOnlyDeclaredInputsAndWorkflowParameters() {
    JsonNode cron =
        ArgoSchemas.readAll(
                ExampleChecks.read(
                    ExampleChecks.generatedDir()
                        .resolve("argo")
                        .resolve("daily-retrain-cronworkflow.yaml")))
            .get(0);
    assertThat(ExampleChecks.problems(cron, TEMPLATES)).isEmpty();
    JsonNode workflowSpec = cron.path("spec").path("workflowSpec");
    List<String> declared = new ArrayList<>();
    workflowSpec
        .path("arguments")
        .path("parameters")
        .forEach(p -> declared.add(p.path("name").asText()));
    assertThat(declared).contains("remote-endpoint-url", "serve-uri", "restart", "namespace");
    java.util.regex.Matcher used =
        java.util.regex.Pattern.compile("\\{\\{workflow\\.parameters\\.([a-z0-9-]+)}}")
            .matcher(workflowSpec.toString());
    List<String> references = new ArrayList<>();
    while (used.find()) {
      references.add(used.group(1));
    }
    assertThat(declared).containsAll(references);
    assertThat(references).contains("remote-endpoint-url", "serve-uri", "restart", "namespace");
  }

  @Test
  void aMisspelledParameterIsCaught() {
    JsonNode doc = only(example("daily-retrain-workflow.yaml"));
    assertThat(ExampleChecks.referenceProblems(doc, TEMPLATES)).isEmpty();
    JsonNode broken =
        ArgoSchemas.readAll(
                ExampleChecks.read(example("daily-retrain-workflow.yaml"))
                    .replace("- name: gate\n", "- name: gates\n"))
            .get(0);
    assertThat(ExampleChecks.referenceProblems(broken, TEMPLATES))
        .singleElement()
        .asString()
        .contains("cairn-steps/train-register")
        .contains("passes parameter 'gates', not an input of it");
    // the schema alone does not see it: only the reference check keeps examples in step
    assertThat(ArgoSchemas.problems(broken)).isEmpty();
  }

  @Test
  void aMissingRequiredInputAWrongTemplateAndAnUnknownArtifactAreCaught() {
    String text = ExampleChecks.read(example("add-snapshot-to-dag.yaml"));
    ObjectNode noName = (ObjectNode) ArgoSchemas.readAll(text).get(0);
    JsonNode snapshot =
        noName.path("spec").path("templates").get(0).path("dag").path("tasks").get(1);
    assertThat(snapshot.path("name").asText()).isEqualTo("snapshot");
    ArrayNode params = (ArrayNode) snapshot.path("arguments").path("parameters");
    assertThat(params.get(0).path("name").asText()).isEqualTo("name");
    params.remove(0);
    assertThat(ExampleChecks.referenceProblems(noName, TEMPLATES))
        .singleElement()
        .asString()
        .contains("does not pass the required parameter 'name'");

    JsonNode wrongTemplate =
        ArgoSchemas.readAll(text.replace("template: snapshot-data", "template: snapshot")).get(0);
    assertThat(ExampleChecks.referenceProblems(wrongTemplate, TEMPLATES))
        .singleElement()
        .asString()
        .contains("has no template 'snapshot'");

    JsonNode wrongArtifact =
        ArgoSchemas.readAll(text.replace("- name: dataset\n", "- name: data-set\n")).get(0);
    assertThat(ExampleChecks.referenceProblems(wrongArtifact, TEMPLATES))
        .singleElement()
        .asString()
        .contains("passes artifact 'data-set'");
  }

  @Test
  void aRollbackWorkflowWithAnUndeclaredOrMissingArgumentIsCaught() {
    ObjectNode rollback = (ObjectNode) only(example("rollback-workflow.yaml")).deepCopy();
    ObjectNode first =
        (ObjectNode) rollback.path("spec").path("arguments").path("parameters").get(0);
    assertThat(first.path("name").asText()).isEqualTo("name");
    first.put("name", "model");
    assertThat(ExampleChecks.referenceProblems(rollback, TEMPLATES))
        .anySatisfy(p -> assertThat(p).contains("passes parameter 'model'"))
        .anySatisfy(p -> assertThat(p).contains("does not pass the required parameter 'name'"));

    ObjectNode unknownTemplate = (ObjectNode) only(example("rollback-workflow.yaml")).deepCopy();
    ((ObjectNode) unknownTemplate.path("spec").path("workflowTemplateRef"))
        .put("name", "cairn-rollbak");
    assertThat(ExampleChecks.referenceProblems(unknownTemplate, TEMPLATES))
        .singleElement()
        .asString()
        .contains("no generated WorkflowTemplate 'cairn-rollbak'");
  }

  @Test
  void shellWordsAndArgoSubmitParametersParseAsTheShellDoes() {
    String text =
        "argo submit -n ml --from workflowtemplate/cairn-rollback \\\n"
            + "  -p name=churn-model -p reason=\"accuracy dropped\" \\\n"
            + "  --parameter='to=v0.0.1' -p dry-run=true  # comment\n";
    List<List<String>> commands = ExampleChecks.commands(text, List.of("argo", "submit"));
    assertThat(commands).hasSize(1);
    assertThat(commands.get(0)).contains("--from", "workflowtemplate/cairn-rollback");
    assertThat(ExampleChecks.argoParameters(commands.get(0)))
        .containsExactly(
            Map.entry("name", "churn-model"),
            Map.entry("reason", "accuracy dropped"),
            Map.entry("to", "v0.0.1"),
            Map.entry("dry-run", "true"));
  }
}
