package dev.cairn.cli.registry;

import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.LineageReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The metrics recorded for versions (the {@code .dvc} files' {@code meta: cairn:} block, as {@code
 * lineage} and the gates read them), read once per version and only when asked for: without {@code
 * --metrics} nothing is read and no column is added.
 */
final class VersionMetrics {
  private final LineageReader reader;
  private final boolean wanted;
  private final Map<String, Map<String, Double>> read = new HashMap<>();

  VersionMetrics(LineageReader reader, boolean wanted) {
    this.reader = reader;
    this.wanted = wanted;
  }

  /** The metric names recorded for any of these versions, sorted; none when not wanted. */
  List<String> names(String artifact, List<String> versions) {
    if (!wanted) {
      return List.of();
    }
    TreeSet<String> names = new TreeSet<>();
    versions.forEach(v -> names.addAll(of(artifact, v).keySet()));
    return List.copyOf(names);
  }

  /** One cell per name: the value, or {@code -} when the version has no such metric. */
  List<String> cells(String artifact, String version, List<String> names) {
    Map<String, Double> values = of(artifact, version);
    List<String> cells = new ArrayList<>();
    for (String n : names) {
      Double v = values.get(n);
      cells.add(v == null ? "-" : format(v));
    }
    return cells;
  }

  private Map<String, Double> of(String artifact, String version) {
    return read.computeIfAbsent(
        artifact + "@" + version,
        k -> reader.recorded(artifact, version).map(Lineage::metrics).orElse(Map.of()));
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.valueOf(value);
  }
}
