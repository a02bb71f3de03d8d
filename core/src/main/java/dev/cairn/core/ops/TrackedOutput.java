package dev.cairn.core.ops;

import dev.cairn.core.dvc.Output;
import dev.cairn.core.hash.Oid;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * One output of a {@code .dvc} file or of a pipeline's {@code dvc.lock}, with where it lives in the
 * workspace.
 *
 * @param dvcFile the pointer file (a {@code .dvc} file or {@code dvc.lock})
 * @param output the entry as written in it (a lock entry carries its dvc.yaml flags as fields)
 * @param path the absolute workspace path the entry points at
 * @param filter for a target inside a directory output, its path relative to the output ({@code
 *     /}-separated); null for the whole output
 */
public record TrackedOutput(Path dvcFile, Output output, Path path, @Nullable String filter) {

  /** The whole output. */
  public TrackedOutput(Path dvcFile, Output output, Path path) {
    this(dvcFile, output, path, null);
  }

  /** The object id, or null for an entry without one. */
  public @Nullable Oid oid() {
    return output.oid();
  }

  /** Whether this is a DVC 2 output, stored in the legacy layout. */
  public boolean legacy() {
    return output.legacy();
  }

  /**
   * Whether the output's data is in the cache and on remotes: false for {@code cache: false}
   * outputs (usually committed to Git), which pull, push and checkout leave alone, as DVC does.
   */
  public boolean cached() {
    return !Boolean.FALSE.equals(output.fields().get("cache"));
  }

  /** Whether push uploads it ({@code push: false} keeps it local, as DVC). */
  public boolean pushed() {
    return cached() && !Boolean.FALSE.equals(output.fields().get("push"));
  }

  /** The workspace path of the target: the filtered entry, or the whole output. */
  public Path targetPath() {
    return filter == null ? path : path.resolve(filter).normalize();
  }
}
