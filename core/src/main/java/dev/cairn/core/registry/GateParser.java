package dev.cairn.core.registry;

import dev.cairn.core.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Recursive-descent parser and evaluator for {@link Gate} expressions. */
final class GateParser {
  record Env(
      Map<String, Double> candidate,
      @Nullable Map<String, Double> stage,
      boolean ifEmptyPasses,
      List<String> trace) {}

  /** An expression node; numeric nodes implement value, boolean nodes test. */
  interface Node {
    boolean bool();

    default double value(Env env) {
      throw new IllegalStateException("not numeric");
    }

    default boolean test(Env env) {
      throw new IllegalStateException("not boolean");
    }

    default boolean readsStage() {
      return false;
    }

    void collect(Set<String> names, boolean stage);

    String text(@Nullable Env env);
  }

  record Num(double v) implements Node {
    @Override
    public boolean bool() {
      return false;
    }

    @Override
    public double value(Env env) {
      return v;
    }

    @Override
    public void collect(Set<String> names, boolean stage) {}

    @Override
    public String text(@Nullable Env env) {
      return Gate.format(v);
    }
  }

  record Metric(String name, boolean stage) implements Node {
    @Override
    public boolean bool() {
      return false;
    }

    @Override
    public double value(Env env) {
      Map<String, Double> source = stage ? Objects.requireNonNull(env.stage()) : env.candidate();
      return Objects.requireNonNull(source.get(name));
    }

    @Override
    public boolean readsStage() {
      return stage;
    }

    @Override
    public void collect(Set<String> names, boolean wantStage) {
      if (stage == wantStage) {
        names.add(name);
      }
    }

    @Override
    public String text(@Nullable Env env) {
      return env == null || (stage && env.stage() == null)
          ? (stage ? "stage." : "") + name
          : Gate.format(value(env));
    }
  }

  record Arith(char op, Node left, Node right) implements Node {
    @Override
    public boolean bool() {
      return false;
    }

    @Override
    public double value(Env env) {
      double a = left.value(env);
      double b = right.value(env);
      return switch (op) {
        case '+' -> a + b;
        case '-' -> a - b;
        case '*' -> a * b;
        default -> {
          if (b == 0) {
            throw new InvalidInputException(
                "Cannot evaluate gate: division by zero in "
                    + text(null)
                    + " (the divisor is 0; guard it, e.g. 'stage.loss > 0 and ...')");
          }
          yield a / b;
        }
      };
    }

    @Override
    public boolean readsStage() {
      return left.readsStage() || right.readsStage();
    }

    @Override
    public void collect(Set<String> names, boolean stage) {
      left.collect(names, stage);
      right.collect(names, stage);
    }

    @Override
    public String text(@Nullable Env env) {
      return "(" + left.text(env) + " " + op + " " + right.text(env) + ")";
    }
  }

  record Compare(String op, Node left, Node right) implements Node {
    @Override
    public boolean bool() {
      return true;
    }

    @Override
    public boolean test(Env env) {
      boolean result;
      if ((left.readsStage() || right.readsStage()) && env.stage() == null) {
        result = env.ifEmptyPasses();
        env.trace().add(text(null) + ": stage is empty -> " + (result ? "pass" : "fail"));
        return result;
      }
      double a = left.value(env);
      double b = right.value(env);
      result =
          switch (op) {
            case ">=" -> a >= b;
            case "<=" -> a <= b;
            case ">" -> a > b;
            case "<" -> a < b;
            case "==" -> a == b;
            default -> a != b;
          };
      env.trace().add(text(null) + ": " + text(env) + " -> " + result);
      return result;
    }

    @Override
    public void collect(Set<String> names, boolean stage) {
      left.collect(names, stage);
      right.collect(names, stage);
    }

    @Override
    public String text(@Nullable Env env) {
      return strip(left.text(env)) + " " + op + " " + strip(right.text(env));
    }

    private static String strip(String s) {
      return s.startsWith("(") && s.endsWith(")") ? s.substring(1, s.length() - 1) : s;
    }
  }

  record Logic(String op, Node left, @Nullable Node right) implements Node {
    @Override
    public boolean bool() {
      return true;
    }

    // & and |, not && and ||: both sides always run, so the trial run in Gate.check finds every
    // error
    @Override
    @SuppressWarnings("ShortCircuitBoolean")
    public boolean test(Env env) {
      return switch (op) {
        case "not" -> !left.test(env);
        case "and" -> left.test(env) & Objects.requireNonNull(right).test(env);
        default -> left.test(env) | Objects.requireNonNull(right).test(env);
      };
    }

    @Override
    public void collect(Set<String> names, boolean stage) {
      left.collect(names, stage);
      if (right != null) {
        right.collect(names, stage);
      }
    }

    @Override
    public String text(@Nullable Env env) {
      return right == null
          ? "not " + left.text(env)
          : left.text(env) + " " + op + " " + right.text(env);
    }
  }

  private final String src;
  private int pos;

  /** Deeper nesting is refused: a real gate has a handful of levels, and the parser recurses. */
  static final int MAX_DEPTH = 64;

  private int depth;

  GateParser(String src) {
    this.src = src;
  }

