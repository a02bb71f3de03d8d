package dev.cairn.manifests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.testing.InteropTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedFilesTest {
  static final String HOW =
      "regenerate with: mvn -B -q -pl manifests -am test -Dtest=GeneratedFilesTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dcairn.manifests.regenerate=true";

  static Path committed() {
    return InteropTools.repoRoot().resolve("manifests/generated");
  }

  @Test
  void committedFilesMatchTheGenerator(@TempDir Path temp) throws IOException {
    if (Boolean.getBoolean("cairn.manifests.regenerate")) {
      Generate.writeAll(committed());
    }
    Map<Path, String> fresh = Generate.writeAll(temp);
    assertThat(fresh).hasSize(11);
    for (Map.Entry<Path, String> file : fresh.entrySet()) {
      Path relative = temp.relativize(file.getKey());
      Path target = committed().resolve(relative.toString());
      assertThat(target).as("%s is missing; %s", relative, HOW).exists();
      assertThat(Files.readString(target, StandardCharsets.UTF_8))
          .as("%s is out of date; %s", relative, HOW)
          .isEqualTo(file.getValue());
    }
    assertThat(listing(committed())).as("stale files; %s", HOW).isEqualTo(listing(temp));
  }

  @Test
  void thePythonPackageShipsExactlyTheGeneratedKfpComponents(@TempDir Path temp)
      throws IOException {
    Path shipped = InteropTools.repoRoot().resolve(Generate.PYTHON_COMPONENTS);
    if (Boolean.getBoolean("cairn.manifests.regenerate")) {
      Generate.writePythonComponents(shipped);
    }
    Map<Path, String> fresh = Generate.writePythonComponents(temp);
    assertThat(fresh).hasSize(6);
    for (Map.Entry<Path, String> file : fresh.entrySet()) {
      String name = temp.relativize(file.getKey()).toString();
      assertThat(file.getValue())
          .as("the package's %s is the generated kfp/%s", name, name)
          .isEqualTo(Files.readString(committed().resolve("kfp/" + name), UTF_8));
      assertThat(shipped.resolve(name)).as("%s is missing; %s", name, HOW).exists();
      assertThat(Files.readString(shipped.resolve(name), UTF_8))
          .as("%s/%s is out of date; %s", Generate.PYTHON_COMPONENTS, name, HOW)
          .isEqualTo(file.getValue());
    }
    assertThat(listing(shipped)).as("stale files; %s", HOW).isEqualTo(listing(temp));
  }

  static Path chart() {
    return InteropTools.repoRoot().resolve("helm/cairn");
  }

  @Test
  void committedChartTemplatesMatchTheGenerator(@TempDir Path temp) throws IOException {
    if (Boolean.getBoolean("cairn.manifests.regenerate")) {
      Generate.writeChart(chart());
    }
    Map<Path, String> fresh = Generate.writeChart(temp);
    assertThat(fresh).hasSize(4);
    for (Map.Entry<Path, String> file : fresh.entrySet()) {
      Path relative = temp.relativize(file.getKey());
      Path target = chart().resolve(relative.toString());
      assertThat(target).as("%s is missing; %s", relative, HOW).exists();
      assertThat(Files.readString(target, StandardCharsets.UTF_8))
          .as("helm/cairn/%s is out of date; %s", relative, HOW)
          .isEqualTo(file.getValue());
    }
    // every generated-looking template in the chart is one the generator writes
    List<String> generatedInChart = new java.util.ArrayList<>();
    for (String name : listing(chart().resolve("templates"))) {
      String text = Files.readString(chart().resolve("templates").resolve(name));
      if (text.startsWith(HelmChart.HEADER)) {
        generatedInChart.add("templates/" + name);
      }
    }
    assertThat(generatedInChart)
        .as("stale generated chart templates; %s", HOW)
        .containsExactlyInAnyOrderElementsOf(
            fresh.keySet().stream().map(p -> temp.relativize(p).toString()).toList());
  }

  @Test
  void chartTemplatesEscapeEveryArgoExpression() {
    Map<String, String> chart = HelmChart.render(Manifests.steps());
    String steps = chart.get("templates/workflowtemplate-steps.yaml");
    assertThat(steps)
        .contains("{{`{{inputs.parameters.git-branch}}`}}")
        .contains("{{ include \"cairn.image\" (list . \"snapshotData\") | quote }}")
        .contains("{{ .Values.secrets.gitSsh | quote }}")
        .doesNotContain("cairn-git-ssh")
        .doesNotContain("ghcr.io");
    assertThat(HelmChart.escapeArgo("a: \"{{x}}-{{=y == 'z'}}\""))
        .isEqualTo("a: \"{{`{{x}}`}}-{{`{{=y == 'z'}}`}}\"");
  }

  @Test
  void generationIsDeterministic() {
    assertThat(Manifests.render()).isEqualTo(Manifests.render());
  }

  @Test
  void everyStepOptionIsAParameterOrHandledByTheManifests() {
    for (StepModel step : Manifests.steps()) {
      String argo = Manifests.render().get("argo/cairn-steps-workflowtemplate.yaml");
      for (StepModel.Param p : step.params()) {
        assertThat(argo).contains("name: " + p.argoName());
        assertThat(p.option()).doesNotEndWith("-file").doesNotEndWith("-ssh-key");
      }
      assertThat(step.params()).extracting(StepModel.Param::option).contains("--git-url", "--name");
    }
  }

  @Test
  void defaultsComeFromTheOptionsNotTheEnvironment() {
    StepModel rollback = Manifests.steps().get(2);
    assertThat(rollback.params())
        .filteredOn(p -> p.option().equals("--stage"))
        .singleElement()
        .extracting(StepModel.Param::defaultValue)
        .isEqualTo("prod");
    assertThat(rollback.params())
        .filteredOn(p -> p.option().equals("--dry-run"))
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(StepModel.Kind.BOOLEAN);
              assertThat(p.defaultValue()).isEqualTo("false");
            });
    assertThat(rollback.params())
        .filteredOn(p -> p.option().equals("--reason"))
        .singleElement()
        .satisfies(p -> assertThat(p.required()).isTrue());
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .collect(java.util.stream.Collectors.toCollection(TreeSet::new))
          .stream()
          .toList();
    }
  }
}
