package dev.cairn.steps.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class DefaultWorkDirTest {
  @TempDir Path tmp;

  @Test
  void choose_xdgCacheHome_isUsed() {
    Path xdg = tmp.resolve("xdg");

    Path dir =
        DefaultWorkDir.choose(
            Map.of("XDG_CACHE_HOME", xdg.toString()), tmp.toString(), tmp.resolve("t"), "u");

    assertThat(dir).isEqualTo(xdg.resolve("cairn/work"));
  }

  @Test
  void choose_relativeXdgCacheHome_isIgnoredAsTheSpecSays() {
    Path dir =
        DefaultWorkDir.choose(
            Map.of("XDG_CACHE_HOME", "rel"), tmp.toString(), tmp.resolve("t"), "u");

    assertThat(dir).isEqualTo(tmp.resolve(".cache/cairn/work"));
  }

  @Test
  void choose_writableHome_usesItsCache() throws Exception {
    Files.createDirectories(tmp.resolve(".cache"));

    Path dir = DefaultWorkDir.choose(Map.of(), tmp.toString(), tmp.resolve("t"), "u");

    assertThat(dir).isEqualTo(tmp.resolve(".cache/cairn/work"));
  }

  @Test
  void choose_noHome_fallsBackToTmpPerUser() {
    Path t = tmp.resolve("t");

    assertThat(DefaultWorkDir.choose(Map.of(), "?", t, "1000680000"))
        .isEqualTo(t.resolve("cairn-work-1000680000"));
    assertThat(DefaultWorkDir.choose(Map.of(), null, t, "alice"))
        .isEqualTo(t.resolve("cairn-work-alice"));
    assertThat(DefaultWorkDir.choose(Map.of(), tmp.resolve("no-such-home").toString(), t, "bob"))
        .isEqualTo(t.resolve("cairn-work-bob"));
  }

  @Test
  void userLabel_plainName_isKept_otherwiseTheUid() {
    assertThat(DefaultWorkDir.userLabel("alice")).isEqualTo("alice");
    assertThat(DefaultWorkDir.userLabel("?")).matches("\\d+|unknown");
    assertThat(DefaultWorkDir.userLabel("../etc")).matches("\\d+|unknown");
    assertThat(DefaultWorkDir.userLabel(null)).matches("\\d+|unknown");
  }

  @Command(name = "step")
  static final class Step {
    @Mixin WorkOptions work = new WorkOptions();
  }

  @Test
  void workOptions_withoutWorkDir_takeThePerUserDefault_notASharedOne() {
    Step step = new Step();
    new CommandLine(step).parseArgs();

    assertThat(step.work.workDir()).isEqualTo(DefaultWorkDir.forThisUser().toAbsolutePath());
    assertThat(step.work.workDir().getFileName().toString()).isNotEqualTo("cairn-work");
  }

  @Test
  void workOptions_givenWorkDir_isUsed() {
    Step step = new Step();
    new CommandLine(step).parseArgs("--work-dir", tmp.resolve("w").toString());

    assertThat(step.work.workDir()).isEqualTo(tmp.resolve("w"));
  }
}
