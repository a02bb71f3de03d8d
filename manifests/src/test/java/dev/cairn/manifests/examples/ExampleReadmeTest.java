package dev.cairn.manifests.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cairn.manifests.ArgoSchemas;
import dev.cairn.steps.common.StepLauncher;
import dev.cairn.steps.rollback.RollbackModelCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/**
 * The snippets and commands of the README sections "Use in Kubeflow Pipelines", "Use in Argo
 * Workflows", "Roll back a model" and of examples/pipelines/README.md: the Argo YAML is valid and
 * refers only to declared inputs, every file a command names exists, every {@code -p} parameter is
 * declared by what it is passed to, and the {@code cairn rollback-model} lines parse with the real
 * command line. (The KFP snippet is compiled by {@link ExampleReadmeInteropIT}.)
 */
class ExampleReadmeTest {
  static final List<String> SECTIONS =
      List.of("Use in Kubeflow Pipelines", "Use in Argo Workflows", "Roll back a model");
  private static final Map<String, JsonNode> TEMPLATES = ExampleChecks.generatedWorkflowTemplates();

  static String readme() {
    return ExampleChecks.read(ExampleChecks.repoRoot().resolve("README.md"));
  }

  /** The shell snippets of the three README sections and of the examples README. */
  static String allShell() {
    StringBuilder text = new StringBuilder();
    for (String section : SECTIONS) {
      ExampleChecks.readmeBlocks(readme(), section, "bash").forEach(text::append);
    }
    String examples = ExampleChecks.read(ExampleChecks.examplesDir().resolve("README.md"));
    for (String section :
        List.of("Secrets (both engines)", "Kubeflow Pipelines", "Argo Workflows")) {
      ExampleChecks.readmeBlocks(examples, section, "bash").forEach(text::append);
    }
    for (String dir : List.of("kfp", "argo")) {
      String folder = ExampleChecks.read(ExampleChecks.examplesDir().resolve(dir + "/README.md"));
      ExampleChecks.readmeBlocks("## all\n" + folder, "all", "bash").forEach(text::append);
    }
    return text.toString();
  }

  @Test
  void theSectionsFollowBuildAndPushTheImagesInOrder() {
    String readme = readme();
    int build = readme.indexOf("\n## Build and push the images\n");
    assertThat(build).isPositive();
    List<Integer> at = new ArrayList<>();
    for (String section : SECTIONS) {
      at.add(readme.indexOf("\n## " + section + "\n"));
    }
    assertThat(at).isSorted().allSatisfy(i -> assertThat(i).isGreaterThan(build));
    // nothing else between "Build and push the images" and the first of them
    int next = readme.indexOf("\n## ", build + 1);
    assertThat(next).isEqualTo(at.get(0));
  }

  @Test
  void theArgoSnippetsAreValidAndPassOnlyDeclaredInputs() {
    List<String> argo = ExampleChecks.readmeBlocks(readme(), "Use in Argo Workflows", "yaml");
    List<String> rollback = ExampleChecks.readmeBlocks(readme(), "Roll back a model", "yaml");
    assertThat(argo).hasSize(1);
    assertThat(rollback).hasSize(1);
    for (String block : List.of(argo.get(0), rollback.get(0))) {
      List<JsonNode> docs = ArgoSchemas.readAll(block);
      assertThat(docs).hasSize(1);
      assertThat(ExampleChecks.problems(docs.get(0), TEMPLATES)).as(block).isEmpty();
    }
    assertThat(argo.get(0)).contains("template: snapshot-data");
    assertThat(rollback.get(0)).contains("name: cairn-rollback");
  }

  @Test
  void theKfpSnippetUsesTheCairnKfpPackageThatTheSectionSaysHowToInstall() {
    List<String> python =
        ExampleChecks.readmeBlocks(readme(), "Use in Kubeflow Pipelines", "python");
    assertThat(python).hasSize(1);
    assertThat(python.get(0))
        .contains("import cairn_kfp")
        .contains("cairn_kfp.snapshot_data(")
        .contains("cairn_kfp.configure(registry=")
        .contains("compiler.Compiler().compile(")
        .doesNotContain("load_component_from_file");
    String bash =
        String.join("", ExampleChecks.readmeBlocks(readme(), "Use in Kubeflow Pipelines", "bash"));
    assertThat(bash).contains("pip install ./python/cairn-kfp");
    assertThat(ExampleChecks.repoRoot().resolve("python/cairn-kfp/pyproject.toml")).isRegularFile();
  }

  @Test
  void everyRollbackSubmitPassesOnlyParametersOfCairnRollbackAndDryRunComesFirst() {
    String section =
        String.join("", ExampleChecks.readmeBlocks(readme(), "Roll back a model", "bash"));
    List<List<String>> submits = ExampleChecks.commands(section, List.of("argo", "submit"));
    assertThat(submits).hasSizeGreaterThanOrEqualTo(2);
    List<String> dryRuns = new ArrayList<>();
    for (List<String> submit : submits) {
      assertThat(submit).contains("--from", "workflowtemplate/cairn-rollback");
      Map<String, String> parameters = ExampleChecks.argoParameters(submit);
      assertThat(rollbackProblems(parameters)).as(String.join(" ", submit)).isEmpty();
      dryRuns.add(parameters.get("dry-run"));
    }
    assertThat(dryRuns.get(0)).isEqualTo("true");
    assertThat(dryRuns).contains("false");
  }

