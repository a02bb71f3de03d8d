package dev.cairn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.git.GitTag;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state computation as a pure function of tags (gto show's default view). */
class RegistryStateTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String C1 = "1111111111111111111111111111111111111111";
  private static final String C2 = "2222222222222222222222222222222222222222";
  private static final String C3 = "3333333333333333333333333333333333333333";
  private static final String C9 = "9999999999999999999999999999999999999999";

  private final List<GitTag> tags = new ArrayList<>();

  private void tag(String name, String commit, int second) {
    tags.add(new GitTag(name, commit, T0.plusSeconds(second), "ci", "ci@x", name + " message\n"));
  }

  private ArtifactState m() {
    return RegistryState.compute(tags).require("m");
  }

  @Test
  void compute_registerAndAssign_latestAndStage() {
    tag("m@v0.0.1", C1, 0);
    tag("m#prod#1", C1, 1);
    tag("m@v0.1.0", C2, 2);
    tag("m#prod#2", C2, 3);
    tag("m#dev#3", C1, 4);
    assertThat(m().latest()).contains("v0.1.0");
    assertThat(m().stages()).containsEntry("prod", "v0.1.0").containsEntry("dev", "v0.0.1");
    assertThat(m().versionsInStage("prod")).containsExactly("v0.1.0", "v0.0.1");
    assertThat(m().nextCounter()).isEqualTo(BigInteger.valueOf(4));
    assertThat(m().previousInStage("prod")).contains("v0.0.1");
    assertThat(m().version("v0.0.1").orElseThrow().stages()).containsExactly("prod", "dev");
  }

  @Test
  void compute_reassignOlderVersion_mostRecentAssignmentWinsNotSemver() {
    tag("m@v0.0.1", C1, 0);
    tag("m@v0.0.2", C2, 1);
    tag("m#prod#1", C2, 2);
    tag("m#prod#2", C1, 3);
    assertThat(m().versionInStage("prod")).contains("v0.0.1");
    assertThat(m().latest()).contains("v0.0.2");
  }

  @Test
  void compute_rollbackTags_unassignThenLaterAssign() {
    tag("m@v1.0.0", C1, 0);
    tag("m@v2.0.0", C2, 1);
    tag("m#prod#1", C1, 2);
    tag("m#prod#2", C2, 3);
    tag("m#prod!#3", C2, 4);
    tag("m#prod#4", C1, 5);
    assertThat(m().versionInStage("prod")).contains("v1.0.0");
    assertThat(m().versionsInStage("prod")).containsExactly("v1.0.0");
    assertThat(m().previousInStage("prod")).contains("v2.0.0");
  }

  @Test
  void compute_unassignInSameSecondAsAssign_unassignWins() {
    tag("m@v1.0.0", C1, 0);
    tag("m#prod#1", C1, 1);
    tag("m#prod!#2", C1, 1);
    assertThat(m().versionInStage("prod")).isEmpty();
  }

  @Test
  void compute_deregisteredVersion_leavesStageAndLatest() {
    tag("m@v1.0.0", C1, 0);
    tag("m@v2.0.0", C2, 1);
    tag("m#prod#1", C1, 2);
    tag("m#prod#2", C2, 3);
    tag("m@v2.0.0!", C2, 4);
    assertThat(m().latest()).contains("v1.0.0");
    assertThat(m().versionInStage("prod")).contains("v1.0.0");
    assertThat(m().version("v2.0.0").orElseThrow().active()).isFalse();
  }

  @Test
  void previousInStage_skipsDeregisteredVersions() {
    tag("m@v1.0.0", C1, 0);
    tag("m@v2.0.0", C2, 1);
    tag("m@v3.0.0", C3, 2);
    tag("m#prod#1", C1, 3);
    tag("m#prod#2", C2, 4);
    tag("m#prod#3", C3, 5);
    tag("m@v2.0.0!", C2, 6);
    assertThat(m().versionInStage("prod")).contains("v3.0.0");
    assertThat(m().previousInStage("prod")).contains("v1.0.0");
  }

  @Test
  void previousInStage_nothingBefore_empty() {
    tag("m@v1.0.0", C1, 0);
    tag("m#prod#1", C1, 1);
    assertThat(m().previousInStage("prod")).isEmpty();
  }

  @Test
  void compute_deprecation_hidesUntilNewerEvent() {
    tag("m@v1.0.0", C1, 0);
    tag("m@deprecated", C1, 1);
    RegistryState state = RegistryState.compute(tags);
    assertThat(state.require("m").active()).isFalse();
    assertThat(state.toShowJson(false)).isEmpty();
    assertThat(state.toShowJson(true)).containsKey("m");
    tag("m@v1.0.1", C2, 2);
    assertThat(RegistryState.compute(tags).require("m").active()).isTrue();
  }

  @Test
  void compute_stageTagOnUnregisteredCommit_discoveredVersionNamedByCommit() {
    tag("m@v1.0.0", C1, 0);
    tag("m#dev#1", C9, 1);
    assertThat(m().versionInStage("dev")).contains(C9);
    assertThat(m().version(C9).orElseThrow().discovered()).isTrue();
    assertThat(m().latest()).contains("v1.0.0");
  }

  @Test
  void compute_countersBeyondIntAndLong_countAndNextCounterFollowsTheLargest() {
    tag("m@v0.0.1", C1, 0);
    tag("m@v0.0.2", C2, 1);
    tag("m#staging#2147483647", C1, 2);
    tag("m#prod#9223372036854775807", C1, 3);
    tag("m#prod#99999999999999999999999", C2, 4);
    tag("m#staging#2147483648", C2, 5);
    assertThat(m().stages()).containsEntry("staging", "v0.0.2").containsEntry("prod", "v0.0.2");
    assertThat(m().previousInStage("prod")).contains("v0.0.1");
    assertThat(m().nextCounter()).isEqualTo(new BigInteger("100000000000000000000000"));
  }

  @Test
  void compute_lightweightAndForeignTags_ignoredButCountersCount() {
    tag("m@v1.0.0", C1, 0);
    tags.add(GitTag.lightweight("m#prod#41", C1));
    tags.add(new GitTag("release-1", C1, T0, "x", "x", "x"));
    assertThat(m().versionInStage("prod")).isEmpty();
    assertThat(m().nextCounter()).isEqualTo(BigInteger.valueOf(42));
    assertThat(RegistryState.compute(tags).artifacts()).containsOnlyKeys("m");
  }

  @Test
  void toShowJson_gtoShape() {
    tag("a@v0.0.1", C1, 0);
    tag("a#prod#1", C1, 1);
    tag("b@v0.0.1", C2, 2);
    Map<String, Object> json = RegistryState.compute(tags).toShowJson(false);
    assertThat(json.toString())
        .isEqualTo(
            "{a={version=v0.0.1, stage={prod=v0.0.1}, registered=true, active=true},"
                + " b={version=v0.0.1, stage={prod=null}, registered=true, active=true}}");
  }

  @Test
  void history_chronologicalWithVersionsResolved() {
    tag("m@v1.0.0", C1, 0);
    tag("m#prod#1", C1, 0);
    tag("m@v1.0.0!", C1, 5);
    List<RegistryEvent> history = m().history();
    assertThat(history)
        .extracting(RegistryEvent::action)
        .containsExactly(TagAction.REGISTER, TagAction.ASSIGN, TagAction.DEREGISTER);
    assertThat(history).extracting(RegistryEvent::version).containsOnly("v1.0.0");
    assertThat(history.get(1).message()).isEqualTo("m#prod#1 message");
  }
}
