package dev.cairn.core.dvc;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One entry of the {@code artifacts:} section of {@code dvc.yaml}.
 *
 * @param path the artifact's path relative to {@code dvc.yaml} (required)
 * @param type e.g. {@code model} or {@code dataset}, or null
 * @param desc a description, or null
 * @param labels labels (empty when none)
 * @param meta free-form metadata (ignored by DVC), empty when none
 */
public record Artifact(
    String path,
    @Nullable String type,
    @Nullable String desc,
    List<String> labels,
    Map<String, @Nullable Object> meta) {
  public Artifact {
    if (path.isBlank()) {
      throw new IllegalArgumentException("Cannot create artifact: empty path");
    }
    labels = List.copyOf(labels);
    meta = Plain.copyMap(meta);
  }

  /** An artifact with a path and type only. */
  public static Artifact of(String path, String type) {
    return new Artifact(path, type, null, List.of(), Map.of());
  }
}
