package dev.cairn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemVerTest {
  @Test
  void parse_requiresLowercaseVAndSemVer() {
    assertThat(SemVer.parse("v1.2.3").toString()).isEqualTo("v1.2.3");
    assertThat(SemVer.parse("v1.0.0-rc.2+build.7").toString()).isEqualTo("v1.0.0-rc.2+build.7");
    for (String bad :
        List.of("1.2.3", "V1.2.3", "v1", "v1.2", "v01.2.3", "v1.2.3-", "v111", "v1.2.3-01")) {
      assertThatThrownBy(() -> SemVer.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void compareTo_semverPrecedence() {
    List<String> ordered =
        List.of(
            "v1.0.0-alpha",
            "v1.0.0-alpha.1",
            "v1.0.0-alpha.beta",
            "v1.0.0-beta",
            "v1.0.0-beta.2",
            "v1.0.0-beta.11",
            "v1.0.0-rc.1",
            "v1.0.0",
            "v1.0.1",
            "v1.2.0",
            "v1.10.0",
            "v2.0.0");
    List<SemVer> shuffled = new ArrayList<>(ordered.stream().map(SemVer::parse).toList());
    java.util.Collections.reverse(shuffled);
    shuffled.sort(null);
    assertThat(shuffled).extracting(SemVer::toString).containsExactlyElementsOf(ordered);
    assertThat(SemVer.parse("v1.0.0+a").compareTo(SemVer.parse("v1.0.0+b"))).isZero();
  }

  @Test
  void bump_likeGto() {
    assertThat(SemVer.FIRST.toString()).isEqualTo("v0.0.1");
    assertThat(SemVer.parse("v1.2.3").bump(Bump.PATCH).toString()).isEqualTo("v1.2.4");
    assertThat(SemVer.parse("v1.2.3").bump(Bump.MINOR).toString()).isEqualTo("v1.3.0");
    assertThat(SemVer.parse("v1.2.3").bump(Bump.MAJOR).toString()).isEqualTo("v2.0.0");
    assertThat(SemVer.parse("v1.2.3-rc.1+b").bump(Bump.PATCH).toString()).isEqualTo("v1.2.4");
  }
}