  Node parse() {
    if (src.isBlank()) {
      throw error("empty expression");
    }
    Node n = or();
    skip();
    if (pos < src.length()) {
      throw error("unexpected '" + src.substring(pos, Math.min(src.length(), pos + 10)) + "'");
    }
    if (!n.bool()) {
      throw error("the gate must be a comparison (e.g. auc >= 0.8), not a number");
    }
    return n;
  }

  private Node or() {
    Node left = and();
    while (keyword("or") || symbol("||")) {
      left = new Logic("or", requireBool(left), requireBool(and()));
    }
    return left;
  }

  private Node and() {
    Node left = not();
    while (keyword("and") || symbol("&&")) {
      left = new Logic("and", requireBool(left), requireBool(not()));
    }
    return left;
  }

  private Node not() {
    if (keyword("not") || (peek('!') && !src.startsWith("!=", pos) && symbol("!"))) {
      if (++depth > MAX_DEPTH) {
        throw error("nested more than " + MAX_DEPTH + " levels deep");
      }
      try {
        return new Logic("not", requireBool(not()), null);
      } finally {
        depth--;
      }
    }
    return compare();
  }

  private Node compare() {
    Node left = sum();
    for (String op : List.of(">=", "<=", "==", "!=", ">", "<")) {
      if (symbol(op)) {
        Node right = sum();
        return new Compare(op, requireNum(left), requireNum(right));
      }
    }
    return left;
  }

  private Node sum() {
    Node left = product();
    while (true) {
      if (symbol("+")) {
        left = new Arith('+', requireNum(left), requireNum(product()));
      } else if (symbol("-")) {
        left = new Arith('-', requireNum(left), requireNum(product()));
      } else {
        return left;
      }
    }
  }

  private Node product() {
    Node left = unary();
    while (true) {
      if (symbol("*")) {
        left = new Arith('*', requireNum(left), requireNum(unary()));
      } else if (symbol("/")) {
        left = new Arith('/', requireNum(left), requireNum(unary()));
      } else {
        return left;
      }
    }
  }

  private Node unary() {
    if (++depth > MAX_DEPTH) {
      throw error("nested more than " + MAX_DEPTH + " levels deep");
    }
    try {
      return primary();
    } finally {
      depth--;
    }
  }

  private Node primary() {
    if (symbol("-")) {
      return new Arith('-', new Num(0), requireNum(unary()));
    }
    skip();
    if (symbol("(")) {
      Node inner = or();
      if (!symbol(")")) {
        throw error("missing ')'");
      }
      return inner;
    }
    if (pos >= src.length()) {
      throw error("unexpected end of expression");
    }
    char c = src.charAt(pos);
    if (Character.isDigit(c) || c == '.') {
      int start = pos;
      while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
        pos++;
      }
      if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
        pos++;
        if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
          pos++;
        }
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
          pos++;
        }
      }
      try {
        return new Num(Double.parseDouble(src.substring(start, pos)));
      } catch (NumberFormatException e) {
        pos = start;
        throw error("bad number");
      }
    }
    if (Character.isLetter(c) || c == '_') {
      int start = pos;
      String name = identifier();
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.equals("and") || lower.equals("or") || lower.equals("not")) {
        pos = start;
        throw error("expected a metric or number, found '" + name + "'");
      }
      if (name.equals("stage") && pos < src.length() && src.charAt(pos) == '.') {
        pos++;
        if (pos >= src.length()
            || !(Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
          throw error("expected a metric name after 'stage.'");
        }
        return new Metric(identifier(), true);
      }
      return new Metric(name, false);
    }
    throw error("unexpected '" + c + "'");
  }

  private String identifier() {
    int start = pos;
    while (pos < src.length()) {
      char ch = src.charAt(pos);
      if (Character.isLetterOrDigit(ch) || ch == '_') {
        pos++;
      } else if (ch == '.'
          && !src.substring(start, pos).equals("stage")
          && pos + 1 < src.length()
          && (Character.isLetterOrDigit(src.charAt(pos + 1)) || src.charAt(pos + 1) == '_')) {
        pos++;
      } else {
        break;
      }
    }
    return src.substring(start, pos);
  }

  private Node requireBool(Node n) {
    if (!n.bool()) {
      throw error("expected a comparison before 'and'/'or'/'not'");
    }
    return n;
  }

  private Node requireNum(Node n) {
    if (n.bool()) {
      throw error("a comparison cannot be used as a number");
    }
    return n;
  }

  private boolean keyword(String word) {
    skip();
    int end = pos + word.length();
    if (src.regionMatches(true, pos, word, 0, word.length())
        && (end >= src.length()
            || !(Character.isLetterOrDigit(src.charAt(end)) || src.charAt(end) == '_'))) {
      pos = end;
      return true;
    }
    return false;
  }

  private boolean symbol(String s) {
    skip();
    if (src.startsWith(s, pos)) {
      pos += s.length();
      return true;
    }
    return false;
  }

  private boolean peek(char c) {
    skip();
    return pos < src.length() && src.charAt(pos) == c;
  }

  private void skip() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private InvalidInputException error(String what) {
    return new InvalidInputException(
        "Cannot parse gate: '"
            + src
            + "' at position "
            + (pos + 1)
            + ": "
            + what
            + " (e.g. 'auc >= stage.auc + 0.002 and loss <= stage.loss')");
  }
}
