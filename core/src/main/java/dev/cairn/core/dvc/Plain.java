package dev.cairn.core.dvc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Deep, order-keeping, unmodifiable copies of plain YAML values. */
final class Plain {
  private Plain() {}

  static Map<String, @Nullable Object> copyMap(Map<String, ? extends @Nullable Object> map) {
    Map<String, @Nullable Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, copy(v)));
    return Collections.unmodifiableMap(out);
  }

  static @Nullable Object copy(@Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), copy(v)));
      return Collections.unmodifiableMap(out);
    }
    if (value instanceof List<?> list) {
      List<@Nullable Object> out = new ArrayList<>();
      list.forEach(v -> out.add(copy(v)));
      return Collections.unmodifiableList(out);
    }
    return YamlNode.normalise(value);
  }
}
