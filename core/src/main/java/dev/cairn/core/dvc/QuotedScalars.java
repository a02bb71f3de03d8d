package dev.cairn.core.dvc;

import java.util.List;

/** Decoding of quoted and folded YAML scalars (line folding and double-quote escapes). */
final class QuotedScalars {
  private QuotedScalars() {}

  /** The value of a single- or double-quoted scalar given with its quotes. */
  static String unquote(String quoted) {
    char q = quoted.charAt(0);
    String body = quoted.substring(1, quoted.length() - 1);
    String[] parts = body.split("\n", -1);
    StringBuilder folded = new StringBuilder();
    int emptyLines = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (i > 0) {
        part = part.stripLeading();
      }
      boolean last = i == parts.length - 1;
      if (!last) {
        boolean escapedBreak = q == '"' && endsWithOddBackslashes(part);
        if (escapedBreak) {
          part = part.substring(0, part.length() - 1);
        } else {
          part = part.stripTrailing();
        }
        if (i > 0 && part.isEmpty()) {
          emptyLines++;
          continue;
        }
        appendLine(folded, part, i, emptyLines);
        emptyLines = 0;
        if (escapedBreak) {
          folded.append('\u0000');
        }
      } else {
        appendLine(folded, part, i, emptyLines);
      }
    }
    String text = folded.toString();
    return q == '\'' ? text.replace("\u0000", "").replace("''", "'") : unescape(text);
  }

  private static void appendLine(StringBuilder out, String part, int index, int emptyLines) {
    if (index > 0) {
      boolean joined = out.length() > 0 && out.charAt(out.length() - 1) == '\u0000';
      if (joined) {
        out.setLength(out.length() - 1);
      } else if (emptyLines > 0) {
        out.append("\n".repeat(emptyLines));
      } else {
        out.append(' ');
      }
    }
    out.append(part);
  }

  private static boolean endsWithOddBackslashes(String s) {
    int n = 0;
    for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }

  private static String unescape(String s) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '\\' || i + 1 >= s.length()) {
        out.append(c);
        continue;
      }
      char e = s.charAt(++i);
      switch (e) {
        case '0' -> out.append('\0');
        case 'a' -> out.append('\u0007');
        case 'b' -> out.append('\b');
        case 't', '\t' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'v' -> out.append('\u000B');
        case 'f' -> out.append('\f');
        case 'r' -> out.append('\r');
        case 'e' -> out.append('\u001B');
        case ' ' -> out.append(' ');
        case '"' -> out.append('"');
        case '/' -> out.append('/');
        case '\\' -> out.append('\\');
        case 'N' -> out.append('\u0085');
        case '_' -> out.append('\u00A0');
        case 'L' -> out.append('\u2028');
        case 'P' -> out.append('\u2029');
        case 'x' -> i = hex(s, i, 2, out);
        case 'u' -> i = hex(s, i, 4, out);
        case 'U' -> i = hex(s, i, 8, out);
        default -> throw new IllegalArgumentException("unknown escape \\" + e);
      }
    }
    return out.toString();
  }

  private static int hex(String s, int at, int digits, StringBuilder out) {
    if (at + digits >= s.length()) {
      throw new IllegalArgumentException("short escape");
    }
    out.appendCodePoint(Integer.parseInt(s.substring(at + 1, at + 1 + digits), 16));
    return at + digits;
  }

  /** Folds the lines of a {@code >} block scalar (without the final line break). */
  static String foldBlock(List<String> lines) {
    StringBuilder out = new StringBuilder();
    boolean previousText = false;
    for (String line : lines) {
      if (line.isEmpty()) {
        out.append('\n');
        previousText = false;
        continue;
      }
      boolean moreIndented = line.startsWith(" ") || line.startsWith("\t");
      if (previousText && !moreIndented) {
        out.append(' ');
      } else if (out.length() > 0 && (moreIndented || !previousText)) {
        if (previousText) {
          out.append('\n');
        }
      }
      out.append(line);
      previousText = !moreIndented;
    }
    return out.toString();
  }
}
