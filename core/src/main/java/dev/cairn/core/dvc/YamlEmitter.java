package dev.cairn.core.dvc;

import dev.cairn.core.dvc.YamlNode.Slot;
import dev.cairn.core.dvc.YamlNode.YMap;
import dev.cairn.core.dvc.YamlNode.YScalar;
import dev.cairn.core.dvc.YamlNode.YSeq;
import java.util.Locale;

/**
 * Writes a node tree in the block layout of DVC's ruamel.yaml dumper: mapping indent 2, sequences
 * at their key's column, scalars quoted only when needed (plain, then single, then double), folded
 * at column 80, non-ASCII written as is.
 */
final class YamlEmitter {
  private static final int BEST_WIDTH = 80;

  private final StringBuilder out = new StringBuilder();
  private final boolean keepStringForm;
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;
  private int indent;

  private YamlEmitter(boolean keepStringForm) {
    this.keepStringForm = keepStringForm;
  }

  /**
   * The document text. With {@code keepStringForm}, strings read from a file keep their source form
   * (quotes); otherwise they are re-quoted by ruamel's rules, as DVC does.
   */
  static String emit(YMap root, String trailer, boolean keepStringForm) {
    YamlEmitter e = new YamlEmitter(keepStringForm);
    if (root.entries.isEmpty()) {
      e.out.append("{}\n");
    } else {
      e.map(root, 0, false);
    }
    e.out.append(trailer);
    return e.out.toString();
  }

  private void map(YMap map, int at, boolean inline) {
    boolean first = true;
    for (var entry : map.entries.entrySet()) {
      Slot slot = entry.getValue();
      if (!(first && inline)) {
        write(slot.before);
        write(" ".repeat(at));
      }
      first = false;
      whitespace = true;
      indention = false;
      key(entry.getKey());
      write(":");
      whitespace = false;
      value(slot, at, false);
    }
  }

  private void seq(YSeq seq, int at, boolean inline) {
    boolean first = true;
    for (Slot slot : seq.items) {
      if (!(first && inline)) {
        write(slot.before);
        write(" ".repeat(at));
      }
      first = false;
      write("- ");
      whitespace = true;
      indention = false;
      value(slot, at, true);
    }
  }

  private void value(Slot slot, int at, boolean inSeq) {
    YamlNode node = slot.value;
    if (isFlow(node)) {
      indent = at + 2;
      flow(node);
      write(slot.eol);
      newline();
      return;
    }
    if (node instanceof YMap m && !m.entries.isEmpty()) {
      if (inSeq) {
        map(m, at + 2, true);
      } else {
        write(slot.eol);
        newline();
        map(m, at + 2, false);
      }
      return;
    }
    if (node instanceof YSeq s && !s.items.isEmpty()) {
      if (inSeq) {
        seq(s, at + 2, true);
      } else {
        write(slot.eol);
        newline();
        seq(s, at, false);
      }
      return;
    }
    if (node instanceof YMap) {
      write(inSeq ? "{}" : " {}");
    } else if (node instanceof YSeq) {
      write(inSeq ? "[]" : " []");
    } else {
      indent = at + 2;
      scalar((YScalar) node, false);
    }
    write(slot.eol);
    newline();
  }

  private static boolean isFlow(YamlNode node) {
    return (node instanceof YMap m && m.flow && !m.entries.isEmpty())
        || (node instanceof YSeq s && s.flow && !s.items.isEmpty());
  }

  /** A collection in flow style, on one line, as ruamel writes one it read that way. */
  private void flow(YamlNode node) {
    if (!whitespace) {
      write(" ");
    }
    if (node instanceof YSeq seq) {
      write("[");
      boolean first = true;
      for (Slot item : seq.items) {
        write(first ? "" : ", ");
        whitespace = true;
        first = false;
        flowItem(item.value);
      }
      write("]");
    } else {
      YMap map = (YMap) node;
      write("{");
      boolean first = true;
      for (var e : map.entries.entrySet()) {
        write(first ? "" : ", ");
        whitespace = true;
        first = false;
        flowScalar(new YScalar(e.getKey(), null), true);
        write(":");
        whitespace = false;
        flowItem(e.getValue().value);
      }
      write("}");
    }
    whitespace = false;
  }

