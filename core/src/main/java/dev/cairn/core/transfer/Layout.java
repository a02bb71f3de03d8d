package dev.cairn.core.transfer;

import dev.cairn.core.hash.Oid;
import dev.cairn.core.odb.Cache;

/**
 * Where objects live on a remote (specs/dvc-format.md §4): DVC 3 puts them under {@code
 * files/md5/ab/cdef...}, DVC 2 (legacy, {@code md5-dos2unix} outputs) at {@code ab/cdef...} from
 * the remote's root. The {@code .dir} suffix is part of the key in both.
 */
public enum Layout {
  DVC3("files/md5/"),
  LEGACY("");

  private final String prefix;

  Layout(String prefix) {
    this.prefix = prefix;
  }

  /** The layout matching a cache store: legacy for {@link Cache#legacy()}, else DVC 3. */
  public static Layout of(Cache cache) {
    return cache.isLegacy() ? LEGACY : DVC3;
  }

  /** The key of an object, for example {@code files/md5/ac/bd18db4cc2f85cedef654fccc4a4d8}. */
  public String key(Oid oid) {
    return prefix + oid.shardedPath();
  }

  /** The key prefix every object of this layout starts with ({@code files/md5/} or empty). */
  public String prefix() {
    return prefix;
  }
}
