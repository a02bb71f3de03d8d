package dev.cairn.core.registry;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An artifact declared in GTO's {@code artifacts.yaml} at the branch head (gto's {@code Artifact}
 * model; {@code custom} is not kept).
 *
 * @param type the declared type, e.g. {@code model}
 * @param path the declared path in the repository
 * @param virtual gto's flag for an artifact whose file is not in Git (true unless declared false)
 * @param labels the declared labels
 * @param description the declared description (empty when none)
 */
public record DeclaredArtifact(
    @Nullable String type,
    @Nullable String path,
    boolean virtual,
    List<String> labels,
    String description) {
  public DeclaredArtifact {
    labels = List.copyOf(labels);
  }
}
