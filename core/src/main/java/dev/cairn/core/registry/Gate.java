package dev.cairn.core.registry;

import dev.cairn.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A promotion gate: a boolean expression over the candidate's recorded metrics and those of the
 * version currently in the stage. Grammar (case-insensitive keywords):
 *
 * <pre>
 * expr    := and ( ("or" | "||") and )*
 * and     := not ( ("and" | "&amp;&amp;") not )*
 * not     := ("not" | "!") not | compare
 * compare := sum ( (">=" | "<=" | ">" | "<" | "==" | "!=") sum )?
 * sum     := product ( ("+" | "-") product )*
 * product := unary ( ("*" | "/") unary )*
 * unary   := "-" unary | NUMBER | METRIC | "stage." METRIC | "(" expr ")"
 * </pre>
 *
 * Example: {@code auc >= stage.auc + 0.002 and loss <= stage.loss and auc >= 0.8}. When no version
 * is in the stage, every comparison that reads {@code stage.} metrics takes the {@link IfEmpty}
 * verdict; comparisons of constants are still evaluated.
 */
public final class Gate {
  /** What a comparison with the stage yields when nothing is in the stage yet. */
  public enum IfEmpty {
    PASS,
    FAIL
  }

  private final String expression;
  private final GateParser.Node root;

  private Gate(String expression, GateParser.Node root) {
    this.expression = expression;
    this.root = root;
  }

  /**
   * Parses a gate.
   *
   * @throws InvalidInputException on a syntax error (with the position)
   */
  public static Gate parse(String expression) {
    return new Gate(expression, new GateParser(expression).parse());
  }

  public String expression() {
    return expression;
  }

  /** Candidate metric names used. */
  public Set<String> metrics() {
    Set<String> names = new TreeSet<>();
    root.collect(names, false);
    return names;
  }

  /** Stage metric names used (without the {@code stage.} prefix). */
  public Set<String> stageMetrics() {
    Set<String> names = new TreeSet<>();
    root.collect(names, true);
    return names;
  }

  /**
   * Checks every metric the gate reads exists and the gate can be evaluated on these values, before
   * anything is written.
   *
   * @param stage the stage version's metrics, or null when nothing is in the stage
   * @throws InvalidInputException naming the unknown metrics, or a division by zero
   */
  public void check(Map<String, Double> candidate, @Nullable Map<String, Double> stage) {
    List<String> unknown = new ArrayList<>();
    for (String m : metrics()) {
      if (!candidate.containsKey(m)) {
        unknown.add(m);
      }
    }
    if (stage != null) {
      for (String m : stageMetrics()) {
        if (!stage.containsKey(m)) {
          unknown.add("stage." + m);
        }
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidInputException(
          "Cannot evaluate gate: unknown metric(s) "
              + String.join(", ", unknown)
              + " (recorded: "
              + String.join(", ", new TreeSet<>(candidate.keySet()))
              + ")");
    }
    // a trial evaluation: arithmetic that cannot be evaluated (division by zero) fails here,
    // before anything is written, not after the version is registered
    root.test(new GateParser.Env(candidate, stage, true, new ArrayList<>()));
  }

  /**
   * Evaluates the gate.
   *
   * @param candidate the candidate's metrics
   * @param stage the metrics of the version in the stage, or null when the stage is empty
   * @throws InvalidInputException if a metric is unknown
   */
  public GateResult evaluate(
      Map<String, Double> candidate, @Nullable Map<String, Double> stage, IfEmpty ifEmpty) {
    check(candidate, stage);
    List<String> trace = new ArrayList<>();
    boolean passed =
        root.test(new GateParser.Env(candidate, stage, ifEmpty == IfEmpty.PASS, trace));
    return new GateResult(passed, trace);
  }

  @Override
  public String toString() {
    return expression;
  }

  static String format(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    return Double.toString(d);
  }
}
