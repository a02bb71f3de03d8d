package dev.cairn.steps.train;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cairn.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a metrics or params file: a JSON or YAML object, nested objects flattened to dotted keys.
 */
final class ValuesFile {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ValuesFile() {}

  /** The numeric leaves ({@code {"eval": {"auc": 0.9}}} gives {@code eval.auc = 0.9}). */
  static Map<String, Double> metrics(Path file, String option) {
    Map<String, Double> out = new LinkedHashMap<>();
    flatten(
        "",
        read(file, option),
        (key, node) -> {
          if (node.isNumber()) {
            out.put(key, finite(node, key, file, option));
          }
        });
    if (out.isEmpty()) {
      throw new InvalidInputException(
          "Cannot use "
              + option
              + " "
              + file
              + ": it has no numeric values (write e.g. {\"accuracy\": 0.91}"
              + kfpHint(option)
              + ")");
    }
    return out;
  }

  /**
   * KFP's {@code dsl.Metrics.log_metric} records values only in the artifact's metadata, which a
   * step cannot read: the training code must also write the file.
   */
  private static String kfpHint(String option) {
    return option.equals("--metrics")
        ? "; a KFP dsl.Metrics output keeps log_metric values in metadata only: also write them"
            + " as JSON to its path, json.dump({'accuracy': 0.91}, open(metrics.path, 'w'))"
        : "";
  }

  /** Every scalar leaf, as a string, number or boolean. */
  static Map<String, Object> params(Path file, String option) {
    Map<String, Object> out = new LinkedHashMap<>();
    flatten(
        "",
        read(file, option),
        (key, node) -> {
          if (node.isIntegralNumber()) {
            out.put(key, node.longValue());
          } else if (node.isNumber()) {
            out.put(key, finite(node, key, file, option));
          } else if (node.isBoolean()) {
            out.put(key, node.booleanValue());
          } else if (!node.isNull()) {
            out.put(key, node.asText());
          }
        });
    return out;
  }

  /** A number as a double; one that overflows (1e999) is refused before anything is written. */
  private static double finite(JsonNode node, String key, Path file, String option) {
    double value = node.doubleValue();
    if (!Double.isFinite(value)) {
      throw new InvalidInputException(
          "Cannot use "
              + option
              + " "
              + file
              + ": "
              + key
              + " is not a finite number (beyond double range; write a value within it)");
    }
    return value;
  }

  private interface Leaf {
    void accept(String key, JsonNode node);
  }

  private static void flatten(String prefix, JsonNode node, Leaf leaf) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), leaf);
      }
    } else if (!node.isArray() && !prefix.isEmpty()) {
      leaf.accept(prefix, node);
    }
  }

  private static JsonNode read(Path file, String option) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          "Cannot read "
              + option
              + " "
              + file
              + ": no such file (check the path"
              + kfpHint(option)
              + ")");
    } catch (IOException e) {
      throw new InvalidInputException(
          "Cannot read "
              + option
              + " "
              + file
              + ": "
              + e.getClass().getSimpleName()
              + " (check the file)");
    }
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    boolean json = name.endsWith(".json") || text.stripLeading().startsWith("{");
    try {
      JsonNode node = (json ? JSON : YAML).readTree(text);
      if (node == null || !node.isObject()) {
        throw new InvalidInputException(
            "Cannot use "
                + option
                + " "
                + file
                + ": expected a JSON or YAML object of name: value");
      }
      return node;
    } catch (JacksonException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InvalidInputException(
          "Cannot parse "
              + option
              + " "
              + file
              + " (line "
              + line
              + "): not valid "
              + (json ? "JSON" : "YAML"));
    }
  }
}
