package dev.cairn.manifests.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.manifests.ArgoSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Test helper: renders the chart {@code helm/cairn} with the Helm SDK (helm-java). */
final class HelmCharts {
  static final String RELEASE = "cairn";
  static final String NAMESPACE = "ml";
  static final String KUBE_VERSION = "v1.30.0";
  static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  private HelmCharts() {}

  static Path chartDir() {
    return InteropTools.repoRoot().resolve("helm/cairn");
  }

  /**
   * The Helm SDK. It is a native library, and the build brings helm-java's {@code linux-amd64}
   * build only: elsewhere (macOS, arm64) the chart tests are skipped with this message rather than
   * failing with a linkage error.
   */
  static Helm helm() {
    String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64")),
        () ->
            "Helm chart tests skipped: the build brings helm-java's native library for linux-amd64"
                + " only, and this is "
                + os
                + "/"
                + arch
                + " (run them on Linux x86-64, or add helm-java's artifact for this platform)");
    return new Helm(chartDir());
  }

  /** The example values files {@code helm/cairn/ci/*-values.yaml}, sorted. */
  static List<Path> exampleValues() {
    try (Stream<Path> files = Files.list(chartDir().resolve("ci"))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-values.yaml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code helm template cairn helm/cairn -n ml [-f values] [--set k=v]...}. */
  static String template(Map<String, String> sets, Path... valuesFiles) {
    return template(RELEASE, sets, valuesFiles);
  }

  static String template(String release, Map<String, String> sets, Path... valuesFiles) {
    TemplateCommand command =
        helm().template().withName(release).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
    for (Path values : valuesFiles) {
      command = command.withValuesFile(values);
    }
    for (Map.Entry<String, String> set : sets.entrySet()) {
      command = command.set(set.getKey(), set.getValue());
    }
    return command.call();
  }

  /** Every rendered object. */
  static List<JsonNode> objects(String rendered) {
    return ArgoSchemas.readAll(rendered);
  }

  static List<JsonNode> ofKind(String rendered, String kind) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode doc : objects(rendered)) {
      if (doc.path("kind").asText().equals(kind)) {
        found.add(doc);
      }
    }
    return found;
  }

  static JsonNode named(String rendered, String kind, String name) {
    for (JsonNode doc : ofKind(rendered, kind)) {
      if (doc.path("metadata").path("name").asText().equals(name)) {
        return doc;
      }
    }
    throw new AssertionError("no " + kind + " " + name + " in:\n" + rendered);
  }

  /** The raw text of each rendered document (split at the document markers), non-empty ones. */
  static List<String> documents(String rendered) {
    List<String> docs = new ArrayList<>();
    for (String doc : rendered.split("(?m)^---\\s*$")) {
      if (!objects(doc).isEmpty()) {
        docs.add(doc.strip() + "\n");
      }
    }
    return docs;
  }
}
