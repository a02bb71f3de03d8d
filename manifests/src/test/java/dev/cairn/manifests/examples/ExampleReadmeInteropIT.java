package dev.cairn.manifests.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import dev.cairn.manifests.ArgoLint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's KFP snippet compiles with the real KFP SDK, its Argo snippets pass the real {@code
 * argo lint --offline}, and the {@code kfp run create} commands pass only parameters the compiled
 * example pipelines declare.
 */
@EnabledIfSystemProperty(named = "cairn.interop", matches = "true")
class ExampleReadmeInteropIT {

  @Test
  void theKfpSnippetCompilesFromTheRepositoryRoot(@TempDir Path temp) throws IOException {
    List<String> python =
        ExampleChecks.readmeBlocks(
            ExampleReadmeTest.readme(), "Use in Kubeflow Pipelines", "python");
    assertThat(python).hasSize(1);
    Path root = ExamplePipelinesInteropIT.repoCopy(temp);
    Path script = root.resolve("snippet.py");
    Files.writeString(script, python.get(0), StandardCharsets.UTF_8);
    ProcessRunner.run(
            root,
            List.of(InteropTools.kfpPython().toString(), script.toString()),
            Map.of(
                "PYTHONPATH", ExamplePipelinesInteropIT.pythonPath(root),
                "CAIRN_IMAGE_REGISTRY", "",
                "CAIRN_IMAGE_TAG", "",
                "CAIRN_WORK_VOLUME", ""))
        .assertOk();
    Path compiled = root.resolve("pipeline.yaml");
    assertThat(compiled).isRegularFile();
    String text = ExampleChecks.read(compiled);
    assertThat(text)
        .contains("image: ghcr.io/your-org/cairn-snapshot-data:0.1.0-SNAPSHOT")
        .contains("--name={{$.inputs.parameters['name']}}")
        .contains("mountPath: /var/run/cairn/git-token")
        .contains("mountPath: /var/run/cairn/known-hosts")
        .contains("mountPath: /var/run/cairn/aws")
        .contains("AWS_SHARED_CREDENTIALS_FILE")
        .contains("constant: '{{$.pipeline_job_uuid}}'")
        .doesNotContain("enableCache: true");
  }

  @Test
  void theArgoSnippetsPassArgoLint(@TempDir Path temp) throws IOException {
    List<Path> generated = ExamplePipelinesInteropIT.copyGeneratedTemplates(temp);
    List<String> blocks = new ArrayList<>();
    for (String section : List.of("Use in Argo Workflows", "Roll back a model")) {
      blocks.addAll(ExampleChecks.readmeBlocks(ExampleReadmeTest.readme(), section, "yaml"));
    }
    assertThat(blocks).hasSize(2);
    int n = 0;
    for (String block : blocks) {
      Path file = temp.resolve("readme-snippet-" + n++ + ".yaml");
      Files.writeString(file, block, StandardCharsets.UTF_8);
      List<Path> files = new ArrayList<>(generated);
      files.add(file);
      ArgoLint.assertClean(temp, files);
    }
  }

  @Test
  void theKfpRunCommandsPassOnlyParametersOfTheCompiledPipelines(@TempDir Path temp)
      throws IOException {
    Path kfp = ExamplePipelinesInteropIT.repoCopy(temp).resolve("examples/pipelines/kfp");
    List<List<String>> runs = new ArrayList<>();
    for (List<String> kfpCommand :
        ExampleChecks.commands(ExampleReadmeTest.allShell(), List.of("kfp"))) {
      int create = kfpCommand.indexOf("create");
      if (create > 0 && kfpCommand.get(create - 1).equals("run")) {
        runs.add(kfpCommand);
      }
    }
    assertThat(runs).hasSizeGreaterThanOrEqualTo(2);
    for (List<String> run : runs) {
      String packageFile = run.get(run.indexOf("-f") + 1);
      String script = packageFile.replace(".yaml", ".py");
      assertThat(kfp.resolve(script)).as("the script that compiles " + packageFile).isRegularFile();
      JsonNode params =
          ExamplePipelinesInteropIT.compile(kfp, script, packageFile)
              .pipeline()
              .path("root")
              .path("inputDefinitions")
              .path("parameters");
      List<String> declared = new ArrayList<>();
      params.fieldNames().forEachRemaining(declared::add);
      List<String> passed = runArguments(run);
      assertThat(passed).as(String.join(" ", run)).isNotEmpty();
      assertThat(declared).as(String.join(" ", run)).containsAll(passed);
    }
  }

  /** The NAME=VALUE arguments of {@code kfp run create} (after its options and their values). */
  static List<String> runArguments(List<String> words) {
    Set<String> flags = Set.of("-w", "--watch");
    List<String> names = new ArrayList<>();
    for (int i = words.indexOf("create") + 1; i < words.size(); i++) {
      String word = words.get(i);
      if (word.startsWith("-")) {
        if (!flags.contains(word) && !word.contains("=")) {
          i++;
        }
      } else if (word.contains("=")) {
        names.add(word.substring(0, word.indexOf('=')));
      }
    }
    return names;
  }
}
