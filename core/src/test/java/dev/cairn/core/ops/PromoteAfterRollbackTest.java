package dev.cairn.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.Registry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issue-13 sequences: a rollback stays rolled back, and serving follows the registry. */
class PromoteAfterRollbackTest {
  private static final String NAME = "churn-model";

  @TempDir Path tmp;
  private StoreFixture fixture;
  private Store store;
  private Path serveDir;

  @BeforeEach
  void setUp() {
    fixture = StoreFixture.create(tmp.resolve("world"));
    store = fixture.store();
    serveDir = tmp.resolve("serve");
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private String model(String weights) {
    Path file = tmp.resolve("model-" + weights + ".pkl");
    StoreFixture.write(file, weights);
    Lineage lineage = new Lineage(List.of(), null, Map.of(), Map.of("accuracy", 0.9), null);
    return Snapshot.run(
            store,
            Snapshot.Request.of(NAME, file, "models/model.pkl", Snapshot.MODEL)
                .withLineage(lineage))
        .version();
  }

  private Promote.Result promote(String version) {
    return Promote.run(store, Promote.Request.of(NAME, version, "prod"), Serving.toDir(serveDir));
  }

  private String inProd() {
    return Registry.on(store.repo()).state().require(NAME).versionInStage("prod").orElse("none");
  }

  /** v0.0.1 then v0.0.2 promoted and served, then rolled back to v0.0.1 (with the default hold). */
  private void rolledBack(boolean hold) {
    assertThat(promote(model("w1")).promoted()).isTrue();
    assertThat(promote(model("w2")).promoted()).isTrue();
    assertThat(ServeDir.current(serveDir)).contains("v0.0.2");
    Rollback.Result back =
        Rollback.run(
            store,
            Rollback.Request.toPrevious(NAME, "prod", "AUC dropped").withHold(hold),
            Serving.toDir(serveDir));
    assertThat(back.toVersion()).isEqualTo("v0.0.1");
    assertThat(back.holdPlaced()).isEqualTo(hold);
    assertThat(ServeDir.current(serveDir)).contains("v0.0.1");
  }

  @Test
  void retriedTrainRegister_ofTheRolledBackVersion_isRefused_servingUntouched() {
    rolledBack(false);

    Promote.Result again = promote("v0.0.2");

    assertThat(again.promoted()).isFalse();
    assertThat(again.changed()).isFalse();
    assertThat(again.reason())
        .contains("v0.0.2 was rolled back away from in prod")
        .contains("AUC dropped")
        .contains("--allow-rolled-back");
    assertThat(again.previousVersion()).isEqualTo("v0.0.1");
    assertThat(inProd()).isEqualTo("v0.0.1");
    assertThat(ServeDir.current(serveDir)).contains("v0.0.1");
  }

  @Test
  void sameBytesUnderANewVersion_afterDeregistering_isRefused() {
    rolledBack(false);
    Registry.on(store.repo()).deregister(NAME, "v0.0.2", null);

    String v3 = model("w2");
    Promote.Result result = promote(v3);

    assertThat(v3).isEqualTo("v0.0.3");
    assertThat(result.promoted()).isFalse();
    assertThat(result.reason()).contains("the same bytes").contains("as v0.0.2");
    assertThat(inProd()).isEqualTo("v0.0.1");
    assertThat(ServeDir.current(serveDir)).contains("v0.0.1");
  }

  @Test
  void allowRolledBack_promotesAndServesIt() {
    rolledBack(false);

    Promote.Result result =
        Promote.run(
            store,
            Promote.Request.of(NAME, "v0.0.2", "prod").withAllowRolledBack(true),
            Serving.toDir(serveDir));

    assertThat(result.promoted()).isTrue();
    assertThat(result.changed()).isTrue();
    assertThat(inProd()).isEqualTo("v0.0.2");
    assertThat(ServeDir.current(serveDir)).contains("v0.0.2");
  }

  @Test
  void heldStage_registersButDoesNotAssign_untilReleased() {
    rolledBack(true);
    String v3 = model("w3");

    Promote.Result held = promote(v3);

    assertThat(held.promoted()).isFalse();
    assertThat(held.reason()).contains("stage held").contains("cairn release");
    assertThat(held.hold()).contains("prod held at v0.0.1").contains("AUC dropped");
    assertThat(inProd()).isEqualTo("v0.0.1");
    assertThat(ServeDir.current(serveDir)).contains("v0.0.1");
    assertThat(ServeDir.versions(serveDir)).doesNotContain(v3);

    Registry.on(store.repo()).release(NAME, "prod", "fixed");
    Promote.Result released = promote(v3);

    assertThat(released.promoted()).isTrue();
    assertThat(inProd()).isEqualTo(v3);
    assertThat(ServeDir.current(serveDir)).contains(v3);
  }

  @Test
  void sameRollbackRunAgain_converges_differentReasonGoesFurtherBackButNeverToTheRolledBack() {
    for (String w : List.of("w0", "w1", "w2")) {
      assertThat(promote(model(w)).promoted()).isTrue();
    }
    Rollback.Result first =
        Rollback.run(
            store,
            Rollback.Request.toPrevious(NAME, "prod", "AUC dropped").withOperator("pod-1"),
            Serving.toDir(serveDir));
    assertThat(first.toVersion()).isEqualTo("v0.0.2");

    // an engine's retry of the same step (another pod): converges, does not go further back
    Rollback.Result again =
        Rollback.run(
            store,
            Rollback.Request.toPrevious(NAME, "prod", "AUC dropped").withOperator("pod-2"),
            Serving.toDir(serveDir));

    assertThat(again.changed()).isFalse();
    assertThat(again.toVersion()).isEqualTo("v0.0.2");
    assertThat(inProd()).isEqualTo("v0.0.2");

    Rollback.Result further =
        Rollback.run(
            store, Rollback.Request.toPrevious(NAME, "prod", "still bad"), Serving.toDir(serveDir));

    assertThat(further.toVersion()).isEqualTo("v0.0.1");
    assertThat(inProd()).isEqualTo("v0.0.1");
    assertThat(ServeDir.current(serveDir)).contains("v0.0.1");
  }

  @Test
  void rollbackDryRun_plansInWords_andChangesNothing() {
    assertThat(promote(model("w1")).promoted()).isTrue();
    assertThat(promote(model("w2")).promoted()).isTrue();

    Rollback.Result plan =
        Rollback.run(
            store,
            Rollback.Request.toPrevious(NAME, "prod", "check").withDryRun(true),
            Serving.toDir(serveDir));

    assertThat(plan.message())
        .startsWith("Dry run: would roll back churn-model#prod from v0.0.2 to v0.0.1")
        .contains("would publish v0.0.1 to " + serveDir)
        .contains("would hold prod");
    assertThat(plan.holdPlaced()).isTrue();
    assertThat(Registry.on(store.repo()).holds().find(NAME, "prod")).isEmpty();
    assertThat(inProd()).isEqualTo("v0.0.2");
    assertThat(ServeDir.current(serveDir)).contains("v0.0.2");

    Rollback.Result registryOnly =
        Rollback.run(
            store,
            Rollback.Request.toPrevious(NAME, "prod", "check").withDryRun(true),
            Serving.none());
    assertThat(registryOnly.message())
        .contains("no serving target: only the registry would change");
  }
}
