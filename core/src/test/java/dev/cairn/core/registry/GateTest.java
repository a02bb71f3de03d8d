package dev.cairn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateTest {
  private static final Map<String, Double> CANDIDATE = Map.of("auc", 0.91, "loss", 0.30);
  private static final Map<String, Double> STAGE = Map.of("auc", 0.90, "loss", 0.31);

  @Test
  void evaluate_relativeToStage() {
    Gate gate = Gate.parse("auc >= stage.auc + 0.002 and loss <= stage.loss");
    GateResult result = gate.evaluate(CANDIDATE, STAGE, Gate.IfEmpty.FAIL);
    assertThat(result.passed()).isTrue();
    assertThat(result.comparisons()).hasSize(2);
    assertThat(
            Gate.parse("auc >= stage.auc + 0.02")
                .evaluate(CANDIDATE, STAGE, Gate.IfEmpty.PASS)
                .passed())
        .isFalse();
    assertThat(gate.metrics()).containsExactly("auc", "loss");
    assertThat(gate.stageMetrics()).containsExactly("auc", "loss");
  }

  @Test
  void evaluate_constantsOrAndNotParens() {
    assertThat(Gate.parse("auc >= 0.8").evaluate(CANDIDATE, null, Gate.IfEmpty.FAIL).passed())
        .isTrue();
    assertThat(
            Gate.parse("auc > 0.95 or (loss < 0.5 and not auc < 0.9)")
                .evaluate(CANDIDATE, null, Gate.IfEmpty.FAIL)
                .passed())
        .isTrue();
    assertThat(
            Gate.parse("auc * 2 - 1 / 4 >= 1.57")
                .evaluate(CANDIDATE, null, Gate.IfEmpty.FAIL)
                .passed())
        .isTrue();
    assertThat(
            Gate.parse("-loss < -0.29 && auc != 0.5")
                .evaluate(CANDIDATE, null, Gate.IfEmpty.FAIL)
                .passed())
        .isTrue();
    assertThat(
            Gate.parse("auc == 0.91 || loss > 1e3")
                .evaluate(CANDIDATE, null, Gate.IfEmpty.FAIL)
                .passed())
        .isTrue();
  }

  @Test
  void evaluate_emptyStage_ifEmptyDecidesStageComparisonsOnly() {
    Gate gate = Gate.parse("auc >= stage.auc and auc >= 0.8");
    assertThat(gate.evaluate(CANDIDATE, null, Gate.IfEmpty.PASS).passed()).isTrue();
    assertThat(gate.evaluate(CANDIDATE, null, Gate.IfEmpty.FAIL).passed()).isFalse();
    assertThat(
            Gate.parse("auc >= stage.auc and auc >= 0.95")
                .evaluate(CANDIDATE, null, Gate.IfEmpty.PASS)
                .passed())
        .isFalse();
  }

  @Test
  void parse_syntaxErrors_invalidInput() {
    for (String bad :
        new String[] {
          "",
          "auc >=",
          "auc >= 0.8 and",
          "(auc > 1",
          "auc",
          "auc > 1 > 2",
          "auc >= stage.",
          "auc >= 0.8 foo",
          "and > 1",
          "(auc > 1) + 2 > 1"
        }) {
      assertThatThrownBy(() -> Gate.parse(bad))
          .as(bad)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("Cannot parse gate");
    }
  }

  @Test
  void evaluate_unknownMetrics_invalidInputNamingThem() {
    Gate gate = Gate.parse("f1 >= 0.5 and auc >= stage.precision");
    assertThatThrownBy(() -> gate.evaluate(CANDIDATE, STAGE, Gate.IfEmpty.PASS))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("f1")
        .hasMessageContaining("stage.precision");
  }

  @Test
  void evaluate_divisionByZero_isAnErrorNotAPromotion() {
    Gate gate = Gate.parse("auc / (loss - loss) > 1");

    assertThatThrownBy(() -> gate.evaluate(CANDIDATE, null, Gate.IfEmpty.FAIL))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot evaluate gate: division by zero in (auc / (loss - loss))");
  }

  @Test
  void parse_deeplyNestedParentheses_isOneLineErrorNotAStackOverflow() {
    String deep = "(".repeat(5000) + "auc" + ")".repeat(5000) + " > 0.5";

    assertThatThrownBy(() -> Gate.parse(deep))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nested more than 64 levels deep");
    assertThatThrownBy(() -> Gate.parse("not ".repeat(5000) + "auc > 0.5"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nested more than 64 levels deep");
    assertThat(
            Gate.parse("((((auc)))) > 0.5").evaluate(CANDIDATE, null, Gate.IfEmpty.FAIL).passed())
        .isTrue();
  }
}
