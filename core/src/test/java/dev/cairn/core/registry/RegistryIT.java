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
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registry writes and reads against a real Git-over-SSH server. */
class RegistryIT {
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
            .retryTimeout(Duration.ofMinutes(5))
            .build();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private GitRepo connect() {
    return GitRepo.connect(base.toBuilder().workDir(tmp.resolve("w" + (++mirrors))).build());
  }

  private static Map<String, byte[]> dvc(String name, String md5, String meta) {
    return Map.of(
        "models/" + name + ".dvc",
        ("outs:\n- md5: " + md5 + "\n  path: " + name + "\n" + meta).getBytes(UTF_8));
  }

  @Test
  void register_assign_rollback_deregister_deprecate_endToEnd() {
    try (GitRepo repo = connect()) {
      Registry registry = Registry.on(repo);
      RegistryWrite v1 =
          registry.register(
              RegisterRequest.of("m").withFiles(dvc("m", "a".repeat(32), ""), "m v1"));
      assertThat(v1.version()).isEqualTo("v0.0.1");
      assertThat(v1.commit()).isNotNull();
      RegistryWrite again =
          registry.register(
              RegisterRequest.of("m").withFiles(dvc("m", "a".repeat(32), ""), "m v1"));
      assertThat(again.changed()).isFalse();
      assertThat(again.version()).isEqualTo("v0.0.1");
      RegistryWrite v2 =
          registry.register(
              RegisterRequest.of("m")
                  .withBump(Bump.MINOR)
                  .withFiles(dvc("m", "b".repeat(32), ""), "m v2"));
      assertThat(v2.version()).isEqualTo("v0.1.0");
      assertThatThrownBy(
              () ->
                  registry.register(
                      RegisterRequest.of("m")
                          .withVersion("v0.1.0")
                          .withFiles(dvc("m", "c".repeat(32), ""), "x")))
          .isInstanceOf(InvalidInputException.class);

      assertThat(registry.assign("m", "v0.0.1", "prod", null).tags()).containsExactly("m#prod#1");
      RegistryWrite promote = registry.assign("m", "v0.1.0", "prod", null);
      assertThat(promote.tags()).containsExactly("m#prod#2");
      assertThat(promote.previousVersion()).isEqualTo("v0.0.1");
      assertThat(registry.assign("m", "v0.1.0", "prod", null).changed()).isFalse();

      RegistryWrite rollback = registry.rollback("m", "prod", null, "bad latency");
      assertThat(rollback.tags()).containsExactly("m#prod!#3", "m#prod#4");
      assertThat(rollback.previousVersion()).isEqualTo("v0.1.0");
      assertThat(rollback.version()).isEqualTo("v0.0.1");
      List<GitTag> tags = repo.tags();
      GitTag unassign =
          tags.stream().filter(t -> t.name().equals("m#prod!#3")).findFirst().orElseThrow();
      GitTag assign =
          tags.stream().filter(t -> t.name().equals("m#prod#4")).findFirst().orElseThrow();
      assertThat(assign.taggerTime()).isAfter(unassign.taggerTime());
      assertThat(assign.message()).contains("bad latency");

      RegistryState state = registry.state();
      assertThat(state.require("m").versionInStage("prod")).contains("v0.0.1");
      assertThat(state.require("m").latest()).contains("v0.1.0");

      registry.deregister("m", "v0.1.0", null);
      assertThat(registry.state().require("m").latest()).contains("v0.0.1");
      assertThatThrownBy(() -> registry.assign("m", "v0.1.0", "prod", null))
          .isInstanceOf(InvalidInputException.class);
      RegistryWrite v3 =
          registry.register(
              RegisterRequest.of("m").withFiles(dvc("m", "d".repeat(32), ""), "m v3"));
      assertThat(v3.version()).isEqualTo("v0.0.2");

      registry.deprecate("m", null);
      assertThat(registry.state().require("m").active()).isFalse();
      assertThat(registry.deprecate("m", null).changed()).isFalse();
    }
    try (GitRepo other = connect()) {
      assertThat(Registry.on(other).state().require("m").versionInStage("prod")).contains("v0.0.1");
    }
  }

  @Test
  void rollback_withoutPreviousOrStage_invalidInputBeforeWriting() {
    try (GitRepo repo = connect()) {
      Registry registry = Registry.on(repo);
      registry.register(RegisterRequest.of("m").withFiles(dvc("m", "a".repeat(32), ""), "v1"));
      assertThatThrownBy(() -> registry.rollback("m", "prod", null, null))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("no version is in the stage");
      registry.assign("m", "v0.0.1", "prod", null);
      int before = repo.refreshTags().size();
      assertThatThrownBy(() -> registry.rollback("m", "prod", null, null))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("no earlier version");
      assertThat(repo.refreshTags()).hasSize(before);
    }
  }

