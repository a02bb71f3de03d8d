package dev.cairn.core.hash;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * What DVC leaves out of a tracked directory: the default ignores ({@code .git} anywhere, and
 * directories named {@code .hg} or {@code .dvc}) and the patterns of the {@code .dvcignore} files
 * from the repository root down to the tracked directory's parent, in gitignore syntax, each
 * relative to the directory that holds it. Later (deeper) rules win; {@code !} re-includes.
 */
final class IgnoreRules {
  static final String DVCIGNORE = ".dvcignore";

  /** One pattern line, compiled, with the path of its directory relative to the tracked dir. */
  private record Rule(Pattern regex, boolean negated, boolean dirOnly, String base) {}

  private final List<Rule> rules;

  private IgnoreRules(List<Rule> rules) {
    this.rules = rules;
  }

  static IgnoreRules none() {
    return new IgnoreRules(List.of());
  }

  /**
   * Loads the {@code .dvcignore} files that apply to {@code tracked}: those in {@code repoRoot} and
   * every directory between it and {@code tracked} (exclusive). Without a repo root only defaults.
   */
  static IgnoreRules load(@Nullable Path repoRoot, Path tracked) {
    if (repoRoot == null) {
      return none();
    }
    Path root = repoRoot.toAbsolutePath().normalize();
    if (!tracked.startsWith(root) || tracked.equals(root)) {
      return none();
    }
    List<Rule> rules = new ArrayList<>();
    Path relative = root.relativize(tracked);
    Path dir = root;
    for (int depth = 0; depth < relative.getNameCount(); depth++) {
      // the prefix that turns a path inside tracked into a path relative to dir
      String base = relative.subpath(depth, relative.getNameCount()).toString() + "/";
      Path file = dir.resolve(DVCIGNORE);
      if (Files.isRegularFile(file)) {
        parse(file, base, rules);
      }
      dir = dir.resolve(relative.getName(depth));
    }
    return new IgnoreRules(List.copyOf(rules));
  }

  /**
   * The rules for the entries of directory {@code dir}: those {@link #load} finds plus the patterns
   * of {@code dir}'s own {@code .dvcignore}; relpaths are relative to {@code dir}.
   */
  static IgnoreRules forDirectory(Path repoRoot, Path dir) {
    Path root = repoRoot.toAbsolutePath().normalize();
    Path target = dir.toAbsolutePath().normalize();
    List<Rule> rules = new ArrayList<>(target.equals(root) ? List.of() : load(root, target).rules);
    Path own = target.resolve(DVCIGNORE);
    if (target.startsWith(root) && Files.isRegularFile(own)) {
      parse(own, "", rules);
    }
    return new IgnoreRules(List.copyOf(rules));
  }

  /** The rules for the entries of subdirectory {@code name} (at {@code child}) of this one. */
  IgnoreRules enter(String name, Path child) {
    List<Rule> moved = new ArrayList<>();
    for (Rule rule : rules) {
      moved.add(new Rule(rule.regex(), rule.negated(), rule.dirOnly(), rule.base() + name + "/"));
    }
    Path own = child.resolve(DVCIGNORE);
    if (Files.isRegularFile(own)) {
      parse(own, "", moved);
    }
    return new IgnoreRules(List.copyOf(moved));
  }

  private static void parse(Path file, String base, List<Rule> into) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(
          "Cannot read " + file + ": " + e.getMessage() + " (fix or remove the file)", e);
    }
    for (String line : lines) {
      Rule rule = compile(line, base, file);
      if (rule != null) {
        into.add(rule);
      }
    }
  }

  static boolean isDefaultIgnored(String name, boolean isDirectory) {
    return name.equals(".git") || (isDirectory && (name.equals(".hg") || name.equals(".dvc")));
  }

  /**
   * Whether the entry at {@code relpath} (relative to the tracked dir, {@code /}-separated) is out.
   */
  boolean isIgnored(String relpath, String name, boolean isDirectory) {
    if (isDefaultIgnored(name, isDirectory)) {
      return true;
    }
    boolean ignored = false;
    for (Rule rule : rules) {
      if (rule.dirOnly() && !isDirectory) {
        continue;
      }
      if (ignored == rule.negated() && rule.regex().matcher(rule.base() + relpath).matches()) {
        ignored = !rule.negated();
      }
    }
    return ignored;
  }

  /** Compiles one gitignore line; null for blanks and comments. */
  static @Nullable Rule compile(String line, String base, Path source) {
    String text = stripTrailingSpaces(line);
    if (text.isEmpty() || text.startsWith("#")) {
      return null;
    }
    boolean negated = text.startsWith("!");
    if (negated) {
      text = text.substring(1);
    }
    boolean dirOnly = text.endsWith("/");
    if (dirOnly) {
      text = text.substring(0, text.length() - 1);
    }
    boolean anchored = text.indexOf('/') >= 0;
    if (text.startsWith("/")) {
      text = text.substring(1);
    }
    if (text.isEmpty()) {
      return null;
    }
    StringBuilder regex = new StringBuilder();
    if (!anchored) {
      regex.append("(?:.*/)?");
    }
    String[] segments = text.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.equals("**")) {
        regex.append(last ? ".*" : "(?:.*/)?");
        continue;
      }
      appendSegment(regex, segment);
      if (!last) {
        regex.append('/');
      }
    }
    try {
      return new Rule(Pattern.compile(regex.toString(), Pattern.DOTALL), negated, dirOnly, base);
    } catch (PatternSyntaxException e) {
      throw new InvalidInputException(
          "Cannot read " + source + ": bad pattern '" + line + "' (fix the pattern)", e);
    }
  }

  private static void appendSegment(StringBuilder regex, String segment) {
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      switch (c) {
        case '*' -> regex.append("[^/]*");
        case '?' -> regex.append("[^/]");
        case '\\' -> {
          if (i + 1 < segment.length()) {
            regex.append(Pattern.quote(String.valueOf(segment.charAt(++i))));
          }
        }
        case '[' -> {
          int end = classEnd(segment, i);
          if (end < 0) {
            regex.append("\\[");
          } else {
            regex.append(charClass(segment.substring(i + 1, end)));
            i = end;
          }
        }
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
  }

  private static int classEnd(String segment, int open) {
    int i = open + 1;
    if (i < segment.length() && (segment.charAt(i) == '!' || segment.charAt(i) == '^')) {
      i++;
    }
    if (i < segment.length() && segment.charAt(i) == ']') {
      i++;
    }
    int end = segment.indexOf(']', i);
    return end;
  }

  private static String charClass(String body) {
    StringBuilder out = new StringBuilder("[");
    int i = 0;
    if (!body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^')) {
      out.append('^');
      i = 1;
    }
    for (; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == '\\' || c == '[' || c == ']' || c == '&' || c == '^') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.append(']').toString();
  }

  private static String stripTrailingSpaces(String line) {
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ' && !(end > 1 && line.charAt(end - 2) == '\\')) {
      end--;
    }
    return line.substring(0, end);
  }
}
