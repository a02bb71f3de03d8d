package dev.cairn.core.registry;

import dev.cairn.core.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where a version came from, as recorded once at registration in the {@code .dvc} file's top-level
 * {@code meta:} block under the key {@link #META_KEY}: the input datasets, the code, params,
 * metrics and the pipeline run. A dataset records the dataset(s) it was derived from the same way.
 *
 * @param inputs the input datasets (for a model) or source datasets (for a derived dataset)
 * @param code the code repository and commit, if known
 * @param params training or processing parameters (JSON-like values)
 * @param metrics numeric metrics of this version (what promotion gates compare)
 * @param run the pipeline run that produced it, if known
 */
public record Lineage(
    List<Input> inputs,
    @Nullable Code code,
    Map<String, Object> params,
    Map<String, Double> metrics,
    @Nullable Run run) {

  /** The key under {@code meta:} in a {@code .dvc} file. */
  public static final String META_KEY = "cairn";

  /** An input dataset version and the md5 of its {@code .dir} object. */
  public record Input(String name, String version, @Nullable String md5) {
    public Input {
      GtoTag.checkFullName(name);
      SemVer.parse(version);
    }
  }

  /** The code that made the version. */
  public record Code(String repository, String commit) {}

  /** The pipeline run that made the version. */
  public record Run(
      String engine,
      @Nullable String workflowName,
      @Nullable String workflowUid,
      @Nullable String pod) {}

  public Lineage {
    inputs = List.copyOf(inputs);
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  public static Lineage empty() {
    return new Lineage(List.of(), null, Map.of(), Map.of(), null);
  }

  /** The value to put under {@code meta: cairn:} (nested maps, lists, strings, numbers). */
  public Map<String, Object> toMap() {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!inputs.isEmpty()) {
      List<Object> list = new ArrayList<>();
      for (Input in : inputs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", in.name());
        m.put("version", in.version());
        if (in.md5() != null) {
          m.put("md5", in.md5());
        }
        list.add(m);
      }
      out.put("inputs", list);
    }
    if (code != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("repo", code.repository());
      m.put("commit", code.commit());
      out.put("code", m);
    }
    if (!params.isEmpty()) {
      out.put("params", new LinkedHashMap<>(params));
    }
    if (!metrics.isEmpty()) {
      out.put("metrics", new LinkedHashMap<>(metrics));
    }
    if (run != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("engine", run.engine());
      putIf(m, "workflow", run.workflowName());
      putIf(m, "workflow_uid", run.workflowUid());
      putIf(m, "pod", run.pod());
      out.put("run", m);
    }
    return out;
  }

  /**
   * Reads what {@link #toMap} wrote (unknown keys are ignored).
   *
   * @throws InvalidInputException if a field has the wrong shape
   */
  public static Lineage fromMap(Map<?, ?> map) {
    List<Input> inputs = new ArrayList<>();
    Object rawInputs = map.get("inputs");
    if (rawInputs != null) {
      for (Object o : list(rawInputs, "inputs")) {
        Map<?, ?> m = map(o, "inputs[]");
        inputs.add(
            new Input(
                string(m.get("name"), "inputs[].name"),
                string(m.get("version"), "inputs[].version"),
                m.get("md5") == null ? null : string(m.get("md5"), "inputs[].md5")));
      }
    }
    Code code = null;
    if (map.get("code") != null) {
      Map<?, ?> m = map(map.get("code"), "code");
      code = new Code(string(m.get("repo"), "code.repo"), string(m.get("commit"), "code.commit"));
    }
    Map<String, Object> params = new LinkedHashMap<>();
    if (map.get("params") != null) {
      map(map.get("params"), "params").forEach((k, v) -> params.put(String.valueOf(k), v));
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (map.get("metrics") != null) {
      map(map.get("metrics"), "metrics")
          .forEach(
              (k, v) -> {
                if (!(v instanceof Number n)) {
                  throw new InvalidInputException(
                      "Cannot read lineage metric: '" + k + "' is not a number (" + v + ")");
                }
                metrics.put(String.valueOf(k), n.doubleValue());
              });
    }
    Run run = null;
    if (map.get("run") != null) {
      Map<?, ?> m = map(map.get("run"), "run");
      run =
          new Run(
              string(m.get("engine"), "run.engine"),
              optString(m.get("workflow")),
              optString(m.get("workflow_uid")),
              optString(m.get("pod")));
    }
    return new Lineage(inputs, code, params, metrics, run);
  }

  private static void putIf(Map<String, Object> m, String key, @Nullable String value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static @Nullable String optString(@Nullable Object o) {
    return o == null ? null : String.valueOf(o);
  }

  private static String string(@Nullable Object o, String field) {
    if (o == null || o instanceof Map || o instanceof List) {
      throw new InvalidInputException(
          "Cannot read lineage: field " + field + " is missing or not text");
    }
    return String.valueOf(o);
  }

  private static Map<?, ?> map(@Nullable Object o, String field) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new InvalidInputException("Cannot read lineage: field " + field + " is not a mapping");
    }
    return m;
  }

  private static List<?> list(Object o, String field) {
    if (!(o instanceof List<?> l)) {
      throw new InvalidInputException("Cannot read lineage: field " + field + " is not a list");
    }
    return l;
  }
}
