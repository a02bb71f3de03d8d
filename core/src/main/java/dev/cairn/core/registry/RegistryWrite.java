package dev.cairn.core.registry;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a registry write did.
 *
 * @param artifact the artifact
 * @param action the main action
 * @param version the version registered, assigned, unassigned, deregistered or rolled back to
 * @param stage the stage for stage actions, else null
 * @param previousVersion for assign and rollback: the version that was in the stage before, if any
 * @param tags the tags created, in order (empty when nothing had to change)
 * @param commit the commit created, or null
 * @param attempts how often the operation was applied (more than 1 after lost races)
 */
public record RegistryWrite(
    String artifact,
    TagAction action,
    @Nullable String version,
    @Nullable String stage,
    @Nullable String previousVersion,
    List<String> tags,
    @Nullable String commit,
    int attempts) {
  public RegistryWrite {
    tags = List.copyOf(tags);
  }

  /** False when the registry already was in the requested state (a harmless re-run). */
  public boolean changed() {
    return !tags.isEmpty() || commit != null;
  }
}
