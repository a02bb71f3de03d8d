package dev.cairn.manifests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the generated manifests, the generated templates of the Helm chart and the KFP components
 * the Python package ships. Run from the repository root: {@code java -cp ...
 * dev.cairn.manifests.Generate manifests/generated helm/cairn
 * python/cairn-kfp/src/cairn_kfp/components}, or {@code mvn -pl manifests -am test
 * -Dtest=GeneratedFilesTest -Dcairn.manifests.regenerate=true}.
 */
public final class Generate {
  /** Where the Python package {@code cairn_kfp} keeps its copy of the KFP components. */
  public static final String PYTHON_COMPONENTS = "python/cairn-kfp/src/cairn_kfp/components";

  private Generate() {}

  /**
   * Writes the KFP components ({@code kfp/STEP.yaml} of the manifests, byte for byte) under {@code
   * dir}, the package data of {@code cairn_kfp}; returns the paths written with their content.
   */
  public static Map<Path, String> writePythonComponents(Path dir) throws IOException {
    Map<String, String> components = new java.util.TreeMap<>();
    for (Map.Entry<String, String> file : Manifests.render().entrySet()) {
      if (file.getKey().startsWith("kfp/")) {
        components.put(file.getKey().substring("kfp/".length()), file.getValue());
      }
    }
    return write(dir, components);
  }

  /**
   * Writes every manifest under {@code args[0]} (default {@code manifests/generated}), the chart's
   * generated templates under {@code args[1]} (default {@code helm/cairn}) and the Python package's
   * components under {@code args[2]} (default {@link #PYTHON_COMPONENTS}).
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "manifests/generated");
    Path chart = Path.of(args.length > 1 ? args[1] : "helm/cairn");
    Path python = Path.of(args.length > 2 ? args[2] : PYTHON_COMPONENTS);
    for (Path written : writePythonComponents(python).keySet()) {
      System.out.println(written);
    }
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
