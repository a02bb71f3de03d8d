package dev.cairn.core.dvc;

import dev.cairn.core.dvc.YamlNode.Slot;
import dev.cairn.core.dvc.YamlNode.YMap;
import dev.cairn.core.dvc.YamlNode.YScalar;
import dev.cairn.core.dvc.YamlNode.YSeq;
import java.util.ArrayList;
import java.util.List;

/**
 * A reader for the block-style YAML that DVC and people write in {@code .dvc} and {@code dvc.yaml}
 * files: block mappings and sequences, plain/quoted/block scalars, simple flow collections and
 * comments, which are kept. Anchors, aliases, tags and complex keys are reported as unsupported so
 * that the caller can fall back to a full YAML parser.
 */
final class YamlParser {
  private final List<String> lines = new ArrayList<>();
  private final boolean keepStringForm;
  private final StringBuilder pending = new StringBuilder();
  private int li;

  YamlParser(String text, boolean keepStringForm) {
    this.keepStringForm = keepStringForm;
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    for (String line : body.split("\n", -1)) {
      lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
    }
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
  }

  YamlDocument parseDocument() throws YamlSyntaxException {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int ind = indentOf(line);
      if (ind < line.length() && line.charAt(ind) == '\t') {
        throw error(i, "a tab is used for indentation");
      }
    }
    skipComments();
    if (!eof() && lines.get(li).startsWith("---")) {
      if (!lines.get(li).strip().equals("---")) {
        throw unsupported(li, "content on the document start line");
      }
      li++;
      skipComments();
    }
    if (eof()) {
      return new YamlDocument(new YMap(), takePending());
    }
    int col = indentOf(lines.get(li));
    String content = lines.get(li).substring(col);
    if (keyEnd(content) < 0) {
      throw error(li, "the top level is not a mapping");
    }
    YMap root = parseMap(col);
    skipComments();
    if (!eof() && lines.get(li).strip().equals("...")) {
      li++;
      skipComments();
    }
    if (!eof()) {
      if (lines.get(li).startsWith("---")) {
        throw unsupported(li, "more than one document");
      }
      throw error(li, "unexpected indentation or content");
    }
    return new YamlDocument(root, takePending());
  }

  private YamlNode parseBlockNode(int col, int ownerIndent) throws YamlSyntaxException {
    String content = lines.get(li).substring(col);
    if (isDash(content)) {
      return parseSeq(col);
    }
    if (keyEnd(content) >= 0) {
      return parseMap(col);
    }
    Slot slot = new Slot(new YScalar(null, null));
    inlineValue(slot, col, ownerIndent);
    if (!slot.eol.isEmpty()) {
      throw unsupported(li - 1, "a comment after a scalar on its own line");
    }
    return slot.value;
  }

  private YMap parseMap(int col) throws YamlSyntaxException {
    YMap map = new YMap();
    while (true) {
      skipComments();
      if (eof()) {
        break;
      }
      String line = lines.get(li);
      int ind = indentOf(line);
      if (ind < col) {
        break;
      }
      if (ind > col) {
        throw error(li, "unexpected indentation");
      }
      String content = line.substring(col);
      if (isDash(content)) {
        break;
      }
      int end = keyEnd(content);
      if (end < 0) {
        throw error(li, "expected 'key: value'");
      }
      String key = keyText(content.substring(0, end - 1).strip());
      if (map.entries.containsKey(key)) {
        throw error(li, "duplicate key '" + key + "'");
      }
      Slot slot = new Slot(new YScalar(null, null));
      slot.before = takePending();
      valueAfterIndicator(slot, col + end, col, false);
      map.entries.put(key, slot);
    }
    return map;
  }

  private YSeq parseSeq(int col) throws YamlSyntaxException {
    YSeq seq = new YSeq();
    while (true) {
      skipComments();
      if (eof()) {
        break;
      }
      String line = lines.get(li);
      int ind = indentOf(line);
      if (ind < col) {
        break;
      }
      if (ind > col) {
        throw error(li, "unexpected indentation");
      }
      if (!isDash(line.substring(col))) {
        break;
      }
      Slot slot = new Slot(new YScalar(null, null));
      slot.before = takePending();
      int p = col + 1;
      while (p < line.length() && line.charAt(p) == ' ') {
        p++;
      }
      String rest = line.substring(p);
      if (!rest.isEmpty() && rest.charAt(0) != '#' && (isDash(rest) || keyEnd(rest) >= 0)) {
        lines.set(li, " ".repeat(p) + rest);
        slot.value = parseBlockNode(p, col);
      } else {
        valueAfterIndicator(slot, col + 1, col, true);
      }
      seq.items.add(slot);
    }
    return seq;
  }

  /** Reads the value that follows {@code key:} or {@code -} at column {@code pos} of this line. */
  private void valueAfterIndicator(Slot slot, int pos, int ownerIndent, boolean inSeq)
      throws YamlSyntaxException {
    String line = lines.get(li);
    int p = pos;
    while (p < line.length() && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
      p++;
    }
    if (p < line.length() && line.charAt(p) != '#') {
      inlineValue(slot, p, ownerIndent);
      return;
    }
    slot.eol = line.substring(pos).isBlank() ? "" : line.substring(pos);
    li++;
    skipComments();
    if (eof()) {
      slot.value = new YScalar(null, null);
      return;
    }
    String next = lines.get(li);
    int ind = indentOf(next);
    if (ind > ownerIndent) {
      slot.value = parseBlockNode(ind, ownerIndent);
    } else if (ind == ownerIndent && !inSeq && isDash(next.substring(ind))) {
      slot.value = parseSeq(ind);
    } else {
      slot.value = new YScalar(null, null);
    }
  }

  /** A value that starts at column {@code p} of the current line. */
  private void inlineValue(Slot slot, int p, int ownerIndent) throws YamlSyntaxException {
    String line = lines.get(li);
    char c = line.charAt(p);
    if (c == '&' || c == '*') {
      throw error(li, "YAML anchors and aliases are not supported; write the values out");
    }
    boolean explicitKey = c == '?' && (p + 1 == line.length() || line.charAt(p + 1) == ' ');
    if ("!%@`".indexOf(c) >= 0 || explicitKey) {
      throw unsupported(li, "anchors, aliases, tags or reserved indicators");
    }
    if (c == '|' || c == '>') {
      slot.value = blockScalar(p, ownerIndent);
    } else if (c == '[' || c == '{') {
      flowValue(slot, p);
    } else if (c == '"' || c == '\'') {
      quotedValue(slot, p);
    } else {
      plainValue(slot, p, ownerIndent);
    }
  }

  private void plainValue(Slot slot, int p, int ownerIndent) {
    String line = lines.get(li);
    int end = commentStart(line, p);
    String first = line.substring(p, end).strip();
    slot.eol =
        end < line.length() ? line.substring(p + rightTrimmedLength(line.substring(p, end))) : "";
    StringBuilder value = new StringBuilder(first);
    StringBuilder raw = new StringBuilder(first);
    li++;
    if (slot.eol.isEmpty()) {
      while (!eof()) {
        String next = lines.get(li);
        int ind = indentOf(next);
        if (next.isBlank() || ind <= ownerIndent || next.charAt(ind) == '#') {
          break;
        }
        String content = next.substring(ind);
        if (isDash(content) || keyEnd(content) >= 0 || commentStart(next, ind) < next.length()) {
          break;
        }
        value.append(' ').append(content.strip());
        raw.append('\n').append(next.stripTrailing());
        li++;
      }
    }
    String text = value.toString();
    Object resolved = YamlScalars.resolvePlain(text);
    boolean keepRaw =
        keepStringForm
            || (resolved != null && !(resolved instanceof String))
            || (resolved != null && YamlScalars.resolvesToNonString(text));
    if (resolved instanceof String && !text.equals(raw.toString())) {
      keepRaw = keepStringForm;
    }
    slot.value = new YScalar(resolved, keepRaw ? raw.toString() : null);
  }

  private void quotedValue(Slot slot, int p) throws YamlSyntaxException {
    char quote = lines.get(li).charAt(p);
    int startLine = li;
    StringBuilder raw = new StringBuilder();
    String line = lines.get(li);
    int i = p + 1;
    raw.append(quote);
    while (true) {
      if (i >= line.length()) {
        li++;
        if (eof()) {
          throw error(startLine, "a quoted string is not closed");
        }
        line = lines.get(li);
        raw.append('\n');
        i = 0;
        continue;
      }
      char c = line.charAt(i);
      if (quote == '"' && c == '\\' && i + 1 < line.length()) {
        raw.append(c).append(line.charAt(i + 1));
        i += 2;
        continue;
      }
      if (c == quote) {
        if (quote == '\'' && i + 1 < line.length() && line.charAt(i + 1) == '\'') {
          raw.append("''");
          i += 2;
          continue;
        }
        raw.append(c);
        i++;
        break;
      }
      raw.append(c);
      i++;
    }
    String after = line.substring(i);
    if (!after.isBlank() && !after.stripLeading().startsWith("#")) {
      throw error(li, "unexpected text after a quoted string");
    }
    slot.eol = after.isBlank() ? "" : after;
    li++;
    String text = raw.toString();
    String value;
    try {
      value = QuotedScalars.unquote(text);
    } catch (IllegalArgumentException e) {
      throw error(startLine, "bad quoted string: " + e.getMessage());
    }
    slot.value = new YScalar(value, keepStringForm ? text : null);
  }

  private YScalar blockScalar(int p, int ownerIndent) throws YamlSyntaxException {
    String header = lines.get(li).substring(p).stripTrailing();
    int headerEnd = commentStart(header, 1);
    String indicators = header.substring(1, headerEnd).strip();
    int explicit = 0;
    char chomp = 'c';
    for (int i = 0; i < indicators.length(); i++) {
      char c = indicators.charAt(i);
      if (c == '+' || c == '-') {
        chomp = c;
      } else if (c >= '1' && c <= '9') {
        explicit = c - '0';
      } else {
        throw error(li, "bad block scalar header");
      }
    }
    li++;
    int contentIndent = explicit > 0 ? ownerIndent + explicit : -1;
    List<String> body = new ArrayList<>();
    int lastNonBlank = -1;
    for (int j = li; j < lines.size(); j++) {
      String l = lines.get(j);
      if (l.isBlank()) {
        body.add(l);
        continue;
      }
      int ind = indentOf(l);
      if (contentIndent < 0) {
        contentIndent = ind;
      }
      if (ind < contentIndent || ind <= ownerIndent) {
        break;
      }
      body.add(l);
      lastNonBlank = body.size() - 1;
    }
    List<String> kept = body.subList(0, lastNonBlank + 1);
    li += kept.size();
    StringBuilder raw = new StringBuilder(header);
    List<String> content = new ArrayList<>();
    for (String l : kept) {
      raw.append('\n').append(l);
      content.add(l.length() >= contentIndent ? l.substring(contentIndent) : "");
    }
    String value =
        header.charAt(0) == '|' ? String.join("\n", content) : QuotedScalars.foldBlock(content);
    if (!content.isEmpty() && chomp != '-') {
      value += "\n";
    }
    return new YScalar(value, raw.toString());
  }

  private void flowValue(Slot slot, int p) throws YamlSyntaxException {
    StringBuilder text = new StringBuilder();
    int depth = 0;
    char quote = 0;
    String line = lines.get(li);
    int i = p;
    int startLine = li;
    while (true) {
      if (i >= line.length()) {
        li++;
        if (eof()) {
          throw error(startLine, "a flow collection is not closed");
        }
        line = lines.get(li);
        text.append(' ');
        i = 0;
        continue;
      }
      char c = line.charAt(i++);
      text.append(c);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"' && i < line.length()) {
          text.append(line.charAt(i++));
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[' || c == '{') {
        depth++;
      } else if (c == ']' || c == '}') {
        depth--;
        if (depth == 0) {
          break;
        }
      }
    }
    String after = line.substring(i);
    if (!after.isBlank() && !after.stripLeading().startsWith("#")) {
      throw error(li, "unexpected text after a flow collection");
    }
    slot.eol = after.isBlank() ? "" : after;
    li++;
    try {
      slot.value = new FlowParser(text.toString()).parseAll();
    } catch (IllegalArgumentException e) {
      throw error(startLine, "bad flow collection: " + e.getMessage());
    }
  }

  /** The index just past the ':' of a {@code key:} at the start of the text, or -1. */
  static int keyEnd(String content) {
    if (content.isEmpty()
        || "[{&*!|>%@`#".indexOf(content.charAt(0)) >= 0
        || isDash(content)
        || content.equals("?")
        || content.startsWith("? ")) {
      return -1;
    }
    int i = 0;
    if (content.charAt(0) == '"' || content.charAt(0) == '\'') {
      char q = content.charAt(0);
      i = 1;
      while (i < content.length()) {
        char c = content.charAt(i);
        if (q == '"' && c == '\\') {
          i += 2;
          continue;
        }
        if (c == q) {
          if (q == '\'' && i + 1 < content.length() && content.charAt(i + 1) == '\'') {
            i += 2;
            continue;
          }
          break;
        }
        i++;
      }
      i++;
      while (i < content.length() && content.charAt(i) == ' ') {
        i++;
      }
      boolean colon =
          i < content.length()
              && content.charAt(i) == ':'
              && (i + 1 == content.length() || content.charAt(i + 1) == ' ');
      return colon ? i + 1 : -1;
    }
    for (; i < content.length(); i++) {
      char c = content.charAt(i);
      if (c == '#' && i > 0 && (content.charAt(i - 1) == ' ' || content.charAt(i - 1) == '\t')) {
        return -1;
      }
      if (c == ':'
          && (i + 1 == content.length()
              || content.charAt(i + 1) == ' '
              || content.charAt(i + 1) == '\t')) {
        return i + 1;
      }
    }
    return -1;
  }

  private String keyText(String key) throws YamlSyntaxException {
    if (key.startsWith("\"") || key.startsWith("'")) {
      try {
        return QuotedScalars.unquote(key);
      } catch (IllegalArgumentException e) {
        throw error(li, "bad quoted key: " + e.getMessage());
      }
    }
    return key;
  }

  static boolean isDash(String content) {
    return content.equals("-") || content.startsWith("- ") || content.startsWith("-\t");
  }

  private static int commentStart(String line, int from) {
    for (int i = from; i < line.length(); i++) {
      if (line.charAt(i) == '#'
          && (i == from || line.charAt(i - 1) == ' ' || line.charAt(i - 1) == '\t')) {
        return i;
      }
    }
    return line.length();
  }

  private static int rightTrimmedLength(String s) {
    return s.stripTrailing().length();
  }

  private static int indentOf(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private void skipComments() {
    while (!eof()) {
      String line = lines.get(li);
      if (!line.isBlank() && !line.strip().startsWith("#")) {
        return;
      }
      pending.append(line).append('\n');
      li++;
    }
  }

  private String takePending() {
    String s = pending.toString();
    pending.setLength(0);
    return s;
  }

  private boolean eof() {
    return li >= lines.size();
  }

  private static YamlSyntaxException error(int line, String what) {
    return new YamlSyntaxException("line " + (line + 1) + ": " + what, false);
  }

  private static YamlSyntaxException unsupported(int line, String what) {
    return new YamlSyntaxException("line " + (line + 1) + ": " + what, true);
  }

  /** Flow collections ({@code [a, b]}, {@code {k: v}}) as plain nodes. */
  private static final class FlowParser {
    private final String s;
    private int i;

    FlowParser(String s) {
      this.s = s;
    }

    YamlNode parseAll() {
      YamlNode node = value();
      ws();
      if (i != s.length()) {
        throw new IllegalArgumentException("text after the collection");
      }
      return node;
    }

    private YamlNode value() {
      ws();
      if (i >= s.length()) {
        throw new IllegalArgumentException("unexpected end");
      }
      char c = s.charAt(i);
      if (c == '[') {
        i++;
        YSeq seq = new YSeq();
        seq.flow = true;
        while (true) {
          ws();
          if (peek() == ']') {
            i++;
            return seq;
          }
          seq.add(value());
          ws();
          if (peek() == ',') {
            i++;
          } else if (peek() != ']') {
            throw new IllegalArgumentException("expected ',' or ']'");
          }
        }
      }
      if (c == '{') {
        i++;
        YMap map = new YMap();
        map.flow = true;
        while (true) {
          ws();
          if (peek() == '}') {
            i++;
            return map;
          }
          YamlNode key = value();
          ws();
          YamlNode val = new YScalar(null, null);
          if (peek() == ':') {
            i++;
            val = value();
          }
          map.put(String.valueOf(YamlNode.toPlain(key)), val);
          ws();
          if (peek() == ',') {
            i++;
          } else if (peek() != '}') {
            throw new IllegalArgumentException("expected ',' or '}'");
          }
        }
      }
      if (c == '"' || c == '\'') {
        int start = i++;
        while (i < s.length()) {
          char d = s.charAt(i++);
          if (c == '"' && d == '\\') {
            i++;
          } else if (d == c) {
            if (c == '\'' && peek() == '\'') {
              i++;
            } else {
              break;
            }
          }
        }
        return new YScalar(QuotedScalars.unquote(s.substring(start, i)), null);
      }
      int start = i;
      while (i < s.length()) {
        char d = s.charAt(i);
        if (d == ',' || d == ']' || d == '}') {
          break;
        }
        if (d == ':' && (i + 1 >= s.length() || " ,]}".indexOf(s.charAt(i + 1)) >= 0)) {
          break;
        }
        i++;
      }
      String text = s.substring(start, i).strip();
      return new YScalar(YamlScalars.resolvePlain(text), null);
    }

    private char peek() {
      return i < s.length() ? s.charAt(i) : 0;
    }

    private void ws() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }
  }
}
