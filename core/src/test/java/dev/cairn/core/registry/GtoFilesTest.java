package dev.cairn.core.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading {@code .gto} as gto 1.10 does (the cases checked against the real gto by hand). */
class GtoFilesTest {
  private static GtoFiles config(String text) {
    return GtoFiles.config(
        path ->
            path.equals(GtoFiles.CONFIG_FILE)
                ? Optional.of(text.getBytes(UTF_8))
                : Optional.empty());
  }

  @Test
  void stagesList_allowsOnlyThose_inConfigOrder() {
    GtoFiles files = config("stages: [dev, staging, prod, canary]\n");
    assertThat(files.allowedStages()).contains(List.of("dev", "staging", "prod", "canary"));
    assertThat(files.stageColumns(RegistryState.compute(List.of())))
        .containsExactly("dev", "staging", "prod", "canary");
    files.checkStage("canary");
    assertThatThrownBy(() -> files.checkStage("qa"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use stage: 'qa' (not allowed by .gto; allowed stages: dev, staging, prod,"
                + " canary; add it to stages: in .gto to use it)");
  }

  @Test
  void keysCaseInsensitive_nullStagesAllowEverything_emptyListAllowsNothing() {
    assertThat(config("Stages: [dev]\n").allowedStages()).contains(List.of("dev"));
    assertThat(config("stages:\n").allowedStages()).isEmpty();
    assertThat(config("").allowedStages()).isEmpty();
    config("stages:\n").checkStage("anything");
    assertThatThrownBy(() -> config("stages: []\n").checkStage("dev"))
        .hasMessageContaining("allowed stages: none");
    assertThat(config("types: [model, dataset]\nemojis: false\n").allowedTypes())
        .contains(List.of("model", "dataset"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"foo: 1\n", "stages: dev\n", "stages: [dev, 'bad name']\n", "[1, 2]\n"})
  void configGtoRefuses_refused(String text) {
    assertThatThrownBy(() -> config(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot read .gto at the branch head: ");
  }

  @Test
  void noConfigFile_nothingRestricted() {
    GtoFiles files = GtoFiles.config(path -> Optional.empty());
    assertThat(files.allowedStages()).isEmpty();
    assertThat(files.declared()).isEqualTo(Map.of());
    files.checkStage("qa");
  }
}
