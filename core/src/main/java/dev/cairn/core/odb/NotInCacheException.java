package dev.cairn.core.odb;

import dev.cairn.core.IntegrityException;
import dev.cairn.core.hash.Oid;
import java.util.List;

/** Objects a pointer needs are not in the local cache; {@code cairn pull} fetches them. Exit 5. */
public final class NotInCacheException extends IntegrityException {
  private static final long serialVersionUID = 1L;

  private final List<Oid> missing;

  public NotInCacheException(String message, List<Oid> missing) {
    super(message);
    this.missing = List.copyOf(missing);
  }

  /** The missing objects (all of them, not only the few the message names). */
  public List<Oid> missing() {
    return missing;
  }
}
