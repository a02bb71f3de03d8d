package dev.cairn.core.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.git.Change;
import dev.cairn.core.git.GitAccess;
import dev.cairn.core.git.GitRemoteOptions;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.git.NewTag;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GTO counters of any size on a real (local bare) repository: a crafted or large {@code #N} is
 * continued with {@code N + 1} and its assignment counts, as gto does (Python ints are unbounded).
 */
class RegistryCounterTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path tmp;
  private GitRepo repo;
  private Registry registry;

  @BeforeEach
  void setUp() throws Exception {
    Path bare = tmp.resolve("reg.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    repo =
        GitRepo.connect(
            GitRemoteOptions.builder()
                .url(bare.toUri().toString())
                .access(GitAccess.none())
                .workDir(tmp.resolve("w"))
                .build());
    registry = Registry.on(repo, Clock.fixed(T0, ZoneOffset.UTC));
  }

  @AfterEach
  void tearDown() {
    repo.close();
  }

  private void register(String content) {
    registry.register(
        RegisterRequest.of("m")
            .withFiles(Map.of("models/m.dvc", content.getBytes(UTF_8)), content));
  }

  /** A tag as another tool (or a hand) wrote it, one minute after {@code T0}. */
  private void craft(String tagName, String version) {
    String commit = registry.state().require("m").version(version).orElseThrow().commit();
    repo.write(
        "craft " + tagName,
        snapshot ->
            Change.tags(List.of(new NewTag(tagName, commit, "crafted", T0.plusSeconds(60)))));
  }

  @Test
  void assign_afterCounterAtIntMax_writesNextCounterAndStageAgrees() {
    register("one");
    craft("m#staging#2147483647", "v0.0.1");
    assertThat(registry.state().require("m").versionInStage("staging")).contains("v0.0.1");
    register("two");

    RegistryWrite w = registry.assign("m", "v0.0.2", "staging", null);

    assertThat(w.tags()).containsExactly("m#staging#2147483648");
    ArtifactState m = registry.state().require("m");
    assertThat(m.versionInStage("staging")).contains("v0.0.2");
    assertThat(m.previousInStage("staging")).contains("v0.0.1");
    assertThat(m.nextCounter()).isEqualTo(new BigInteger("2147483649"));
  }

  @Test
  void state_counterBeyondLong_assignmentCountsAndNextCounterFollows() {
    register("one");
    register("two");
    craft("m#prod#99999999999999999999999", "v0.0.1");

    ArtifactState m = registry.state().require("m");
    assertThat(m.versionInStage("prod")).contains("v0.0.1");
    assertThat(m.nextCounter()).isEqualTo(new BigInteger("100000000000000000000000"));

    assertThat(registry.assign("m", "v0.0.2", "dev", null).tags())
        .containsExactly("m#dev#100000000000000000000000");
    RegistryWrite back = registry.rollback("m", "prod", "v0.0.2", "bad weights");
    assertThat(back.tags())
        .containsExactly("m#prod!#100000000000000000000001", "m#prod#100000000000000000000002");
    assertThat(registry.state().require("m").versionInStage("prod")).contains("v0.0.2");
  }
}
