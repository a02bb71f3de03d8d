package dev.cairn.core.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.git.GitAccess;
import dev.cairn.core.git.GitRemoteOptions;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.git.GitSshServer;
import dev.cairn.core.git.GitTag;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollback memory, "previous" and stage holds against a real Git-over-SSH server. */
class RollbackMemoryIT {
  private static final String M = "m";

  @TempDir Path tmp;
  private GitSshServer server;
  private GitRemoteOptions base;
  private int mirrors;

  @BeforeEach
  void start() {
    server = GitSshServer.start(tmp.resolve("srv"), tmp.resolve("srv-state"));
    Path key = server.newAuthorizedKey(tmp.resolve("id"));
    Path hosts = server.knownHosts(tmp.resolve("known_hosts"));
    server.createRepository("reg.git", "main");
    base =
        GitRemoteOptions.builder()
            .url(server.url("reg.git"))
            .access(GitAccess.ssh(key, hosts))
            .workDir(tmp.resolve("w0"))
            .retryTimeout(Duration.ofMinutes(1))
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private GitRepo connect() {
    return GitRepo.connect(base.toBuilder().workDir(tmp.resolve("w" + (++mirrors))).build());
  }

  private static String register(Registry registry, String md5) {
    return String.valueOf(
        registry
            .register(
                RegisterRequest.of(M)
                    .withFiles(
                        Map.of(
                            "models/m.dvc",
                            ("outs:\n- md5: " + md5 + "\n  path: m\n").getBytes(UTF_8)),
                        "m " + md5))
            .version());
  }

  /** v0.0.1, v0.0.2, v0.0.3 each promoted to prod in turn. */
  private static void threePromoted(Registry registry) {
    for (char c : new char[] {'a', 'b', 'c'}) {
      String v = register(registry, String.valueOf(c).repeat(32));
      registry.assign(M, v, "prod", null);
    }
  }

  @Test
  void rollback_recordsFromToReasonAndContentInTrailers_andHoldsTheStage() {
    try (GitRepo repo = connect()) {
      Registry registry = Registry.on(repo);
      threePromoted(registry);

      RollbackWrite done =
          registry.rollback(
              RollbackOrder.of(M, "prod", null, "AUC dropped; by alice")
                  .withContentId(v -> Optional.of("md5-of-" + v.version())));

      assertThat(done.write().previousVersion()).isEqualTo("v0.0.3");
      assertThat(done.write().version()).isEqualTo("v0.0.2");
      assertThat(done.holdPlaced()).isTrue();
      StageHold placed = java.util.Objects.requireNonNull(done.hold());
      assertThat(placed.version()).isEqualTo("v0.0.2");
      assertThat(placed.reason()).isEqualTo("rollback from v0.0.3: AUC dropped; by alice");
    }
    try (GitRepo other = connect()) {
      Registry fresh = Registry.on(other);
      ArtifactState artifact = fresh.state().require(M);
      RollbackMemory memory = RollbackMemory.of(artifact, "prod");
      assertThat(memory.versions()).containsExactly("v0.0.3");
      RollbackMemory.RolledBack entry = memory.find("v0.0.3").orElseThrow();
      assertThat(entry.toVersion()).isEqualTo("v0.0.2");
      assertThat(entry.md5()).isEqualTo("md5-of-v0.0.3");
      assertThat(entry.reason()).isEqualTo("AUC dropped; by alice");
      assertThat(RollbackMemory.of(artifact, "dev").isEmpty()).isTrue();
      StageHold hold = fresh.holds().find(M, "prod").orElseThrow();
      assertThat(hold.version()).isEqualTo("v0.0.2");
      // the hold is not a tag: gto and dvc never see it
      assertThat(other.tags().stream().map(GitTag::name)).noneMatch(n -> n.contains("hold"));
      GitTag unassign =
          other.tags().stream().filter(t -> t.name().equals("m#prod!#4")).findFirst().orElseThrow();
      assertThat(unassign.message())
          .startsWith(
              "Unassigning stage 'prod' to artifact 'm' version 'v0.0.3' (rollback to v0.0.2")
          .contains("cairn-rollback-from: v0.0.3")
          .contains("cairn-rollback-to: v0.0.2");
    }
  }

  @Test
  void rollbackToPrevious_twice_neverTargetsARolledBackVersion_thenRefusesListingCandidates() {
    try (GitRepo repo = connect()) {
      Registry registry = Registry.on(repo);
      threePromoted(registry);
      register(registry, "d".repeat(32)); // v0.0.4, never in prod

      assertThat(registry.rollback(RollbackOrder.of(M, "prod", null, "bad")).write().version())
          .isEqualTo("v0.0.2");
      // a second "previous" skips v0.0.3, which prod was rolled back away from
      assertThat(registry.rollback(RollbackOrder.of(M, "prod", null, "worse")).write().version())
          .isEqualTo("v0.0.1");

      assertThatThrownBy(() -> registry.rollback(RollbackOrder.of(M, "prod", null, "again")))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("no earlier holder qualifies")
          .hasMessageContaining("v0.0.3, v0.0.2 rolled back away from before")
          .hasMessageContaining("name a version with --to: v0.0.4");
      assertThat(registry.state().require(M).versionInStage("prod")).contains("v0.0.1");
      // the first rollback's hold stays as it was
      assertThat(registry.holds().find(M, "prod").orElseThrow().reason())
          .isEqualTo("rollback from v0.0.3: bad");
    }
  }

  @Test
  void handAssign_clearsTheMemoryOfThatVersion() {
    try (GitRepo repo = connect()) {
      Registry registry = Registry.on(repo);
      threePromoted(registry);
      registry.rollback(RollbackOrder.of(M, "prod", "v0.0.1", "bad"));
      assertThat(RollbackMemory.of(registry.state().require(M), "prod").versions())
          .containsExactly("v0.0.3");

      registry.assign(M, "v0.0.3", "prod", "fixed upstream, by bob");

      assertThat(RollbackMemory.of(registry.state().require(M), "prod").isEmpty()).isTrue();
    }
  }

  @Test
  void holdAndRelease_byHand_areVisibleToOtherWriters_andAStaleWriterReChecks() {
    try (GitRepo stale = connect();
        GitRepo repo = connect()) {
      Registry registry = Registry.on(repo);
      threePromoted(registry);
      Registry staleRegistry = Registry.on(stale);
      staleRegistry.state();

      HoldWrite held = registry.hold(M, "prod", "incident 42");
      assertThat(held.changed()).isTrue();
      assertThat(held.hold().version()).isEqualTo("v0.0.3");
      assertThat(held.hold().reason()).isEqualTo("incident 42");

      // the stale writer's create-only push is rejected; re-applied, it finds the hold
      HoldWrite again = staleRegistry.hold(M, "prod", "someone else");
      assertThat(again.changed()).isFalse();
      assertThat(again.hold().reason()).isEqualTo("incident 42");

      assertThat(staleRegistry.release(M, "prod", "resolved")).isPresent();
      registry.state();
      assertThat(registry.holds().find(M, "prod")).isEmpty();
      assertThat(registry.release(M, "prod", "again")).isEmpty();
      assertThatThrownBy(() -> registry.hold(M, "prod", " "))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  @Test
  void assignWithCheck_refusalWritesNothing() {
    try (GitRepo repo = connect()) {
      Registry registry = Registry.on(repo);
      threePromoted(registry);
      registry.hold(M, "prod", "freeze");
      String v4 = register(registry, "d".repeat(32));
      List<String> before = repo.refreshTags().stream().map(GitTag::name).toList();

      RegistryWrite write =
          registry.assign(
              M,
              v4,
              "prod",
              null,
              (state, artifact, holds) -> holds.find(M, "prod").map(h -> "held: " + h.reason()));

      assertThat(write.changed()).isFalse();
      assertThat(repo.refreshTags().stream().map(GitTag::name).toList())
          .containsExactlyInAnyOrderElementsOf(before);
      assertThat(registry.state().require(M).versionInStage("prod")).contains("v0.0.3");
    }
  }
}
