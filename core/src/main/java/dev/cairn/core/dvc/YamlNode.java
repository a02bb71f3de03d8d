package dev.cairn.core.dvc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A YAML node tree that keeps what ruamel.yaml's round-trip mode keeps: key order, comments and
 * blank lines, and the source text of scalars whose form would otherwise be lost.
 */
abstract sealed class YamlNode permits YamlNode.YMap, YamlNode.YSeq, YamlNode.YScalar {

  /** Comment and blank lines before an entry or item, verbatim (each ends in a newline). */
  static final class Slot {
    String before = "";

    /** Text after the value on its line, e.g. {@code " # note"}; empty when none. */
    String eol = "";

    YamlNode value;

    Slot(YamlNode value) {
      this.value = value;
    }
  }

  static final class YMap extends YamlNode {
    /** Read in flow style ({@code {a: 1}}); ruamel writes it back that way. */
    boolean flow;

    final LinkedHashMap<String, Slot> entries = new LinkedHashMap<>();

    void put(String key, YamlNode value) {
      Slot slot = entries.get(key);
      if (slot == null) {
        entries.put(key, new Slot(value));
      } else {
        slot.value = value;
      }
    }

    @Nullable YamlNode get(String key) {
      Slot slot = entries.get(key);
      return slot == null ? null : slot.value;
    }
  }

  static final class YSeq extends YamlNode {
    /** Read in flow style ({@code [a, b]}); ruamel writes it back that way. */
    boolean flow;

    final List<Slot> items = new ArrayList<>();

    void add(YamlNode value) {
      items.add(new Slot(value));
    }
  }

  /**
   * A scalar. {@code value} is a String, Long, BigInteger, Double, Boolean or null. {@code raw},
   * when set, is the exact source text to write back while the value is unchanged.
   */
  static final class YScalar extends YamlNode {
    final @Nullable Object value;
    final @Nullable String raw;

    YScalar(@Nullable Object value, @Nullable String raw) {
      this.value = value;
      this.raw = raw;
    }
  }

  /** Plain Java form: LinkedHashMap, ArrayList, String, Long, BigInteger, Double, Boolean, null. */
  static @Nullable Object toPlain(YamlNode node) {
    if (node instanceof YMap map) {
      Map<String, @Nullable Object> out = new LinkedHashMap<>();
      map.entries.forEach((k, slot) -> out.put(k, toPlain(slot.value)));
      return out;
    }
    if (node instanceof YSeq seq) {
      List<@Nullable Object> out = new ArrayList<>();
      seq.items.forEach(slot -> out.add(toPlain(slot.value)));
      return out;
    }
    return ((YScalar) node).value;
  }

  /** Builds nodes from plain Java values, normalising numbers the way Python would see them. */
  static YamlNode fromPlain(@Nullable Object value) {
    if (value instanceof Map<?, ?> map) {
      YMap out = new YMap();
      map.forEach((k, v) -> out.put(checkKey(String.valueOf(k)), fromPlain(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      YSeq out = new YSeq();
      list.forEach(v -> out.add(fromPlain(v)));
      return out;
    }
    return new YScalar(normalise(value), null);
  }

  /**
   * Keys are written as simple keys; ruamel switches to the explicit {@code ? key} form for keys
   * with line breaks or of 128 characters or more, which Cairn does not write.
   */
  static String checkKey(String key) {
    boolean lineBreak =
        key.chars()
            .anyMatch(c -> c == '\n' || c == '\r' || c == 0x85 || c == 0x2028 || c == 0x2029);
    if (lineBreak || key.codePointCount(0, key.length()) >= 128) {
      throw new IllegalArgumentException(
          "Cannot write YAML key: it has a line break or 128+ characters (use a shorter key)");
    }
    return key;
  }

  static @Nullable Object normalise(@Nullable Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Long
        || value instanceof Double) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big) {
      return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }
    if (value instanceof Float f) {
      return Double.valueOf(f.toString());
    }
    if (value instanceof BigDecimal d) {
      return d.doubleValue();
    }
    if (value instanceof Character || value instanceof Enum<?>) {
      return value.toString();
    }
    throw new IllegalArgumentException(
        "Cannot write YAML value of type " + value.getClass().getName());
  }

  /**
   * DVC's {@code apply_diff(src, dest)}: makes {@code dest} equal to {@code src} while keeping the
   * position and comments of keys that already exist; new keys are appended; lists whose length
   * changed are replaced whole.
   */
  static void applyDiff(YamlNode src, YamlNode dest) {
    if (src instanceof YMap s && dest instanceof YMap d) {
      for (Map.Entry<String, Slot> e : s.entries.entrySet()) {
        YamlNode value = e.getValue().value;
        YamlNode old = d.get(e.getKey());
        if (old != null && isContainer(value) && sameKind(value, old)) {
          applyDiff(value, old);
        } else if (old == null || !plainEquals(value, old)) {
          d.put(e.getKey(), value);
        }
      }
      d.entries.keySet().retainAll(s.entries.keySet());
    } else if (src instanceof YSeq s && dest instanceof YSeq d) {
      if (s.items.size() != d.items.size()) {
        d.items.clear();
        d.items.addAll(s.items);
        return;
      }
      for (int i = 0; i < s.items.size(); i++) {
        YamlNode value = s.items.get(i).value;
        YamlNode old = d.items.get(i).value;
        if (isContainer(value) && sameKind(value, old)) {
          applyDiff(value, old);
        } else if (!plainEquals(value, old)) {
          d.items.get(i).value = value;
        }
      }
    } else {
      throw new IllegalArgumentException("applyDiff needs two maps or two lists");
    }
  }

  private static boolean isContainer(YamlNode node) {
    return !(node instanceof YScalar);
  }

  private static boolean sameKind(YamlNode a, YamlNode b) {
    return a.getClass() == b.getClass();
  }

  private static boolean plainEquals(YamlNode a, YamlNode b) {
    return Objects.equals(toPlain(a), toPlain(b));
  }
}
