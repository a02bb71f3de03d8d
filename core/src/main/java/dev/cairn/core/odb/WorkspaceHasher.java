package dev.cairn.core.odb;

import dev.cairn.core.hash.Oid;
import java.nio.file.Path;

/**
 * Names the content of a workspace file as the cache would. Checkout calls it only when it cannot
 * tell from the file system alone (same size, not a link to the cached object); plug in a hasher
 * backed by the state cache to make repeated checkouts cheap. Must be thread-safe.
 */
@FunctionalInterface
public interface WorkspaceHasher {
  /** The object id of the regular file at {@code file}. */
  Oid hash(Path file);
}
