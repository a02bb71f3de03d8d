package dev.cairn.manifests.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.manifests.ArgoLint;
import dev.cairn.manifests.ArgoSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code argo lint --offline} (Argo CLI v3.6) accepts every Argo object the chart renders.
 */
@EnabledIfSystemProperty(named = "cairn.interop", matches = "true")
class HelmArgoLintInteropIT {

  /** Writes each rendered Argo object to its own file; returns the files, by kind and name. */
  private static List<Path> renderArgoFiles(Path dir, Path values) throws IOException {
    String rendered = HelmCharts.template(Map.of(), values);
    List<Path> files = new ArrayList<>();
    for (String doc : HelmCharts.documents(rendered)) {
      JsonNode object = HelmCharts.objects(doc).get(0);
      String kind = object.path("kind").asText();
      if (ArgoSchemas.isArgoKind(kind)) {
        Path file =
            dir.resolve(
                kind.toLowerCase(java.util.Locale.ROOT)
                    + "-"
                    + object.path("metadata").path("name").asText()
                    + ".yaml");
        Files.writeString(file, doc, StandardCharsets.UTF_8);
        files.add(file);
      }
    }
    return files;
  }

  private static Path exampleWithCron() {
    Path values = HelmCharts.chartDir().resolve("ci/irsa-digest-values.yaml");
    assertThat(values).content().contains("enabled: true");
    return values;
  }

  @Test
  void argoLintAcceptsTheRenderedTemplatesAndCronWorkflow(@TempDir Path temp) throws IOException {
    List<Path> files = renderArgoFiles(temp, exampleWithCron());
    assertThat(files)
        .extracting(f -> f.getFileName().toString())
        .containsExactlyInAnyOrder(
            "workflowtemplate-cairn-steps.yaml",
            "workflowtemplate-cairn-rollback.yaml",
            "workflowtemplate-cairn-sharded-snapshot.yaml",
            "cronworkflow-daily-retrain.yaml");
    ArgoLint.assertClean(temp, files);
  }

  @Test
  void argoLintAcceptsThePrefixedExample(@TempDir Path temp) throws IOException {
    List<Path> files =
        renderArgoFiles(temp, HelmCharts.chartDir().resolve("ci/prefixed-values.yaml"));
    assertThat(files).hasSize(3);
    ArgoLint.assertClean(temp, files);
  }

  @Test
  void argoLintFailsWhenTheReferencedTemplateIsMissing(@TempDir Path temp) throws IOException {
    List<Path> files = renderArgoFiles(temp, exampleWithCron());
    List<Path> withoutSteps =
        files.stream().filter(f -> !f.getFileName().toString().contains("cairn-steps")).toList();
    assertThat(withoutSteps).hasSize(3);
    ArgoLint.Result result = ArgoLint.lint(temp, withoutSteps);
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("cairn-steps");
  }
}
