package dev.cairn.core.dvc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YamlMapsTest {
  @Test
  void parse_readsWhatTheStrictReadersWouldRefuse() {
    String text =
        "# comment\nouts:\n- md5: 0123abcd\n  hash: sha256\n  path: d\nmeta:\n  cairn:\n"
            + "    params: {lr: 0.1, epochs: 3}\n";

    assertThat(YamlMaps.parse(text.getBytes(UTF_8), "d.dvc"))
        .isEqualTo(
            Map.of(
                "outs",
                List.of(Map.of("md5", "0123abcd", "hash", "sha256", "path", "d")),
                "meta",
                Map.of("cairn", Map.of("params", Map.of("lr", 0.1, "epochs", 3L)))));
  }

  @Test
  void parse_tagsGoThroughTheFullReader_andBadYamlIsOneLine() {
    assertThat(YamlMaps.parse("a: !!str 12\n".getBytes(UTF_8), "x.yaml")).containsEntry("a", "12");
    assertThat(YamlMaps.parse(new byte[0], "x.yaml")).isEmpty();
    assertThatThrownBy(() -> YamlMaps.parse("a: [1\n".getBytes(UTF_8), "x.yaml"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot parse YAML file: x.yaml (")
        .hasMessageNotContaining("\n");
  }
}