  private void flowItem(YamlNode node) {
    if (node instanceof YScalar s) {
      flowScalar(s, false);
    } else if (node instanceof YSeq s && s.items.isEmpty()) {
      write(whitespace ? "[]" : " []");
    } else if (node instanceof YMap m && m.entries.isEmpty()) {
      write(whitespace ? "{}" : " {}");
    } else {
      flow(node);
    }
    whitespace = false;
  }

  private void flowScalar(YScalar node, boolean simpleKey) {
    if (node.value instanceof String text && (node.raw == null || !keepStringForm)) {
      ScalarAnalysis a = ScalarAnalysis.of(text);
      if (!YamlScalars.resolvesToNonString(text)
          && !(simpleKey && (a.empty() || a.multiline()))
          && a.allowFlowPlain()) {
        plain(text, false);
      } else if (text.contains("'") || text.contains("\n")) {
        doubleQuoted(text, false);
      } else if (a.allowSingleQuoted() && !(simpleKey && a.multiline())) {
        singleQuoted(text, false);
      } else {
        doubleQuoted(text, false);
      }
      return;
    }
    scalar(node, simpleKey);
  }

  private void key(String key) {
    scalar(new YScalar(key, null), true);
  }

  private void scalar(YScalar node, boolean simpleKey) {
    Object value = node.value;
    boolean blockScalar =
        node.raw != null && (node.raw.startsWith("|") || node.raw.startsWith(">"));
    boolean plainTimestampLike =
        value instanceof String t && t.equals(node.raw) && YamlScalars.resolvesToNonString(t);
    boolean keepRaw =
        keepStringForm || blockScalar || !(value instanceof String) || plainTimestampLike;
    if (node.raw != null && keepRaw) {
      if (!whitespace) {
        write(" ");
      }
      write(node.raw);
      return;
    }
    if (value == null) {
      return;
    }
    if (!(value instanceof String text)) {
      plain(YamlScalars.format(value), !simpleKey);
      return;
    }
    ScalarAnalysis a = ScalarAnalysis.of(text);
    boolean split = !simpleKey;
    if (!YamlScalars.resolvesToNonString(text)
        && !(simpleKey && (a.empty() || a.multiline()))
        && a.allowBlockPlain()) {
      plain(text, split);
    } else if (text.contains("'") || text.contains("\n")) {
      doubleQuoted(text, split);
    } else if (a.allowSingleQuoted() && !(simpleKey && a.multiline())) {
      singleQuoted(text, split);
    } else {
      doubleQuoted(text, split);
    }
  }

  private void plain(String text, boolean split) {
    if (text.isEmpty()) {
      return;
    }
    if (!whitespace) {
      write(" ");
    }
    whitespace = false;
    indention = false;
    int[] cp = text.codePoints().toArray();
    boolean spaces = false;
    int start = 0;
    for (int end = 0; end <= cp.length; end++) {
      int ch = end < cp.length ? cp[end] : -1;
      if (spaces) {
        if (ch != ' ') {
          if (start + 1 == end && column >= BEST_WIDTH && split) {
            writeIndent();
            whitespace = false;
            indention = false;
          } else {
            write(cp, start, end);
          }
          start = end;
        }
      } else if (ch == -1 || ch == ' ') {
        if ((end - start) + column > BEST_WIDTH && column > indent) {
          writeIndent();
        }
        write(cp, start, end);
        start = end;
      }
      if (ch != -1) {
        spaces = ch == ' ';
      }
    }
  }

  private void singleQuoted(String text, boolean split) {
    if (!whitespace) {
      write(" ");
    }
    write("'");
    whitespace = false;
    indention = false;
    int[] cp = text.codePoints().toArray();
    boolean spaces = false;
    boolean breaks = false;
    int start = 0;
    for (int end = 0; end <= cp.length; end++) {
      int ch = end < cp.length ? cp[end] : -1;
      if (spaces) {
        if (ch != ' ') {
          if (start + 1 == end && column > BEST_WIDTH && split && start != 0 && end != cp.length) {
            writeIndent();
          } else {
            write(cp, start, end);
          }
          start = end;
        }
      } else if (breaks) {
        if (!isBreak(ch)) {
          if (cp[start] == '\n') {
            newline();
          }
          for (int i = start; i < end; i++) {
            if (cp[i] == '\n') {
              newline();
            } else {
              out.appendCodePoint(cp[i]);
              column = 0;
              whitespace = true;
              indention = true;
            }
          }
          writeIndent();
          start = end;
        }
      } else if ((ch == -1 || ch == ' ' || isBreak(ch) || ch == '\'') && start < end) {
        write(cp, start, end);
        start = end;
      }
      if (ch == '\'') {
        write("''");
        start = end + 1;
      }
      if (ch != -1) {
        spaces = ch == ' ';
        breaks = isBreak(ch);
      }
    }
    write("'");
  }

