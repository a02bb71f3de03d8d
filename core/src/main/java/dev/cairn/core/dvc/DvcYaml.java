package dev.cairn.core.dvc;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.dvc.YamlNode.Slot;
import dev.cairn.core.dvc.YamlNode.YMap;
import dev.cairn.core.dvc.YamlNode.YScalar;
import dev.cairn.core.dvc.YamlNode.YSeq;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The {@code artifacts:} section of a {@code dvc.yaml}. Changing artifacts rewrites only that
 * section; every other line of the file (stages, comments, formatting) stays byte for byte.
 */
public final class DvcYaml {
  /** GTO's artifact name rule ({@code gto/constants.py}), which DVC applies to artifact ids. */
  private static final Pattern ID = Pattern.compile("[a-zA-Z0-9]([a-zA-Z0-9/_-]*[a-zA-Z0-9])?");

  private static final Pattern SECTION_LINE =
      Pattern.compile("^(artifacts|'artifacts'|\"artifacts\")\\s*:(\\s.*)?$");

  private final String name;
  private final String text;
  private final YMap artifacts;

  private DvcYaml(String name, String text, YMap artifacts) {
    this.name = name;
    this.text = text;
    this.artifacts = artifacts;
  }

  /** Reads {@code dvc.yaml}; a missing file reads as one without artifacts. */
  public static DvcYaml read(Path file) {
    String text = AtomicFiles.readIfExists(file, "dvc.yaml");
    return parse(text == null ? "" : text, file.toString());
  }

  /**
   * Parses {@code dvc.yaml} text ({@code name} is used in messages).
   *
   * @throws InvalidInputException if it is not YAML or its artifacts section is malformed
   */
  public static DvcYaml parse(String text, String name) {
    YamlDocument doc;
    try {
      doc = YamlDocument.parse(text, true);
    } catch (YamlSyntaxException e) {
      throw invalid(name, "malformed YAML, " + e.getMessage());
    }
    YamlNode node = doc.root.get("artifacts");
    YMap section = new YMap();
    if (node instanceof YMap m) {
      section = m;
    } else if (node != null && !(node instanceof YScalar s && s.value == null)) {
      throw invalid(name, "'artifacts' is not a mapping");
    }
    DvcYaml yaml = new DvcYaml(name, text, section);
    for (String id : section.entries.keySet()) {
      yaml.toArtifact(id, section.get(id));
    }
    return yaml;
  }

  /** All artifacts by id, in file order. */
  public Map<String, Artifact> artifacts() {
    Map<String, Artifact> out = new LinkedHashMap<>();
    artifacts.entries.forEach((id, slot) -> out.put(id, toArtifact(id, slot.value)));
    return Collections.unmodifiableMap(out);
  }

  public Optional<Artifact> artifact(String id) {
    YamlNode node = artifacts.get(id);
    return node == null ? Optional.empty() : Optional.of(toArtifact(id, node));
  }

  /**
   * Adds or replaces an artifact. An existing entry keeps its position, comments and any fields
   * Cairn does not model; a new one is appended.
   *
   * @throws InvalidInputException if the id breaks GTO's naming rule
   */
  public DvcYaml withArtifact(String id, Artifact artifact) {
    checkId(id);
    YMap copy = copySection();
    YamlNode old = copy.get(id);
    YMap entry = old instanceof YMap m ? m : new YMap();
    Map<String, @Nullable Object> wanted = new LinkedHashMap<>();
    wanted.put("path", artifact.path());
    wanted.put("type", artifact.type());
    wanted.put("desc", artifact.desc());
    wanted.put("labels", artifact.labels().isEmpty() ? null : artifact.labels());
    wanted.put("meta", artifact.meta().isEmpty() ? null : artifact.meta());
    wanted.forEach(
        (key, value) -> {
          if (value == null) {
            entry.entries.remove(key);
            return;
          }
          YamlNode fresh = YamlNode.fromPlain(value);
          YamlNode existing = entry.get(key);
          if (existing == null) {
            entry.put(key, fresh);
          } else if (existing.getClass() == fresh.getClass() && !(fresh instanceof YScalar)) {
            YamlNode.applyDiff(fresh, existing);
          } else if (!java.util.Objects.equals(YamlNode.toPlain(existing), value)) {
            entry.put(key, fresh);
          }
        });
    copy.put(id, entry);
    return new DvcYaml(name, text, copy);
  }

  /** Removes an artifact (no change if absent); an empty section is removed from the file. */
  public DvcYaml withoutArtifact(String id) {
    YMap copy = copySection();
    copy.entries.remove(id);
    return new DvcYaml(name, text, copy);
  }

