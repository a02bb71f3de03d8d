package dev.cairn.core.ops;

import dev.cairn.core.dvc.Output;
import dev.cairn.core.hash.Oid;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * One output of a {@code .dvc} file, with where it lives in the workspace.
 *
 * @param dvcFile the pointer file
 * @param output the entry as written in it
 * @param path the absolute workspace path the entry points at
 */
public record TrackedOutput(Path dvcFile, Output output, Path path) {

  /** The object id, or null for an entry without one. */
  public @Nullable Oid oid() {
    return output.oid();
  }

  /** Whether this is a DVC 2 output, stored in the legacy layout. */
  public boolean legacy() {
    return output.legacy();
  }
}