  @Test
  void register_concurrentWriters_distinctVersionsNoLostCommit() throws Exception {
    int writers = 4;
    int each = 3;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    List<Future<List<String>>> futures = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      int id = w;
      futures.add(
          pool.submit(
              () -> {
                List<String> versions = new ArrayList<>();
                try (GitRepo repo = connect()) {
                  Registry registry = Registry.on(repo);
                  for (int i = 0; i < each; i++) {
                    String path = "data/w" + id + "-" + i + ".dvc";
                    RegistryWrite r =
                        registry.register(
                            RegisterRequest.of("m")
                                .withFiles(
                                    Map.of(path, ("w" + id + i).getBytes(UTF_8)),
                                    "w" + id + " " + i));
                    String v = java.util.Objects.requireNonNull(r.version());
                    versions.add(v);
                    // Writers move different stages at once: their tags differ by name, so only
                    // the counter claims keep two of them from taking the same counter.
                    registry.assign("m", v, id % 2 == 0 ? "dev" : "prod", null);
                  }
                }
                return versions;
              }));
    }
    Set<String> all = new TreeSet<>();
    for (Future<List<String>> f : futures) {
      all.addAll(f.get());
    }
    pool.shutdown();
    assertThat(all).hasSize(writers * each);
    try (GitRepo repo = connect()) {
      ArtifactState m = Registry.on(repo).state().require("m");
      assertThat(m.versions()).hasSize(writers * each);
      for (int w = 0; w < writers; w++) {
        for (int i = 0; i < each; i++) {
          assertThat(repo.readFile(repo.branch(), "data/w" + w + "-" + i + ".dvc"))
              .as("w%d-%d", w, i)
              .isPresent();
        }
      }
      assertThat(m.nextCounter()).isEqualTo(BigInteger.valueOf(writers * each + 1));
      List<BigInteger> counters =
          repo.tags().stream()
              .map(t -> GtoTag.parse(t.name()))
              .flatMap(Optional::stream)
              .map(GtoTag::counter)
              .filter(java.util.Objects::nonNull)
              .toList();
      assertThat(counters).hasSize(writers * each).doesNotHaveDuplicates();
    }
  }

  @Test
  void lineage_modelToProcessedToRawChain() {
    try (GitRepo repo = connect()) {
      Registry registry = Registry.on(repo);
      String raw = "1".repeat(32) + ".dir";
      String processed = "2".repeat(32) + ".dir";
      registry.register(
          RegisterRequest.of("raw")
              .withFiles(
                  Map.of(
                      "data/raw.dvc", ("outs:\n- md5: " + raw + "\n  path: raw\n").getBytes(UTF_8)),
                  "raw"));
      Lineage pl =
          new Lineage(
              List.of(new Lineage.Input("raw", "v0.0.1", raw)),
              new Lineage.Code("git@x:ml.git", "c0ffee"),
              Map.of(),
              Map.of(),
              null);
      registry.register(
          RegisterRequest.of("processed")
              .withFiles(
                  Map.of(
                      "dvc.yaml",
                          "artifacts:\n  processed:\n    path: data/processed\n    type: dataset\n"
                              .getBytes(UTF_8),
                      "data/processed.dvc",
                          ("outs:\n- md5: "
                                  + processed
                                  + "\n  path: processed\nmeta:\n  cairn:\n"
                                  + indent(pl.toMap()))
                              .getBytes(UTF_8)),
                  "processed"));
      Lineage ml =
          new Lineage(
              List.of(new Lineage.Input("processed", "v0.0.1", processed)),
              new Lineage.Code("git@x:ml.git", "beef"),
              Map.of("lr", 0.1),
              Map.of("auc", 0.9),
              new Lineage.Run("kfp", "run-1", "uid", "pod-1"));
      registry.register(
          RegisterRequest.of("model")
              .withFiles(
                  dvc("model", "3".repeat(32), "meta:\n  cairn:\n" + indent(ml.toMap())), "model"));
      LineageNode node = new LineageReader(repo, registry.state()).trace("model", "v0.0.1");
      assertThat(node.lineage()).isEqualTo(ml);
      assertThat(node.inputs())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.artifact()).isEqualTo("processed");
                assertThat(p.dvcFile()).isEqualTo("data/processed.dvc");
                assertThat(p.md5()).isEqualTo(processed);
                assertThat(p.inputs())
                    .singleElement()
                    .satisfies(
                        r -> {
                          assertThat(r.artifact()).isEqualTo("raw");
                          assertThat(r.dvcFile()).isEqualTo("data/raw.dvc");
                          assertThat(r.lineage()).isNull();
                        });
              });
      assertThat(node.problems()).isEmpty();
    }
  }

  /** YAML of a nested map, indented 4 spaces (JSON is valid YAML flow syntax). */
  private static String indent(Map<String, Object> map) {
    try {
      return "    "
          + new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(map)
          + "\n";
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
