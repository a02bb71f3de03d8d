package dev.cairn.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.registry.Gate;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.Registry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromoteTest {
  private static final String GATE = "accuracy >= stage.accuracy";

  @TempDir Path tmp;
  private StoreFixture fixture;
  private Store store;

  @BeforeEach
  void setUp() {
    fixture = StoreFixture.create(tmp.resolve("world"));
    store = fixture.store();
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  /** Registers a model version whose lineage records {@code accuracy}. */
  private String model(String weights, double accuracy) {
    Path file = tmp.resolve("model-" + weights + ".pkl");
    StoreFixture.write(file, weights);
    Lineage lineage = new Lineage(List.of(), null, Map.of(), Map.of("accuracy", accuracy), null);
    return Snapshot.run(
            store,
            Snapshot.Request.of("churn-model", file, "models/model.pkl", Snapshot.MODEL)
                .withLineage(lineage))
        .version();
  }

  private static Promote.Request prod(String version, String... gates) {
    return Promote.Request.of("churn-model", version, "prod")
        .withGates(Stream.of(gates).map(Gate::parse).toList(), Gate.IfEmpty.FAIL);
  }

  private String inProd() {
    return Registry.on(store.repo())
        .state()
        .require("churn-model")
        .versionInStage("prod")
        .orElse("none");
  }

  @Test
  void run_noGates_alwaysPromotes() {
    String v1 = model("w1", 0.5);

    Promote.Result result = Promote.run(store, Promote.Request.of("churn-model", v1, "prod"));

    assertThat(result.promoted()).isTrue();
    assertThat(result.changed()).isTrue();
    assertThat(result.previousVersion()).isNull();
    assertThat(result.comparisons()).isEmpty();
    assertThat(result.reason()).isNull();
    assertThat(fixture.tagNames()).contains("churn-model#prod#1");
  }

  @Test
  void run_gatePasses_assignsStageAndReportsTheComparison() {
    String v1 = model("w1", 0.89);
    Promote.run(store, Promote.Request.of("churn-model", v1, "prod"));
    String v2 = model("w2", 0.91);

    Promote.Result result = Promote.run(store, prod(v2, GATE, "accuracy > 0.8"));

    assertThat(result.promoted()).isTrue();
    assertThat(result.changed()).isTrue();
    assertThat(result.previousVersion()).isEqualTo(v1);
    assertThat(result.comparisons())
        .containsExactly(
            "accuracy >= stage.accuracy: 0.91 >= 0.89 -> true (prod v0.0.1)",
            "accuracy > 0.8: 0.91 > 0.8 -> true");
    assertThat(inProd()).isEqualTo(v2);
  }

  @Test
  void run_gateFails_rejectsWithoutWriting() {
    String v1 = model("w1", 0.89);
    Promote.run(store, Promote.Request.of("churn-model", v1, "prod"));
    String v2 = model("w2", 0.80);
    List<String> tags = fixture.tagNames();

    Promote.Result result = Promote.run(store, prod(v2, GATE));

    assertThat(result.promoted()).isFalse();
    assertThat(result.changed()).isFalse();
    assertThat(result.previousVersion()).isEqualTo(v1);
    assertThat(result.reason()).contains(GATE).contains("prod keeps v0.0.1");
    assertThat(result.comparisons())
        .containsExactly("accuracy >= stage.accuracy: 0.8 >= 0.89 -> false (prod v0.0.1)");
    assertThat(fixture.tagNames()).isEqualTo(tags);
    assertThat(inProd()).isEqualTo(v1);
  }

  @Test
  void run_emptyStage_ifEmptyPolicyDecides() {
    String v1 = model("w1", 0.7);

    Promote.Result failed = Promote.run(store, prod(v1, GATE));
    assertThat(failed.promoted()).isFalse();
    assertThat(failed.reason()).contains("prod stays empty");
    assertThat(failed.comparisons())
        .containsExactly("accuracy >= stage.accuracy: stage is empty -> fail");
    assertThat(inProd()).isEqualTo("none");

    Promote.Result passed =
        Promote.run(
            store,
            Promote.Request.of("churn-model", v1, "prod")
                .withGates(List.of(Gate.parse(GATE)), Gate.IfEmpty.PASS));
    assertThat(passed.promoted()).isTrue();
    assertThat(passed.previousVersion()).isNull();
    assertThat(inProd()).isEqualTo(v1);
  }

  @Test
  void run_versionAlreadyInStage_isANoOpReportingTheSameAsTheFirstRun() {
    String v1 = model("w1", 0.89);
    Promote.run(store, Promote.Request.of("churn-model", v1, "prod"));
    String v2 = model("w2", 0.91);
    Promote.Result first = Promote.run(store, prod(v2, GATE));
    List<String> tags = fixture.tagNames();

    Promote.Result again = Promote.run(store, prod(v2, GATE).withMessage("retry"));

    assertThat(again.promoted()).isTrue();
    assertThat(again.changed()).isFalse();
    assertThat(again.previousVersion()).isEqualTo(first.previousVersion()).isEqualTo(v1);
    assertThat(again.comparisons()).isEqualTo(first.comparisons());
    assertThat(fixture.tagNames()).isEqualTo(tags);
  }

  @Test
  void run_badInput_throwsBeforeWriting() {
    String v1 = model("w1", 0.9);
    assertThatThrownBy(() -> Promote.run(store, prod("v9.9.9")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("v9.9.9");
    assertThatThrownBy(() -> Promote.run(store, prod(v1, "accuracy >=")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Promote.run(store, prod(v1, "auc > 0.5")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("auc");
    assertThat(inProd()).isEqualTo("none");
  }

  @Test
  void gates_parsedOnceAndCheckedAgainstTheCandidate() {
    assertThat(Promote.gates(List.of(GATE, "accuracy > 0.8"), "prod", Map.of("accuracy", 0.9)))
        .extracting(Gate::expression)
        .containsExactly(GATE, "accuracy > 0.8");
    assertThat(Promote.gates(List.of(), null, Map.of())).isEmpty();
    assertThatThrownBy(() -> Promote.gates(List.of(GATE), null, Map.of("accuracy", 0.9)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use --gate without --stage (name the stage to promote to)");
    assertThatThrownBy(() -> Promote.gates(List.of("f1 > 0.5"), "prod", Map.of("accuracy", 0.9)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("f1");
    assertThatThrownBy(() -> Promote.gates(List.of("accuracy >="), "prod", Map.of()))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void check_refusesAStageMetricTheStageModelLacks_beforeAnythingIsWritten() {
    String v1 = model("w1", 0.9);
    Promote.run(store, Promote.Request.of("churn-model", v1, "prod"));
    List<String> tags = fixture.tagNames();

    Promote.check(store, "churn-model", "prod", List.of(Gate.parse(GATE)));
    assertThatThrownBy(
            () ->
                Promote.check(
                    store, "churn-model", "prod", List.of(Gate.parse("accuracy >= stage.f1"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("stage.f1");
    // an empty stage has nothing to compare with: any stage metric passes the check
    Promote.check(store, "churn-model", "staging", List.of(Gate.parse("accuracy >= stage.f1")));
    assertThat(fixture.tagNames()).isEqualTo(tags);
  }
}
