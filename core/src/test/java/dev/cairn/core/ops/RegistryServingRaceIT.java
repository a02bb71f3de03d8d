package dev.cairn.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.git.GitAccess;
import dev.cairn.core.git.GitSshServer;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.Registry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Races between train-register's promotion and rollback-model, opened by a pre-receive hook on the
 * in-process Git-over-SSH server that holds the first writer's push until the second writer has
 * pushed. Invariant: after both exit normally, the registry's stage holder and {@code
 * serving/current} name the same version.
 */
class RegistryServingRaceIT {
  private static final String NAME = "churn-model";

  @TempDir Path tmp;
  private GitSshServer server;
  private StoreFixture fixture;
  private Path serveDir;
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @BeforeEach
  void setUp() {
    server = GitSshServer.start(tmp.resolve("srv"), tmp.resolve("srv-state"));
    Path key = server.newAuthorizedKey(tmp.resolve("id"));
    Path hosts = server.knownHosts(tmp.resolve("known_hosts"));
    Path bare = server.createEmptyRepository("reg.git");
    fixture =
        StoreFixture.over(
            tmp.resolve("world"), bare, server.url("reg.git"), GitAccess.ssh(key, hosts));
    serveDir = tmp.resolve("serve");
  }

  @AfterEach
  void tearDown() throws Exception {
    pool.shutdownNow();
    fixture.close();
    server.close();
  }

  private String model(Store store, String weights, double accuracy) {
    Path file = tmp.resolve("model-" + weights + ".pkl");
    StoreFixture.write(file, weights);
    Lineage lineage = new Lineage(List.of(), null, Map.of(), Map.of("accuracy", accuracy), null);
    return Snapshot.run(
            store,
            Snapshot.Request.of(NAME, file, "models/model.pkl", Snapshot.MODEL)
                .withLineage(lineage))
        .version();
  }

  private static Promote.Request prod(String version) {
    return Promote.Request.of(NAME, version, "prod")
        .withGates(
            List.of(dev.cairn.core.registry.Gate.parse("accuracy >= stage.accuracy")),
            dev.cairn.core.registry.Gate.IfEmpty.PASS);
  }

  private String holder() {
    return Registry.on(fixture.store().repo())
        .state()
        .require(NAME)
        .versionInStage("prod")
        .orElse("none");
  }

  /** v0.0.1 (0.80) then v0.0.2 (0.90) promoted and served; v0.0.3 (0.95) registered. */
  private void history(Store store) {
    assertThat(
            Promote.run(store, prod(model(store, "w1", 0.80)), Serving.toDir(serveDir)).promoted())
        .isTrue();
    assertThat(
            Promote.run(store, prod(model(store, "w2", 0.90)), Serving.toDir(serveDir)).promoted())
        .isTrue();
    assertThat(model(store, "w3", 0.95)).isEqualTo("v0.0.3");
  }

  /** Holds the first push that writes a tag matching {@code marker} until {@code go} opens. */
  private CountDownLatch holdFirstPush(String marker, CountDownLatch go) {
    CountDownLatch arrived = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    server.onPush(
        refs -> {
          if (refs.stream().anyMatch(r -> r.contains(marker)) && first.getAndSet(false)) {
            arrived.countDown();
            try {
              go.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
        });
    return arrived;
  }

  @Test
  void promotionWhosePushLosesToARollback_decidesAgainOnTheNewHead_andIsRefused() throws Exception {
    history(fixture.store());
    CountDownLatch go = new CountDownLatch(1);
    // the promotion's push carries an assign tag: churn-model#prod#N
    CountDownLatch promoting = holdFirstPush(NAME + "#prod#", go);
    Store promoter = fixture.store();
    Future<Promote.Result> promotion =
        pool.submit(() -> Promote.run(promoter, prod("v0.0.3"), Serving.toDir(serveDir)));
    assertThat(promoting.await(60, TimeUnit.SECONDS)).isTrue();

    Rollback.Result rollback =
        Rollback.run(
            fixture.store(),
            Rollback.Request.toVersion(NAME, "prod", "v0.0.1", "AUC dropped"),
            Serving.toDir(serveDir));
    go.countDown();
    Promote.Result promoted = promotion.get(120, TimeUnit.SECONDS);

    assertThat(rollback.changed()).isTrue();
    assertThat(promoted.promoted()).isFalse();
    assertThat(promoted.attempts()).isGreaterThan(1);
    assertThat(promoted.reason()).contains("stage held");
    assertThat(holder()).isEqualTo("v0.0.1");
    assertThat(ServeDir.current(serveDir)).contains("v0.0.1");
  }

  @Test
  void rollbackWhosePushLosesToAPromotion_reAppliesOnTop_andServingFollowsTheWinner()
      throws Exception {
    history(fixture.store());
    CountDownLatch go = new CountDownLatch(1);
    // the rollback's push carries an unassign tag: churn-model#prod!#N
    CountDownLatch rollingBack = holdFirstPush(NAME + "#prod!#", go);
    Store operator = fixture.store();
    Future<Rollback.Result> rollback =
        pool.submit(
            () ->
                Rollback.run(
                    operator,
                    Rollback.Request.toVersion(NAME, "prod", "v0.0.1", "AUC dropped"),
                    Serving.toDir(serveDir)));
    assertThat(rollingBack.await(60, TimeUnit.SECONDS)).isTrue();

    Promote.Result promoted = Promote.run(fixture.store(), prod("v0.0.3"), Serving.toDir(serveDir));
    assertThat(promoted.promoted()).isTrue();
    go.countDown();
    Rollback.Result rolledBack = rollback.get(120, TimeUnit.SECONDS);

    assertThat(rolledBack.changed()).isTrue();
    assertThat(rolledBack.fromVersion()).isEqualTo("v0.0.3");
    assertThat(holder()).isEqualTo("v0.0.1");
    assertThat(ServeDir.current(serveDir)).contains("v0.0.1");
  }
}
