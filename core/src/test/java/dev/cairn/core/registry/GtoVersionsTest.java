package dev.cairn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.git.GitTag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * {@code gto show NAME --json} as a pure function of tags (compared with the real gto in interop).
 */
class GtoVersionsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String C1 = "1111111111111111111111111111111111111111";
  private static final String C2 = "2222222222222222222222222222222222222222";

  private final List<GitTag> tags = new ArrayList<>();

  private void tag(String name, String commit, int second) {
    tags.add(new GitTag(name, commit, T0.plusSeconds(second), "ci", "ci@x", name + " message\n"));
  }

  private List<Map<String, Object>> show() {
    return GtoVersions.of(RegistryState.compute(tags).require("m"));
  }

  private static List<Object> stages(List<Map<String, Object>> view, String version) {
    return view.stream()
        .filter(v -> version.equals(v.get("version")))
        .flatMap(v -> ((List<?>) Objects.requireNonNull(v.get("stages"))).stream())
        .map(s -> (Object) ((Map<?, ?>) s).get("stage"))
        .toList();
  }

  @Test
  void of_twoVersionsAssignedToOneStage_onlyTheNewestAssignmentHoldsIt() {
    tag("m@v0.0.1", C1, 0);
    tag("m@v0.0.2", C2, 1);
    tag("m#prod#1", C1, 2);
    tag("m#prod#2", C2, 3);
    List<Map<String, Object>> view = show();
    assertThat(view).extracting(v -> v.get("version")).containsExactly("v0.0.2", "v0.0.1");
    assertThat(stages(view, "v0.0.2")).containsExactly("prod");
    assertThat(stages(view, "v0.0.1")).isEmpty();
    Map<?, ?> prod =
        (Map<?, ?>) ((List<?>) Objects.requireNonNull(view.get(0).get("stages"))).get(0);
    assertThat(prod.get("ref")).isEqualTo("m#prod#2");
    assertThat(prod.get("created_at")).isEqualTo("2026-03-01T10:00:03+00:00");
    Map<?, ?> assignment =
        (Map<?, ?>) ((List<?>) Objects.requireNonNull(prod.get("assignments"))).get(0);
    assertThat(assignment.get("priority")).isEqualTo(5);
    assertThat(assignment.get("addition")).isEqualTo(true);
    assertThat(assignment.get("tag")).isEqualTo("m#prod#2");
    assertThat(assignment.get("event")).isEqualTo("assignment");
    assertThat(assignment.get("message")).isEqualTo("m#prod#2 message");
  }

  @Test
  void of_deregisteredHolder_isNotListedAndTheStageFallsBack() {
    tag("m@v0.0.1", C1, 0);
    tag("m@v0.0.2", C2, 1);
    tag("m#prod#1", C1, 2);
    tag("m#prod#2", C2, 3);
    tag("m@v0.0.2!", C2, 4);
    List<Map<String, Object>> view = show();
    assertThat(view).extracting(v -> v.get("version")).containsExactly("v0.0.1");
    assertThat(stages(view, "v0.0.1")).containsExactly("prod");
  }

  @Test
  void of_unassignedOrDeprecated_holdsNothingOrListsNothing() {
    tag("m@v0.0.1", C1, 0);
    tag("m#prod#1", C1, 1);
    tag("m#prod!#2", C1, 2);
    assertThat(stages(show(), "v0.0.1")).isEmpty();
    tag("m@deprecated", C1, 3);
    assertThat(show()).isEmpty();
  }
}
