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
    Walk walk = new Walk(hashed, hashed.entries(leaf(request.pathInRepo())));
    try {
      if (oldOid.isDir()) {
        Cache cache = store.cache();
        Listings.fetch(cache, store.remote(), oldOid);
        try {
          cache.readTree(oldOid, walk::before); // streamed: a second listing is never held
        } catch (OutOfOrder e) {
          // a listing not in DVC's order (not written by DVC or Cairn): sort it, then walk again
          walk = new Walk(hashed, walk.after);
          cache.loadTree(oldOid).entries().forEach(walk::before);
        }
      } else {
        walk.before(new Tree.Entry(leaf(old.output().path()), oldOid));
      }
    } catch (CairnException e) {
      LOG.warn("Cannot compare with {}@{}: {}", request.name(), previous.version(), e.getMessage());
      return null;
    }
    walk.finish();
    Long oldSize = old.output().size();
    long bytesRemoved =
        oldSize != null
            ? Math.max(0, oldSize - walk.unchangedBytes)
            : Math.max(0, walk.removedKnown);
    return new Snapshot.Changes(
        walk.added, walk.modified, walk.deleted, walk.bytesAdded, bytesRemoved);
  }

  /** A previous listing whose entries are not in ascending relpath order. */
  private static final class OutOfOrder extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutOfOrder() {
      super(null, null, false, false);
    }
  }

  /**
   * The two sorted listings walked together: the previous one is fed entry by entry, the new one is
   * a list with a cursor.
   */
  private final class Walk {
    private final Hashed hashed;
    private final List<Tree.Entry> after;
    private int j;
    private @Nullable String lastBefore;
    long added;
    long modified;
    long deleted;
    long bytesAdded;
    long unchangedBytes;
    long removedKnown;

    Walk(Hashed hashed, List<Tree.Entry> after) {
      this.hashed = hashed;
      this.after = after;
    }

    void before(Tree.Entry b) {
      if (lastBefore != null && Tree.CODE_POINT_ORDER.compare(lastBefore, b.relpath()) >= 0) {
        throw new OutOfOrder();
      }
      lastBefore = b.relpath();
      int order = -1;
      while (j < after.size()
          && (order = Tree.CODE_POINT_ORDER.compare(b.relpath(), after.get(j).relpath())) > 0) {
        addedOne();
      }
      if (j < after.size() && order == 0) {
        long size = hashed.sizeOf(after.get(j));
        if (b.oid().equals(after.get(j).oid())) {
          unchangedBytes += size;
        } else {
          modified++;
          bytesAdded += size;
          removedKnown += cachedSize(b.oid());
        }
        j++;
      } else {
        deleted++;
        removedKnown += cachedSize(b.oid());
      }
    }

    void finish() {
      while (j < after.size()) {
        addedOne();
      }
    }

    private void addedOne() {
      added++;
      bytesAdded += hashed.sizeOf(after.get(j));
      j++;
    }
  }

  private static String leaf(String path) {
    String p = path.replaceAll("/+$", "");
    return p.substring(p.lastIndexOf('/') + 1);
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
