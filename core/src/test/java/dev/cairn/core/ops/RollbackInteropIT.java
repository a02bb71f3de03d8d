package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryState;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After each operator sequence of issue 13 (rollback, the nightly train-register retried, a second
 * "previous", a hold released), the real {@code gto show} and {@code dvc artifacts get --stage}
 * agree with Cairn's registry and with the serving directory's {@code current}.
 */
class RollbackInteropIT {
  private static final String NAME = "churn-model";
  private static final Map<String, String> GIT_ENV =
      Map.of(
          "GIT_AUTHOR_NAME", "t",
          "GIT_AUTHOR_EMAIL", "t@localhost",
          "GIT_COMMITTER_NAME", "t",
          "GIT_COMMITTER_EMAIL", "t@localhost");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void rollbackRetriedPromotionSecondPreviousAndRelease_gtoDvcAndServingAgreeAfterEach()
      throws Exception {
    Path serve = tmp.resolve("serve");
    Path model = tmp.resolve("src/model.pkl");
    Files.createDirectories(model.getParent());
    try (StoreFixture fixture = StoreFixture.create(tmp.resolve("world"), true)) {
      Store store = fixture.store();
      String v1 = model(store, model, "weights one\n");
      Promote.run(store, Promote.Request.of(NAME, v1, "prod"), Serving.toDir(serve));
      String v2 = model(store, model, "weights two\n");
      Promote.run(store, Promote.Request.of(NAME, v2, "prod"), Serving.toDir(serve));
      agree(fixture, store, serve, "v0.0.2", "weights two\n", "promoted v0.0.2");

      Rollback.Result back =
          Rollback.run(
              store,
              Rollback.Request.toPrevious(NAME, "prod", "AUC dropped"),
              Serving.toDir(serve));
      assertThat(back.toVersion()).isEqualTo("v0.0.1");
      agree(fixture, store, serve, "v0.0.1", "weights one\n", "rolled back");

      Promote.Result retried =
          Promote.run(store, Promote.Request.of(NAME, v2, "prod"), Serving.toDir(serve));
      assertThat(retried.promoted()).isFalse();
      agree(fixture, store, serve, "v0.0.1", "weights one\n", "nightly retry refused");

      Registry.on(store.repo()).release(NAME, "prod", "fixed upstream");
      String v3 = model(store, model, "weights three\n");
      assertThat(
              Promote.run(store, Promote.Request.of(NAME, v3, "prod"), Serving.toDir(serve))
                  .promoted())
          .isTrue();
      agree(fixture, store, serve, "v0.0.3", "weights three\n", "released, v0.0.3 promoted");
    }
  }

  private void agree(
      StoreFixture fixture, Store store, Path serve, String version, String content, String after)
      throws Exception {
    String gto = InteropTools.require("gto").toString();
    String dvc = InteropTools.require("dvc").toString();
    Path clone = tmp.resolve("clone-" + System.nanoTime());
    sh(tmp, "git", "clone", "-q", fixture.bare.toUri().toString(), clone.toString());
    sh(clone, "git", "fetch", "-q", "--tags", "origin");

    assertThat(sh(clone, gto, "show", NAME + "#prod", "--version").stdout().strip())
        .as("gto after: %s", after)
        .isEqualTo(version);
    Object show = JSON.readValue(sh(clone, gto, "show", "--json").stdout(), Object.class);
    Object cairn =
        JSON.readValue(
            JSON.writeValueAsString(
                RegistryState.compute(fixture.bareRepo().tags()).toShowJson(false)),
            Object.class);
    assertThat(show).as("gto show --json after: %s", after).isEqualTo(cairn);
    assertThat(Registry.on(store.repo()).state().require(NAME).versionInStage("prod"))
        .as("cairn after: %s", after)
        .contains(version);
    assertThat(ServeDir.current(serve)).as("serving after: %s", after).contains(version);
    Path got = tmp.resolve("got-" + System.nanoTime() + "/model.pkl");
    sh(
        tmp,
        dvc,
        "artifacts",
        "get",
        fixture.bare.toUri().toString(),
        NAME,
        "--stage",
        "prod",
        "-o",
        got.toString());
    assertThat(got).as("dvc artifacts get after: %s", after).hasContent(content);
  }

  private static String model(Store store, Path file, String weights) throws Exception {
    Files.writeString(file, weights, UTF_8);
    return Snapshot.run(store, Snapshot.Request.of(NAME, file, "models/model.pkl", Snapshot.MODEL))
        .version();
  }

  private static ProcessRunner.Result sh(Path dir, String... command) {
    return ProcessRunner.run(dir, List.of(command), GIT_ENV).assertOk();
  }
}
