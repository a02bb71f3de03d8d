package dev.cairn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** gto's {@code parse_shortcut} vectors and selection. */
class GtoQueryTest {
  @Test
  void parse_asGtoParseShortcut() {
    assertThat(GtoQuery.parse("model")).isEqualTo(new GtoQuery("model", null, null, false));
    assertThat(GtoQuery.parse("model#prod")).isEqualTo(new GtoQuery("model", "prod", null, false));
    assertThat(GtoQuery.parse("model@latest")).isEqualTo(new GtoQuery("model", null, null, true));
    assertThat(GtoQuery.parse("model@greatest")).isEqualTo(new GtoQuery("model", null, null, true));
    assertThat(GtoQuery.parse("model@v1.2.3-rc.1"))
        .isEqualTo(new GtoQuery("model", null, "v1.2.3-rc.1", false));
    assertThat(GtoQuery.parse("dir/sub:model#prod"))
        .isEqualTo(new GtoQuery("dir/sub:model", "prod", null, false));
    // no shortcut: a plain (unknown) name, as in gto
    assertThat(GtoQuery.parse("model@1.2.3").shortcut()).isFalse();
    assertThat(GtoQuery.parse("model#prod#1").name()).isEqualTo("model#prod#1");
  }

  @Test
  void select_stageVersionLatest() {
    Map<String, Object> v2 =
        Map.of("version", "v0.0.2", "stages", List.of(Map.of("stage", "staging")));
    Map<String, Object> v1 =
        Map.of("version", "v0.0.1", "stages", List.of(Map.of("stage", "prod")));
    List<Map<String, Object>> all = List.of(v2, v1);
    assertThat(GtoQuery.parse("m#prod").select(all)).containsExactly(v1);
    assertThat(GtoQuery.parse("m#dev").select(all)).isEmpty();
    assertThat(GtoQuery.parse("m@latest").select(all)).containsExactly(v2);
    assertThat(GtoQuery.parse("m@v0.0.1").select(all)).containsExactly(v1);
    assertThat(GtoQuery.parse("m").select(all)).isEqualTo(all);
    assertThat(GtoQuery.parse("m@latest").select(List.of())).isEmpty();
  }
}
