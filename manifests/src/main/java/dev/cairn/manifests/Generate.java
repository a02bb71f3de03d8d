package dev.cairn.manifests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the generated manifests and the generated templates of the Helm chart. Run from the
 * repository root: {@code java -cp ... dev.cairn.manifests.Generate manifests/generated
 * helm/cairn}, or {@code mvn -pl manifests -am test -Dtest=GeneratedFilesTest
 * -Dcairn.manifests.regenerate=true}.
 */
public final class Generate {
  private Generate() {}

  /**
   * Writes every manifest under {@code args[0]} (default {@code manifests/generated}) and the
   * chart's generated templates under {@code args[1]} (default {@code helm/cairn}).
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "manifests/generated");
    Path chart = Path.of(args.length > 1 ? args[1] : "helm/cairn");
    for (Path written : writeAll(dir).keySet()) {
      System.out.println(written);
    }
    for (Path written : writeChart(chart).keySet()) {
      System.out.println(written);
    }
  }

  /**
   * Writes the generated templates of the Helm chart under {@code chartDir}; returns the paths
   * written with their content.
   */
  public static Map<Path, String> writeChart(Path chartDir) throws IOException {
    return write(chartDir, HelmChart.render(Manifests.steps()));
  }

  /** Writes every manifest under {@code dir}; returns the paths written with their content. */
  public static Map<Path, String> writeAll(Path dir) throws IOException {
    return write(dir, Manifests.render());
  }

  private static Map<Path, String> write(Path dir, Map<String, String> files) throws IOException {
    Map<Path, String> written = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = dir.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
      written.put(target, file.getValue());
    }
    return written;
  }
}
