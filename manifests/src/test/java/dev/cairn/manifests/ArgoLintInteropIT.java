package dev.cairn.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code argo lint --offline} (Argo CLI v3.6) accepts every generated Argo manifest. */
@EnabledIfSystemProperty(named = "cairn.interop", matches = "true")
class ArgoLintInteropIT {

  private static List<Path> generatedArgoFiles(Path temp) throws IOException {
    Generate.writeAll(temp);
    try (Stream<Path> files = Files.list(temp.resolve("argo"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }

  @Test
  void argoLintAcceptsTheGeneratedManifests(@TempDir Path temp) throws IOException {
    List<Path> files = generatedArgoFiles(temp);
    assertThat(files).hasSize(4);
    ArgoLint.assertClean(temp, files);
  }

  @Test
  void argoLintRejectsATemplateRefToAStepThatDoesNotExist(@TempDir Path temp) throws IOException {
    List<Path> files = generatedArgoFiles(temp);
    Path cron = temp.resolve("argo/daily-retrain-cronworkflow.yaml");
    String text = Files.readString(cron, StandardCharsets.UTF_8);
    assertThat(text).contains("template: train-register");
    Files.writeString(
        cron,
        text.replace("template: train-register", "template: train-registre"),
        StandardCharsets.UTF_8);
    ArgoLint.Result result = ArgoLint.lint(temp, files);
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("train-registre");
  }
}