  private static boolean isBreak(int ch) {
    return ch == '\n' || ch == 0x85 || ch == 0x2028 || ch == 0x2029;
  }

  private void doubleQuoted(String text, boolean split) {
    if (!whitespace) {
      write(" ");
    }
    write("\"");
    whitespace = false;
    indention = false;
    int[] cp = text.codePoints().toArray();
    int start = 0;
    for (int end = 0; end <= cp.length; end++) {
      int ch = end < cp.length ? cp[end] : -1;
      if (ch == -1 || needsEscape(ch)) {
        if (start < end) {
          write(cp, start, end);
          start = end;
        }
        if (ch != -1) {
          write(escape(ch));
          start = end + 1;
        }
      }
      if (0 < end
          && end < cp.length - 1
          && (ch == ' ' || start >= end)
          && column + (end - start) > BEST_WIDTH
          && split) {
        boolean needBackslash = needBackslash(cp, start, end);
        write(cp, start, end);
        if (needBackslash) {
          write("\\");
        }
        if (start < end) {
          start = end;
        }
        writeIndent();
        whitespace = false;
        indention = false;
        if (cp[start] == ' ') {
          if (!needBackslash) {
            start++;
          } else {
            write("\\");
          }
        }
      }
    }
    write("\"");
  }

  private static boolean needBackslash(int[] cp, int start, int end) {
    int spacePos = -1;
    for (int i = end; i < cp.length; i++) {
      if (cp[i] == ' ') {
        spacePos = i;
        break;
      }
    }
    if (spacePos < 0) {
      return true;
    }
    for (int i = end; i < spacePos; i++) {
      if (cp[i] == '\n') {
        spacePos = i;
        break;
      }
    }
    if (spacePos + 1 >= cp.length) {
      return true;
    }
    if (cp[spacePos] == '\n' && cp[spacePos + 1] != ' ') {
      return true;
    }
    for (int i = end; i < spacePos; i++) {
      if (cp[i] == '"' || cp[i] == '\'') {
        return true;
      }
    }
    int next = cp[spacePos + 1];
    boolean doubleSpace = end >= 1 && cp[end - 1] == ' ' && cp[end] == ' ';
    return next == ' ' || next == '\n' || doubleSpace || start == end;
  }

  private static boolean needsEscape(int ch) {
    if (ch == '"' || ch == '\\' || ch == 0x85 || ch == 0x2028 || ch == 0x2029 || ch == 0xFEFF) {
      return true;
    }
    return !((ch >= 0x20 && ch <= 0x7E)
        || (ch >= 0xA0 && ch <= 0xD7FF)
        || (ch >= 0xE000 && ch <= 0xFFFD)
        || (ch >= 0x10000 && ch <= 0x10FFFF));
  }

  private static String escape(int ch) {
    String named =
        switch (ch) {
          case 0 -> "0";
          case 0x07 -> "a";
          case 0x08 -> "b";
          case 0x09 -> "t";
          case 0x0A -> "n";
          case 0x0B -> "v";
          case 0x0C -> "f";
          case 0x0D -> "r";
          case 0x1B -> "e";
          case '"' -> "\"";
          case '\\' -> "\\";
          case 0x85 -> "N";
          case 0xA0 -> "_";
          case 0x2028 -> "L";
          case 0x2029 -> "P";
          default -> null;
        };
    if (named != null) {
      return "\\" + named;
    }
    if (ch <= 0xFF) {
      return String.format(Locale.ROOT, "\\x%02X", ch);
    }
    if (ch <= 0xFFFF) {
      return String.format(Locale.ROOT, "\\u%04X", ch);
    }
    return String.format(Locale.ROOT, "\\U%08X", ch);
  }

  private void writeIndent() {
    if (!indention || column > indent || (column == indent && !whitespace)) {
      newline();
    }
    if (column < indent) {
      whitespace = true;
      write(" ".repeat(indent - column));
    }
  }

