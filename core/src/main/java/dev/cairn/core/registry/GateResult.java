package dev.cairn.core.registry;

import java.util.List;

/**
 * The verdict of a promotion gate.
 *
 * @param passed whether the candidate may be promoted
 * @param comparisons each comparison with the values used, e.g. {@code auc >= stage.auc + 0.002:
 *     0.91 >= 0.9 + 0.002 -> true}
 */
public record GateResult(boolean passed, List<String> comparisons) {
  public GateResult {
    comparisons = List.copyOf(comparisons);
  }
}
