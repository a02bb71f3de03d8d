package dev.cairn.manifests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the generated manifests. Run from the repository root: {@code java -cp ...
 * dev.cairn.manifests.Generate manifests/generated}, or {@code mvn -pl manifests -am test
 * -Dtest=GeneratedFilesTest -Dcairn.manifests.regenerate=true}.
 */
public final class Generate {
  private Generate() {}

  /** Writes every manifest under {@code args[0]} (default {@code manifests/generated}). */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "manifests/generated");
    for (Path written : writeAll(dir).keySet()) {
      System.out.println(written);
    }
  }

  /** Writes every manifest under {@code dir}; returns the paths written with their content. */
  public static Map<Path, String> writeAll(Path dir) throws IOException {
    Map<Path, String> written = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> file : Manifests.render().entrySet()) {
      Path target = dir.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
      written.put(target, file.getValue());
    }
    return written;
  }
}
