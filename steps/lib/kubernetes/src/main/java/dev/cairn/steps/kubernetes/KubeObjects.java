package dev.cairn.steps.kubernetes;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reading untyped Kubernetes objects (maps of maps) without unchecked casts spreading around. */
final class KubeObjects {
  private static final int MAX_LINE = 300;

  private KubeObjects() {}

  /** The value at {@code path}, or null if any step is missing or not an object. */
  static @Nullable Object at(Map<String, Object> root, String... path) {
    Object current = root;
    for (String key : path) {
      Map<String, Object> map = asMap(current);
      if (map == null) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  /** The value as a JSON object, or null if it is not one. */
  @SuppressWarnings("unchecked") // JSON objects are parsed as Map<String, Object>
  static @Nullable Map<String, Object> asMap(@Nullable Object value) {
    return value instanceof Map<?, ?> ? (Map<String, Object>) value : null;
  }

  /** Server text squeezed onto one bounded line, for error messages. */
  static String oneLine(String text) {
    String line = text.replaceAll("\\s+", " ").trim();
    return line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + "..." : line;
  }
}