  @Test
  void aMisspelledRollbackParameterInTheCommandIsCaught() {
    List<List<String>> submits =
        ExampleChecks.commands(
            "argo submit --from workflowtemplate/cairn-rollback -p name=churn-model"
                + " -p reasons=\"accuracy dropped\" -p dry_run=true\n",
            List.of("argo", "submit"));
    assertThat(rollbackProblems(ExampleChecks.argoParameters(submits.get(0))))
        .anySatisfy(p -> assertThat(p).contains("'reasons'"))
        .anySatisfy(p -> assertThat(p).contains("'dry_run'"))
        .anySatisfy(p -> assertThat(p).contains("required parameter 'reason'"));
  }

  private static List<String> rollbackProblems(Map<String, String> parameters) {
    ArrayNode passed = JsonNodeFactory.instance.arrayNode();
    parameters.forEach((name, value) -> passed.addObject().put("name", name).put("value", value));
    List<String> problems = new ArrayList<>();
    ExampleChecks.checkArguments(
        "argo submit --from workflowtemplate/cairn-rollback",
        "parameter",
        passed,
        TEMPLATES
            .getOrDefault("cairn-rollback", JsonNodeFactory.instance.objectNode())
            .path("spec")
            .path("arguments")
            .path("parameters"),
        problems);
    return problems;
  }

  @Test
  void everyFileACommandNamesExistsAndItsParametersAreDeclared() {
    String shell = allShell();
    int checked = 0;
    for (List<String> apply : ExampleChecks.commands(shell, List.of("kubectl", "apply", "-f"))) {
      assertThat(ExampleChecks.repoRoot().resolve(apply.get(3))).isRegularFile();
      checked++;
    }
    for (List<String> python : ExampleChecks.commands(shell, List.of("python"))) {
      assertThat(ExampleChecks.repoRoot().resolve(python.get(1))).isRegularFile();
      checked++;
    }
    for (List<String> submit : ExampleChecks.commands(shell, List.of("argo", "submit"))) {
      Path file = ExampleChecks.repoRoot().resolve(submit.get(2));
      if (submit.get(2).startsWith("examples/")) {
        assertThat(file).isRegularFile();
        JsonNode workflow = ArgoSchemas.readAll(ExampleChecks.read(file)).get(0);
        Set<String> declared = new HashSet<>();
        workflow
            .path("spec")
            .path("arguments")
            .path("parameters")
            .forEach(p -> declared.add(p.path("name").asText()));
        assertThat(declared)
            .as(String.join(" ", submit))
            .containsAll(ExampleChecks.argoParameters(submit).keySet());
        checked++;
      } else if (submit.contains("--from")) {
        assertThat(rollbackProblems(ExampleChecks.argoParameters(submit)))
            .as(String.join(" ", submit))
            .isEmpty();
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(12);
  }

  @Test
  void theCairnRollbackCommandsParseWithTheRealCommandLineDryRunFirst() {
    String section =
        String.join("", ExampleChecks.readmeBlocks(readme(), "Roll back a model", "bash"));
    List<List<String>> commands =
        ExampleChecks.commands(section, List.of("bin/cairn", "rollback-model"));
    assertThat(commands).hasSizeGreaterThanOrEqualTo(2);
    List<Boolean> dryRun = new ArrayList<>();
    for (List<String> command : commands) {
      ParseResult parsed = parse(command.subList(2, command.size()));
      assertThat(parsed.matchedOptionValue("--name", "")).isEqualTo("churn-model");
      assertThat(parsed.matchedOptionValue("--reason", "")).isNotBlank();
      dryRun.add(parsed.hasMatchedOption("--dry-run"));
    }
    assertThat(dryRun.get(0)).isTrue();
    assertThat(dryRun).contains(false);
    // and the parse is strict: a misspelled option fails
    assertThatThrownBy(() -> parse(List.of("--name", "m", "--reason", "r", "--dryrun")))
        .hasMessageContaining("--dryrun");
  }

  private static ParseResult parse(List<String> args) {
    return StepLauncher.commandLine(new RollbackModelCommand())
        .parseArgs(args.toArray(String[]::new));
  }

  @Test
  void theExamplesReadmeNamesEveryExampleFile() {
    String examples = ExampleChecks.read(ExampleChecks.examplesDir().resolve("README.md"));
    for (String dir : List.of("kfp", "argo")) {
      for (Path file : ExampleChecks.filesIn(ExampleChecks.examplesDir().resolve(dir), "")) {
        String name = file.getFileName().toString();
        if (Files.isRegularFile(file)
            && (name.endsWith(".py") || name.endsWith(".yaml"))
            && !(dir.equals("kfp") && name.endsWith(".yaml"))) {
          assertThat(examples).as(name).contains("`" + dir + "/" + name + "`");
        }
      }
    }
  }
}