  private void newline() {
    out.append('\n');
    column = 0;
    whitespace = true;
    indention = true;
  }

  private void write(int[] cp, int start, int end) {
    if (end <= start) {
      return;
    }
    out.append(new String(cp, start, end - start));
    column += end - start;
  }

  private void write(String text) {
    out.append(text);
    int nl = text.lastIndexOf('\n');
    column =
        nl < 0
            ? column + text.codePointCount(0, text.length())
            : text.codePointCount(nl + 1, text.length());
  }

  /** The parts of ruamel's scalar analysis that pick a style in block context. */
  record ScalarAnalysis(
      boolean empty,
      boolean multiline,
      boolean allowBlockPlain,
      boolean allowSingleQuoted,
      boolean allowFlowPlain) {

    static ScalarAnalysis of(String s) {
      if (s.isEmpty()) {
        return new ScalarAnalysis(true, false, true, true, false);
      }
      int[] cp = s.codePoints().toArray();
      boolean blockIndicators = s.startsWith("---") || s.startsWith("...");
      boolean flowIndicators = blockIndicators;
      boolean lineBreaks = false;
      boolean special = false;
      boolean leadingSpace = false;
      boolean leadingBreak = false;
      boolean trailingSpace = false;
      boolean trailingBreak = false;
      boolean breakSpace = false;
      boolean spaceBreak = false;
      boolean precededByWs = true;
      boolean followedByWs = cp.length == 1 || isWs(cp[1]);
      boolean previousSpace = false;
      boolean previousBreak = false;
      for (int i = 0; i < cp.length; i++) {
        int ch = cp[i];
        if (i == 0) {
          if ("#,[]{}&*!|>'\"%@`".indexOf(ch) >= 0) {
            blockIndicators = true;
            flowIndicators = true;
          }
          if ((ch == '?' || ch == ':') && cp.length == 1) {
            flowIndicators = true;
          }
          if ((ch == '?' || ch == ':') && followedByWs) {
            blockIndicators = true;
          }
          if (ch == '-' && followedByWs) {
            blockIndicators = true;
            flowIndicators = true;
          }
        } else {
          if (",[]{}".indexOf(ch) >= 0) {
            flowIndicators = true;
          }
          if (ch == ':' && followedByWs) {
            blockIndicators = true;
            flowIndicators = true;
          }
          if (ch == '#' && precededByWs) {
            blockIndicators = true;
            flowIndicators = true;
          }
        }
        boolean isBreak = ch == '\n' || ch == 0x85 || ch == 0x2028 || ch == 0x2029;
        if (isBreak) {
          lineBreaks = true;
        }
        if (!(ch == '\n' || (ch >= 0x20 && ch <= 0x7E))) {
          boolean printable =
              (ch == 0x85
                      || (ch >= 0xA0 && ch <= 0xD7FF)
                      || (ch >= 0xE000 && ch <= 0xFFFD)
                      || (ch >= 0x10000 && ch <= 0x10FFFF))
                  && ch != 0xFEFF;
          if (!printable) {
            special = true;
          }
        }
        if (ch == ' ') {
          leadingSpace |= i == 0;
          trailingSpace |= i == cp.length - 1;
          breakSpace |= previousBreak;
          previousSpace = true;
          previousBreak = false;
        } else if (isBreak) {
          leadingBreak |= i == 0;
          trailingBreak |= i == cp.length - 1;
          spaceBreak |= previousSpace;
          previousSpace = false;
          previousBreak = true;
        } else {
          previousSpace = false;
          previousBreak = false;
        }
        precededByWs = isWs(ch);
        followedByWs = i + 2 >= cp.length || isWs(cp[i + 2]);
      }
      boolean anyPlain =
          !(leadingSpace || leadingBreak || trailingSpace || trailingBreak)
              && !breakSpace
              && !special
              && !spaceBreak
              && !lineBreaks;
      boolean single = !breakSpace && !special && !spaceBreak;
      return new ScalarAnalysis(
          false, lineBreaks, anyPlain && !blockIndicators, single, anyPlain && !flowIndicators);
    }

    private static boolean isWs(int ch) {
      return ch == 0
          || ch == ' '
          || ch == '\t'
          || ch == '\r'
          || ch == '\n'
          || ch == 0x85
          || ch == 0x2028
          || ch == 0x2029;
    }
  }
}
