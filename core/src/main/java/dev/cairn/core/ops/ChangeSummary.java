package dev.cairn.core.ops;

import dev.cairn.core.CairnException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.registry.VersionState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compares a new version with the previous one file by file: walks both sorted listings together
 * (no map of either in memory). The previous listing comes from the cache, or its {@code .dir}
 * alone is fetched from the remote.
 */
final class ChangeSummary {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeSummary.class);

  private final Store store;
  private final Snapshot.Request request;

  ChangeSummary(Store store, Snapshot.Request request) {
    this.store = store;
    this.request = request;
  }

  /** A first version: everything is added. */
  static Snapshot.Changes firstVersion(Hashed hashed) {
    return new Snapshot.Changes(hashed.files, 0, 0, hashed.size, 0);
  }

  /**
   * The changes from {@code previous}; null when its listing cannot be read (not in the cache and
   * not on the remote, or no pointer at its commit).
   */
  Snapshot.@Nullable Changes against(Hashed hashed, VersionState previous) {
    Optional<VersionPointer> pointer =
        VersionPointer.read(store.repo(), previous.commit(), request.name(), request.pointerPath());
    if (pointer.isEmpty() || pointer.get().oid() == null) {
      LOG.warn(
          "Cannot compare with {}@{}: no readable .dvc pointer at {}",
          request.name(),
          previous.version(),
          previous.commit());
      return null;
    }
    VersionPointer old = pointer.get();
    Oid oldOid = java.util.Objects.requireNonNull(old.oid());
    List<Tree.Entry> before;
    try {
      before = entries(oldOid, leaf(old.output().path()));
    } catch (CairnException e) {
      LOG.warn("Cannot compare with {}@{}: {}", request.name(), previous.version(), e.getMessage());
      return null;
    }
    List<Tree.Entry> after = hashed.entries(leaf(request.pathInRepo()));
    long added = 0;
    long modified = 0;
    long deleted = 0;
    long bytesAdded = 0;
    long unchangedBytes = 0;
    long removedKnown = 0;
    int i = 0;
    int j = 0;
    while (i < before.size() || j < after.size()) {
      int order =
          i >= before.size()
              ? 1
              : j >= after.size()
                  ? -1
                  : Tree.CODE_POINT_ORDER.compare(before.get(i).relpath(), after.get(j).relpath());
      if (order < 0) {
        deleted++;
        removedKnown += cachedSize(before.get(i).oid());
        i++;
      } else if (order > 0) {
        added++;
        bytesAdded += hashed.sizeOf(after.get(j));
        j++;
      } else {
        long size = hashed.sizeOf(after.get(j));
        if (before.get(i).oid().equals(after.get(j).oid())) {
          unchangedBytes += size;
        } else {
          modified++;
          bytesAdded += size;
          removedKnown += cachedSize(before.get(i).oid());
        }
        i++;
        j++;
      }
    }
    Long oldSize = old.output().size();
    long bytesRemoved =
        oldSize != null ? Math.max(0, oldSize - unchangedBytes) : Math.max(0, removedKnown);
    return new Snapshot.Changes(added, modified, deleted, bytesAdded, bytesRemoved);
  }

  private static String leaf(String path) {
    String p = path.replaceAll("/+$", "");
    return p.substring(p.lastIndexOf('/') + 1);
  }

  private List<Tree.Entry> entries(Oid oid, String leaf) {
    if (!oid.isDir()) {
      return List.of(new Tree.Entry(leaf, oid));
    }
    Cache cache = store.cache();
    Listings.fetch(cache, store.remote(), oid);
    return cache.loadTree(oid).entries();
  }

  private long cachedSize(Oid oid) {
    return store.cache().contains(oid) ? sizeOf(store.cache().path(oid)) : 0;
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
