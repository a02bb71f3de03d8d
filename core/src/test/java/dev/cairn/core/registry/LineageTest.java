package dev.cairn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineageTest {
  @Test
  void toMap_fromMap_roundTrip() {
    Lineage lineage =
        new Lineage(
            List.of(
                new Lineage.Input("churn-data", "v0.0.7", "0123456789abcdef0123456789abcdef.dir")),
            new Lineage.Code("https://git.example/ml.git", "abc123"),
            Map.of("lr", 0.01, "layers", List.of(64, 32)),
            Map.of("auc", 0.91),
            new Lineage.Run("argo", "nightly-x7", "uid-1", "nightly-x7-train"));
    Map<String, Object> map = lineage.toMap();
    assertThat(map).containsOnlyKeys("inputs", "code", "params", "metrics", "run");
    assertThat(map.get("run"))
        .isEqualTo(
            Map.of(
                "engine",
                "argo",
                "workflow",
                "nightly-x7",
                "workflow_uid",
                "uid-1",
                "pod",
                "nightly-x7-train"));
    assertThat(Lineage.fromMap(map)).isEqualTo(lineage);
  }

  @Test
  void fromMap_integerMetric_readAsDouble_badShape_rejected() {
    assertThat(Lineage.fromMap(Map.of("metrics", Map.of("n", 3))).metrics())
        .containsEntry("n", 3.0);
    assertThatThrownBy(() -> Lineage.fromMap(Map.of("metrics", Map.of("n", "x"))))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Lineage.fromMap(Map.of("inputs", "x")))
        .isInstanceOf(InvalidInputException.class);
  }
}
