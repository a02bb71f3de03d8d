package dev.cairn.core.dvc;

import dev.cairn.core.InvalidInputException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DVC config file as ConfigObj reads and writes it: sections of {@code key = value} lines,
 * section names and keys lowercased (as DVC does on load), values unquoted, unquoted values with
 * commas read as lists. Sections are kept in DVC's order: plain sections, then named ones ({@code
 * remote "x"}, {@code machine "x"}, {@code db "x"}).
 */
final class ConfigObjFile {
  private static final Pattern SECTION = Pattern.compile("^(\\[+)\\s*(.*?)\\s*(\\]+)\\s*(#.*)?$");
  private static final Pattern KEY_LINE =
      Pattern.compile("^(\"[^\"]*\"|'[^']*'|[^'\"=][^=]*?)\\s*=\\s*(.*)$");
  static final Pattern NAMED = Pattern.compile("^\\s*(remote|machine|db)\\s*\"(.*)\"\\s*$");
  private static final String WSPACE_PLUS = " \r\n\u000B\t'\"";

  /** Section name (lowercased, unquoted) to its keys; "" holds keys before the first section. */
  final LinkedHashMap<String, LinkedHashMap<String, Object>> sections = new LinkedHashMap<>();

  static ConfigObjFile parse(String text, String name) {
    ConfigObjFile file = new ConfigObjFile();
    LinkedHashMap<String, Object> current = new LinkedHashMap<>();
    file.sections.put("", current);
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        Matcher m = SECTION.matcher(line);
        if (!m.matches() || m.group(1).length() != m.group(3).length()) {
          throw invalid(name, i, "bad section header");
        }
        if (m.group(1).length() > 1) {
          throw invalid(name, i, "sub-sections are not used by DVC");
        }
        String section = unquote(m.group(2)).toLowerCase(Locale.ROOT);
        if (file.sections.containsKey(section) && !section.isEmpty()) {
          throw invalid(name, i, "duplicate section [" + section + "]");
        }
        current = new LinkedHashMap<>();
        file.sections.put(section, current);
        continue;
      }
      Matcher m = KEY_LINE.matcher(line);
      if (!m.matches()) {
        throw invalid(name, i, "expected 'key = value'");
      }
      String key = unquote(m.group(1).strip()).toLowerCase(Locale.ROOT);
      if (current.containsKey(key)) {
        throw invalid(name, i, "duplicate key '" + key + "'");
      }
      try {
        current.put(key, parseValue(m.group(2)));
      } catch (IllegalArgumentException e) {
        throw invalid(name, i, String.valueOf(e.getMessage()));
      }
    }
    return file;
  }

  private static InvalidInputException invalid(String name, int line, String what) {
    return new InvalidInputException(
        "Cannot read DVC config: "
            + name
            + " (line "
            + (line + 1)
            + ": "
            + what
            + "; fix the file or rewrite the setting with dvc config)");
  }

  private static String unquote(String s) {
    if (s.length() >= 2
        && (s.charAt(0) == '"' || s.charAt(0) == '\'')
        && s.charAt(s.length() - 1) == s.charAt(0)) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  /** A String, or a List of String when the value is a comma list. */
  static Object parseValue(String text) {
    String s = text.strip();
    if (s.startsWith("'''") || s.startsWith("\"\"\"")) {
      throw new IllegalArgumentException("triple-quoted values are not supported");
    }
    List<String> items = new ArrayList<>();
    boolean list = false;
    int i = 0;
    while (true) {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i >= s.length() || s.charAt(i) == '#') {
        break;
      }
      String item;
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        int close = s.indexOf(c, i + 1);
        if (close < 0) {
          throw new IllegalArgumentException("a quoted value is not closed");
        }
        item = s.substring(i + 1, close);
        i = close + 1;
      } else if (c == ',') {
        item = null;
      } else {
        int end = i;
        while (end < s.length() && s.charAt(end) != ',' && s.charAt(end) != '#') {
          end++;
        }
        item = s.substring(i, end).strip();
        if (item.contains("\"") || item.contains("'")) {
          throw new IllegalArgumentException("a quote inside an unquoted value");
        }
        i = end;
      }
      if (item != null) {
        items.add(item);
      }
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      if (i < s.length() && s.charAt(i) == ',') {
        list = true;
        i++;
      } else if (i < s.length() && s.charAt(i) != '#') {
        throw new IllegalArgumentException("unexpected text after a value");
      }
    }
    if (list) {
      return List.copyOf(items);
    }
    return items.isEmpty() ? "" : items.get(0);
  }

  /** The text ConfigObj writes for this file, as DVC saves it. */
  String write() {
    StringBuilder out = new StringBuilder();
    Map<String, Object> top = sections.getOrDefault("", new LinkedHashMap<>());
    top.forEach((k, v) -> out.append(k).append(" = ").append(quoteValue(v)).append('\n'));
    List<String> order = new ArrayList<>();
    for (String section : sections.keySet()) {
      if (!section.isEmpty() && !NAMED.matcher(section).matches()) {
        order.add(section);
      }
    }
    for (String kind : List.of("remote", "machine", "db")) {
      for (String section : sections.keySet()) {
        Matcher m = NAMED.matcher(section);
        if (m.matches() && m.group(1).equals(kind)) {
          order.add(section);
        }
      }
    }
    for (String section : order) {
      Map<String, Object> keys = sections.getOrDefault(section, new LinkedHashMap<>());
      if (keys.isEmpty()) {
        continue;
      }
      out.append('[').append(quote(section, false)).append("]\n");
      keys.forEach(
          (k, v) ->
              out.append("    ")
                  .append(quote(k, false))
                  .append(" = ")
                  .append(quoteValue(v))
                  .append('\n'));
    }
    return out.toString();
  }

  private static String quoteValue(Object value) {
    if (value instanceof List<?> list) {
      if (list.isEmpty()) {
        return ",";
      }
      if (list.size() == 1) {
        return quote(String.valueOf(list.get(0)), false) + ",";
      }
      List<String> parts = new ArrayList<>();
      list.forEach(item -> parts.add(quote(String.valueOf(item), false)));
      return String.join(", ", parts);
    }
    return quote(String.valueOf(value), true);
  }

  /** ConfigObj's {@code _quote} with list values on. */
  static String quote(String value, boolean multiline) {
    if (value.isEmpty()) {
      return "\"\"";
    }
    boolean needTriple =
        multiline && ((value.contains("'") && value.contains("\"")) || value.contains("\n"));
    if (needTriple) {
      return value.contains("\"\"\"") ? "'''" + value + "'''" : "\"\"\"" + value + "\"\"\"";
    }
    if (value.contains("\n")) {
      throw new IllegalArgumentException("Cannot write config value with a line break");
    }
    boolean plain =
        WSPACE_PLUS.indexOf(value.charAt(0)) < 0
            && WSPACE_PLUS.indexOf(value.charAt(value.length() - 1)) < 0
            && !value.contains(",")
            && !value.contains("#");
    if (plain) {
      return value;
    }
    if (value.contains("'") && value.contains("\"")) {
      throw new IllegalArgumentException(
          "Cannot write config value with both ' and \" quotes: use one kind");
    }
    return value.contains("\"") ? "'" + value + "'" : "\"" + value + "\"";
  }
}
