package dev.cairn.core.dvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DvcYamlTest {
  private static final String WITH_STAGES =
      """
      # pipeline
      stages:
        train:
            cmd: python train.py --lr 0.1   # four-space indent kept
            deps:
                - data
            outs:
                - model.pt
      artifacts:
        churn-data:   # the dataset
          path: data/churn
          type: dataset
        churn-model:
          path: models/model.pt
          type: model
          desc: "Churn classifier"
          labels: [prod, tabular]
          meta: {owner: team-a}

      # trailing comment
      plots:
        - metrics.json
      """;

  @Test
  void parse_artifacts_readsEveryField() {
    DvcYaml yaml = DvcYaml.parse(WITH_STAGES, "dvc.yaml");

    assertThat(yaml.artifacts().keySet()).containsExactly("churn-data", "churn-model");
    assertThat(yaml.artifact("churn-model"))
        .contains(
            new Artifact(
                "models/model.pt",
                "model",
                "Churn classifier",
                List.of("prod", "tabular"),
                Map.of("owner", "team-a")));
    assertThat(yaml.artifact("churn-data")).contains(Artifact.of("data/churn", "dataset"));
    assertThat(yaml.artifact("missing")).isEmpty();
  }

  @Test
  void toText_unchanged_isByteIdenticalOutsideTheSection() {
    DvcYaml yaml = DvcYaml.parse(WITH_STAGES, "dvc.yaml");

    String text = yaml.withArtifact("churn-data", Artifact.of("data/churn", "dataset")).toText();

    assertThat(text).startsWith(WITH_STAGES.substring(0, WITH_STAGES.indexOf("artifacts:")));
    assertThat(text).endsWith("\n# trailing comment\nplots:\n  - metrics.json\n");
    assertThat(text).contains("  churn-data:   # the dataset\n    path: data/churn\n");
    assertThat(text).contains("    desc: \"Churn classifier\"\n");
  }

  @Test
  void withArtifact_updateExisting_keepsPositionAndAppendsNewFields() {
    DvcYaml yaml = DvcYaml.parse(WITH_STAGES, "dvc.yaml");

    String text =
        yaml.withArtifact(
                "churn-data",
                new Artifact(
                    "data/churn2", "dataset", "daily snapshot", List.of(), Map.of("rows", 10)))
            .toText();

    assertThat(text)
        .contains(
            """
            artifacts:
              churn-data:   # the dataset
                path: data/churn2
                type: dataset
                desc: daily snapshot
                meta:
                  rows: 10
              churn-model:
            """);
    assertThat(DvcYaml.parse(text, "dvc.yaml").artifact("churn-data").orElseThrow().meta())
        .containsEntry("rows", 10L);
  }

  @Test
  void withArtifact_newId_isAppendedAndRemoveDropsIt() {
    DvcYaml yaml = DvcYaml.parse(WITH_STAGES, "dvc.yaml");

    DvcYaml added = yaml.withArtifact("eval/report_1", Artifact.of("reports/r.json", "report"));
    assertThat(added.artifacts().keySet())
        .containsExactly("churn-data", "churn-model", "eval/report_1");
    assertThat(added.toText())
        .contains("  eval/report_1:\n    path: reports/r.json\n    type: report\n");

    String removed =
        DvcYaml.parse(added.toText(), "dvc.yaml").withoutArtifact("eval/report_1").toText();
    assertThat(DvcYaml.parse(removed, "dvc.yaml").artifacts().keySet())
        .containsExactly("churn-data", "churn-model");
  }

  @Test
  void withoutArtifact_lastOne_removesTheSection() {
    String text = "stages: {}\nartifacts:\n  m:\n    path: m.pt\n";

    assertThat(DvcYaml.parse(text, "dvc.yaml").withoutArtifact("m").toText())
        .isEqualTo("stages: {}\n");
  }

  @Test
  void write_missingFile_createsIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("dvc.yaml");

    DvcYaml.read(file).withArtifact("churn-model", Artifact.of("models/m.pt", "model")).write(file);

    assertThat(Files.readString(file))
        .isEqualTo("artifacts:\n  churn-model:\n    path: models/m.pt\n    type: model\n");
  }

  @Test
  void toText_fileWithoutArtifactsAndNoFinalNewline_appendsSection() {
    assertThat(
            DvcYaml.parse("stages:\n  a:\n    cmd: x", "dvc.yaml")
                .withArtifact("m", Artifact.of("m.pt", "model"))
                .toText())
        .isEqualTo(
            "stages:\n  a:\n    cmd: x\nartifacts:\n  m:\n    path: m.pt\n    type: model\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-model", "model-", "my model", "m@v1", "", "a:b", "ünï"})
  void withArtifact_badId_isRejected(String id) {
    DvcYaml yaml = DvcYaml.parse("", "dvc.yaml");

    assertThatThrownBy(() -> yaml.withArtifact(id, Artifact.of("m.pt", "model")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot use artifact id: '" + id + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"m", "churn-model", "Model_2", "team/model", "a1"})
  void checkId_gtoNames_areAccepted(String id) {
    DvcYaml.checkId(id);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "artifacts: [a]\n",
        "artifacts:\n  m: 3\n",
        "artifacts:\n  m:\n    type: model\n",
        "artifacts:\n  m:\n    path: m.pt\n    labels: {a: b}\n",
        "artifacts:\n  m:\n    path: m.pt\n    meta: [1]\n",
        "artifacts:\n  m:\n    path: [x\n",
      })
  void parse_malformed_throwsInvalidInput(String text) {
    assertThatThrownBy(() -> DvcYaml.parse(text, "dvc.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot read dvc.yaml: dvc.yaml (");
  }

  @Test
  void withMetricsFile_addsToABlockOrFlowListOrStartsOne_andKeepsTheRest() {
    assertThat(DvcYaml.withMetricsFile("", "models/m.metrics.json"))
        .isEqualTo("metrics:\n- models/m.metrics.json\n");
    assertThat(DvcYaml.withMetricsFile("artifacts:\n  m:\n    path: models/m\n", "a.json"))
        .isEqualTo("artifacts:\n  m:\n    path: models/m\nmetrics:\n- a.json\n");
    String block = "metrics:\n  - eval.json # the evaluation\nplots:\n- p.csv\n";
    assertThat(DvcYaml.withMetricsFile(block, "a.json"))
        .isEqualTo("metrics:\n  - eval.json # the evaluation\n  - a.json\nplots:\n- p.csv\n");
    assertThat(DvcYaml.withMetricsFile("metrics: [eval.json]\n", "a.json"))
        .isEqualTo("metrics: [eval.json, a.json]\n");
    // already listed: unchanged, byte for byte
    assertThat(DvcYaml.withMetricsFile(block, "eval.json # the evaluation".split(" ")[0]))
        .isEqualTo(block);
    assertThat(DvcYaml.withMetricsFile("metrics: [a.json]\n", "a.json"))
        .isEqualTo("metrics: [a.json]\n");
  }
}
