package dev.cairn.core.dvc;

import java.util.List;

/** Decoding of quoted and folded YAML scalars (line folding and double-quote escapes). */
final class QuotedScalars {
  private QuotedScalars() {}

  /**
   * The value of a single- or double-quoted scalar given with its quotes. Line breaks ({@code \n},
   * NEL, LS, PS) fold as in ruamel.yaml's scanner: whitespace around a break is dropped, a single
   * {@code \n} or NEL becomes a space, LS/PS are kept, empty lines become {@code \n}.
   */
  static String unquote(String quoted) {
    char q = quoted.charAt(0);
    String body =
        quoted.substring(1, quoted.length() - 1).replace("\r\n", "\n").replace('\r', '\n');
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < body.length()) {
      char c = body.charAt(i);
      if (c == ' ' || c == '\t') {
        int j = i;
        while (j < body.length() && (body.charAt(j) == ' ' || body.charAt(j) == '\t')) {
          j++;
        }
        if (j >= body.length() || !isBreak(body.charAt(j))) {
          out.append(body, i, j);
        }
        i = j;
      } else if (isBreak(c)) {
        char lineBreak = normalise(c);
        StringBuilder breaks = new StringBuilder();
        i = scanBreaks(body, i + 1, breaks);
        if (lineBreak != '\n') {
          out.append(lineBreak);
        } else if (breaks.length() == 0) {
          out.append(' ');
        }
        out.append(breaks);
      } else if (q == '\'' && c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
        out.append('\'');
        i += 2;
      } else if (q == '"' && c == '\\' && i + 1 < body.length()) {
        char e = body.charAt(i + 1);
        if (isBreak(e)) {
          StringBuilder breaks = new StringBuilder();
          i = scanBreaks(body, i + 2, breaks);
          out.append(breaks);
        } else {
          i = escape(body, i + 1, out);
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean isBreak(char c) {
    return c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  private static char normalise(char c) {
    return c == '\u0085' ? '\n' : c;
  }

  /** Skips indentation and collects further (empty-line) breaks; returns the next index. */
  private static int scanBreaks(String body, int from, StringBuilder breaks) {
    int i = from;
    while (true) {
      while (i < body.length() && (body.charAt(i) == ' ' || body.charAt(i) == '\t')) {
        i++;
      }
      if (i < body.length() && isBreak(body.charAt(i))) {
        breaks.append(normalise(body.charAt(i)));
        i++;
      } else {
        return i;
      }
    }
  }

  /** Decodes the escape whose letter is at {@code at}; returns the index after it. */
  private static int escape(String s, int at, StringBuilder out) {
    char e = s.charAt(at);
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
      case 'x' -> {
        return hex(s, at, 2, out) + 1;
      }
      case 'u' -> {
        return hex(s, at, 4, out) + 1;
      }
      case 'U' -> {
        return hex(s, at, 8, out) + 1;
      }
      default -> throw new IllegalArgumentException("unknown escape \\" + e);
    }
    return at + 1;
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
