package dev.cairn.core.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code key: value} lines at the end of a tag message (Git trailer style), which Cairn reads back
 * and gto shows as part of the message. Values are one line.
 */
final class Trailers {
  static final String ROLLBACK_FROM = "cairn-rollback-from";
  static final String ROLLBACK_TO = "cairn-rollback-to";
  static final String ROLLBACK_MD5 = "cairn-rollback-md5";
  static final String REASON = "cairn-reason";
  static final String HOLD_VERSION = "cairn-hold-version";

  private Trailers() {}

  /** {@code summary}, a blank line, then one {@code key: value} line per entry. */
  static String append(String summary, Map<String, String> trailers) {
    StringBuilder out = new StringBuilder(summary.strip()).append("\n\n");
    trailers.forEach(
        (k, v) -> out.append(k).append(": ").append(v.replace('\n', ' ').strip()).append('\n'));
    return out.toString();
  }

  /** The trailers of a message: the {@code key: value} lines of its last paragraph. */
  static Map<String, String> parse(String message) {
    Map<String, String> result = new LinkedHashMap<>();
    String text = message.strip();
    int blank = text.lastIndexOf("\n\n");
    if (blank < 0) {
      return result;
    }
    for (String line : text.substring(blank + 2).split("\n", -1)) {
      int colon = line.indexOf(": ");
      if (colon > 0) {
        result.put(
            line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
            line.substring(colon + 2).strip());
      }
    }
    return result;
  }
}
