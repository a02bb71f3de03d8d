package dev.cairn.manifests.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.manifests.ArgoSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Test helper: the example pipelines, the committed generated WorkflowTemplates they refer to, and
 * the checks that keep the examples (and the README's snippets) from drifting from the generator:
 * every {@code templateRef}/{@code workflowTemplateRef} must name a generated template and pass
 * only parameters and artifacts that template declares, and every input it requires.
 */
final class ExampleChecks {
  private ExampleChecks() {}

  static Path repoRoot() {
    return InteropTools.repoRoot();
  }

  static Path examplesDir() {
    return repoRoot().resolve("examples/pipelines");
  }

  static Path generatedDir() {
    return repoRoot().resolve("manifests/generated");
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The files with {@code suffix} directly in {@code dir}, sorted. */
  static List<Path> filesIn(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The generated WorkflowTemplates (committed under manifests/generated/argo) by name. */
  static Map<String, JsonNode> generatedWorkflowTemplates() {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (Path file : filesIn(generatedDir().resolve("argo"), ".yaml")) {
      for (JsonNode doc : ArgoSchemas.readAll(read(file))) {
        if (doc.path("kind").asText().equals("WorkflowTemplate")) {
          byName.put(doc.path("metadata").path("name").asText(), doc);
        }
      }
    }
    return byName;
  }

  /**
   * Every problem of one Argo document: the schema and CRD checks of {@link ArgoSchemas} and the
   * reference checks below.
   */
  static List<String> problems(JsonNode doc, Map<String, JsonNode> templates) {
    List<String> problems = new ArrayList<>();
    if (!ArgoSchemas.isArgoKind(doc.path("kind").asText())) {
      problems.add("not an Argo Workflows kind: '" + doc.path("kind").asText() + "'");
      return problems;
    }
    problems.addAll(ArgoSchemas.problems(doc));
    problems.addAll(referenceProblems(doc, templates));
    return problems;
  }

  /**
   * What is wrong with the {@code templateRef}s and {@code workflowTemplateRef}s in {@code doc}.
   */
  static List<String> referenceProblems(JsonNode doc, Map<String, JsonNode> templates) {
    List<String> problems = new ArrayList<>();
    walk(doc, "$", templates, problems);
    return problems;
  }

  private static void walk(
      JsonNode node, String path, Map<String, JsonNode> templates, List<String> problems) {
    if (node.isObject()) {
      if (node.has("templateRef")) {
        checkTemplateRef(node, path, templates, problems);
      }
      if (node.has("workflowTemplateRef")) {
        checkWorkflowTemplateRef(node, path, templates, problems);
      }
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        walk(field.getValue(), path + "." + field.getKey(), templates, problems);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "[" + i + "]", templates, problems);
      }
    }
  }

  /** A step or task: {@code templateRef: {name, template}} plus {@code arguments}. */
  private static void checkTemplateRef(
      JsonNode task, String path, Map<String, JsonNode> templates, List<String> problems) {
    String wtName = task.path("templateRef").path("name").asText();
    String templateName = task.path("templateRef").path("template").asText();
    String at = path + " (" + wtName + "/" + templateName + ")";
    JsonNode wt = templates.get(wtName);
    if (wt == null) {
      problems.add(
          at + ": no generated WorkflowTemplate '" + wtName + "' in " + templates.keySet());
      return;
    }
    JsonNode template = null;
    for (JsonNode t : wt.path("spec").path("templates")) {
      if (t.path("name").asText().equals(templateName)) {
        template = t;
      }
    }
    if (template == null) {
      problems.add(
          at + ": WorkflowTemplate '" + wtName + "' has no template '" + templateName + "'");
      return;
    }
    JsonNode inputs = template.path("inputs");
    JsonNode arguments = task.path("arguments");
    checkArguments(
        at, "parameter", arguments.path("parameters"), inputs.path("parameters"), problems);
    checkArguments(at, "artifact", arguments.path("artifacts"), inputs.path("artifacts"), problems);
  }

  /** A Workflow run from a WorkflowTemplate: its arguments against the template's arguments. */
  private static void checkWorkflowTemplateRef(
      JsonNode spec, String path, Map<String, JsonNode> templates, List<String> problems) {
    String wtName = spec.path("workflowTemplateRef").path("name").asText();
    String at = path + " (workflowTemplateRef " + wtName + ")";
    JsonNode wt = templates.get(wtName);
    if (wt == null) {
      problems.add(
          at + ": no generated WorkflowTemplate '" + wtName + "' in " + templates.keySet());
      return;
    }
    checkArguments(
        at,
        "parameter",
        spec.path("arguments").path("parameters"),
        wt.path("spec").path("arguments").path("parameters"),
        problems);
  }

  /**
   * Every passed name is declared, none twice, and every declared input without a default (and, for
   * artifacts, not optional) is passed.
   */
  static void checkArguments(
      String at, String kind, JsonNode passed, JsonNode declared, List<String> problems) {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    for (JsonNode d : declared) {
      byName.put(d.path("name").asText(), d);
    }
    Set<String> given = new LinkedHashSet<>();
    for (JsonNode p : passed) {
      String name = p.path("name").asText();
      if (!byName.containsKey(name)) {
        problems.add(
            at + ": passes " + kind + " '" + name + "', not an input of it " + byName.keySet());
      }
      if (!given.add(name)) {
        problems.add(at + ": passes " + kind + " '" + name + "' twice");
      }
    }
    for (Map.Entry<String, JsonNode> d : byName.entrySet()) {
      boolean required =
          kind.equals("parameter")
              ? !d.getValue().has("value")
                  && !d.getValue().path("valueFrom").has("default")
                  && !d.getValue().has("default")
              : !d.getValue().path("optional").asBoolean(false)
                  && !d.getValue().has("raw")
                  && !d.getValue().has("s3")
                  && !d.getValue().has("http");
      if (required && !given.contains(d.getKey())) {
        problems.add(at + ": does not pass the required " + kind + " '" + d.getKey() + "'");
      }
    }
  }

  /**
   * The fenced code blocks with info string {@code lang} in the README section {@code heading}
   * (from its {@code ## } line to the next {@code ## } line).
   */
  static List<String> readmeBlocks(String readme, String heading, String lang) {
    String section = readmeSection(readme, heading);
    List<String> blocks = new ArrayList<>();
    StringBuilder block = null;
    boolean inOtherBlock = false;
    for (String line : section.split("\n", -1)) {
      String fence = line.strip();
      if (block != null) {
        if (fence.equals("```")) {
          blocks.add(block.toString());
          block = null;
        } else {
          block.append(line).append('\n');
        }
      } else if (inOtherBlock) {
        inOtherBlock = !fence.equals("```");
      } else if (fence.equals("```" + lang)) {
        block = new StringBuilder();
      } else if (fence.startsWith("```")) {
        inOtherBlock = true;
      }
    }
    return blocks;
  }

  /** The text of the {@code ## heading} section, without the heading line. */
  static String readmeSection(String readme, String heading) {
    String marker = "## " + heading + "\n";
    int start = readme.indexOf(marker);
    if (start < 0) {
      throw new AssertionError("README.md has no section '## " + heading + "'");
    }
    start += marker.length();
    int end = readme.indexOf("\n## ", start);
    return readme.substring(start, end < 0 ? readme.length() : end + 1);
  }

  /**
   * The command lines in {@code text} (shell snippets; backslash continuations joined) whose first
   * words are {@code firstWords}, each split into words as the shell would.
   */
  static List<List<String>> commands(String text, List<String> firstWords) {
    List<List<String>> found = new ArrayList<>();
    for (String line : text.replace("\\\n", " ").split("\n")) {
      List<String> words = shellWords(line.strip());
      if (words.size() >= firstWords.size()
          && words.subList(0, firstWords.size()).equals(firstWords)) {
        found.add(words);
      }
    }
    return found;
  }

  /** The {@code -p NAME=VALUE} / {@code --parameter NAME=VALUE} arguments of an argo command. */
  static Map<String, String> argoParameters(List<String> words) {
    Map<String, String> parameters = new LinkedHashMap<>();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      String value = null;
      if ((word.equals("-p") || word.equals("--parameter")) && i + 1 < words.size()) {
        value = words.get(++i);
      } else if (word.startsWith("--parameter=")) {
        value = word.substring("--parameter=".length());
      }
      if (value != null) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
          throw new AssertionError("argo -p without NAME=VALUE: " + value);
        }
        parameters.put(value.substring(0, eq), value.substring(eq + 1));
      }
    }
    return parameters;
  }

  /** Splits a command line as a POSIX shell would for words and quotes (no expansions). */
  static List<String> shellWords(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (c == '#' && !inWord) {
        break;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new AssertionError("unbalanced quote in: " + line);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