  /**
   * Checks an artifact id against GTO's rule: letters, digits, {@code -}, {@code _} and {@code /},
   * starting and ending with a letter or digit.
   *
   * @throws InvalidInputException if it does not match
   */
  public static void checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw new InvalidInputException(
          "Cannot use artifact id: '"
              + id
              + "' (use letters, digits, '-', '_' or '/', starting and ending with a letter or"
              + " digit, e.g. churn-model)");
    }
  }

  /** The file text with the artifacts section rewritten and everything else unchanged. */
  public String toText() {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    boolean endsWithNewline = text.endsWith("\n");
    if (endsWithNewline) {
      lines.remove(lines.size() - 1);
    }
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (SECTION_LINE.matcher(lines.get(i)).matches()) {
        start = i;
        break;
      }
    }
    String section = sectionText();
    StringBuilder out = new StringBuilder();
    if (start < 0) {
      out.append(text);
      if (!text.isEmpty() && !endsWithNewline) {
        out.append('\n');
      }
      out.append(section);
      return out.toString();
    }
    int end = start + 1;
    for (int i = start + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.stripLeading().startsWith("#")) {
        continue;
      }
      if (!line.startsWith(" ") && !line.startsWith("\t") && !line.startsWith("-")) {
        break;
      }
      end = i + 1;
    }
    for (int i = 0; i < start; i++) {
      out.append(lines.get(i)).append('\n');
    }
    out.append(section);
    for (int i = end; i < lines.size(); i++) {
      out.append(lines.get(i));
      if (i < lines.size() - 1 || endsWithNewline) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static final Pattern METRICS_LINE =
      Pattern.compile("^(metrics|'metrics'|\"metrics\")\\s*:\\s*(\\[(.*)\\])?\\s*(#.*)?$");

  /**
   * {@code dvc.yaml} text with {@code path} in its top-level {@code metrics:} list (what {@code dvc
   * metrics show} reads), everything else unchanged. A block list gets a {@code - path} item, a
   * flow list {@code [a, b]} the path at its end, and a file without the list a new one.
   */
  public static String withMetricsFile(String text, String path) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    boolean endsWithNewline = text.isEmpty() || text.endsWith("\n");
    if (text.endsWith("\n") || text.isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    for (int i = 0; i < lines.size(); i++) {
      java.util.regex.Matcher m = METRICS_LINE.matcher(lines.get(i));
      if (!m.matches()) {
        continue;
      }
      if (m.group(2) != null) {
        List<String> items = new ArrayList<>();
        for (String item : java.util.Objects.requireNonNull(m.group(3)).split(",", -1)) {
          if (!item.isBlank()) {
            items.add(item.strip());
          }
        }
        if (items.contains(path)) {
          return text;
        }
        items.add(path);
        lines.set(i, m.group(1) + ": [" + String.join(", ", items) + "]");
        return join(lines, endsWithNewline);
      }
      int last = i;
      String indent = "";
      for (int j = i + 1; j < lines.size(); j++) {
        String line = lines.get(j);
        String stripped = line.strip();
        if (stripped.isEmpty() || stripped.startsWith("#")) {
          continue;
        }
        if (!stripped.startsWith("- ") && !stripped.equals("-")) {
          break;
        }
        if (stripped.substring(1).strip().replaceFirst("\\s+#.*$", "").equals(path)) {
          return text;
        }
        indent = line.substring(0, line.indexOf('-'));
        last = j;
      }
      lines.add(last + 1, indent + "- " + path);
      return join(lines, endsWithNewline);
    }
    lines.add("metrics:");
    lines.add("- " + path);
    return join(lines, true);
  }

  private static String join(List<String> lines, boolean endsWithNewline) {
    return String.join("\n", lines) + (endsWithNewline ? "\n" : "");
  }

  /** Writes {@link #toText()} atomically. */
  public void write(Path file) {
    AtomicFiles.write(file, toText());
  }

  private String sectionText() {
    if (artifacts.entries.isEmpty()) {
      return "";
    }
    YMap root = new YMap();
    root.put("artifacts", artifacts);
    return YamlEmitter.emit(root, "", true);
  }

  private YMap copySection() {
    if (artifacts.entries.isEmpty()) {
      return new YMap();
    }
    YMap root = new YMap();
    root.put("artifacts", artifacts);
    try {
      YamlDocument doc = YamlDocument.parse(YamlEmitter.emit(root, "", true), true);
      YamlNode node = doc.root.get("artifacts");
      YMap section = node instanceof YMap m ? m : new YMap();
      section.flow = false;
      return section;
    } catch (YamlSyntaxException e) {
      throw new IllegalStateException("re-reading our own YAML failed: " + e.getMessage(), e);
    }
  }

  private Artifact toArtifact(String id, @Nullable YamlNode node) {
    if (!(node instanceof YMap entry)) {
      throw invalid(name, "artifact '" + id + "' is not a mapping");
    }
    Object path = scalar(entry, "path");
    if (!(path instanceof String p) || p.isBlank()) {
      throw invalid(name, "artifact '" + id + "' has no 'path'");
    }
    Object type = scalar(entry, "type");
    Object desc = scalar(entry, "desc");
    if ((type != null && !(type instanceof String))
        || (desc != null && !(desc instanceof String))) {
      throw invalid(name, "artifact '" + id + "' has a non-text type or desc");
    }
    List<String> labels = new ArrayList<>();
    YamlNode labelNode = entry.get("labels");
    if (labelNode instanceof YSeq seq) {
      for (Slot slot : seq.items) {
        if (!(slot.value instanceof YScalar s) || !(s.value instanceof String label)) {
          throw invalid(name, "artifact '" + id + "' has a label that is not text");
        }
        labels.add(label);
      }
    } else if (!isNull(labelNode)) {
      throw invalid(name, "artifact '" + id + "' has 'labels' that is not a list");
    }
    Map<String, @Nullable Object> meta = new LinkedHashMap<>();
    YamlNode metaNode = entry.get("meta");
    if (metaNode instanceof YMap m) {
      m.entries.forEach((k, slot) -> meta.put(k, YamlNode.toPlain(slot.value)));
    } else if (!isNull(metaNode)) {
      throw invalid(name, "artifact '" + id + "' has 'meta' that is not a mapping");
    }
    return new Artifact(p, (String) type, (String) desc, labels, meta);
  }

  private static @Nullable Object scalar(YMap map, String key) {
    YamlNode node = map.get(key);
    return node instanceof YScalar s ? s.value : null;
  }

  private static InvalidInputException invalid(String name, String what) {
    return new InvalidInputException(
        "Cannot read dvc.yaml: " + name + " (" + what + "; fix the artifacts section)");
  }

  private static boolean isNull(@Nullable YamlNode node) {
    return node == null || (node instanceof YScalar s && s.value == null);
  }
}
