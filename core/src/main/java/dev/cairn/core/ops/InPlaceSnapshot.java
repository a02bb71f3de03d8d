package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.internal.Parallel;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.SourceObject;
import dev.cairn.core.remote.SupportsServerSideCopy;
import dev.cairn.core.transfer.Transfer;
import dev.cairn.core.transfer.TransferResult;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A snapshot of an object-store prefix without a local copy of the data: lists the prefix through
 * the data remote's own connection, hashes every object (its MD5 from metadata where the remote
 * proves it, else by streaming the bytes through MD5), builds the {@code .dir} listing exactly as
 * for a local directory of the same files, then copies each missing object server-side to its
 * {@code files/md5/ab/cdef...} key and uploads the {@code .dir} last. Reads and copies are pinned
 * to the content seen when listing, so data changed meanwhile fails the run instead of being
 * versioned under a wrong hash. Only the {@code .dir} listing enters the local cache.
 */
final class InPlaceSnapshot {
  private static final Logger LOG = LoggerFactory.getLogger(InPlaceSnapshot.class);

  private final Store store;
  private final String sourceUrl;
  private final boolean trustEtags;
  private final SupportsServerSideCopy copier;
  private @Nullable Tree tree;
  private final Map<Oid, SourceObject> byOid = new LinkedHashMap<>();
  private @Nullable String from;
  private @Nullable String to;
  private boolean shard;

  InPlaceSnapshot(Store store, String sourceUrl, boolean trustEtags) {
    this.store = store;
    this.sourceUrl = sourceUrl;
    this.trustEtags = trustEtags;
    if (!(store.remote() instanceof SupportsServerSideCopy c) || !c.canCopyFrom(sourceUrl)) {
      throw new InvalidInputException(
          "Cannot snapshot "
              + sourceUrl
              + " in place: the data remote "
              + store.remote().describe()
              + " cannot copy from it (use a data remote of the same service and endpoint, s3://,"
              + " gs:// or azure://, or stage the data)");
    }
    this.copier = c;
  }

  /**
   * Limits this snapshot to one shard (see {@link ShardedSnapshot}): only the objects whose relpath
   * is in {@code [from, to)}; an empty range is no error, and {@link #upload} uploads no {@code
   * .dir}.
   */
  InPlaceSnapshot range(@Nullable String from, @Nullable String to) {
    this.from = from;
    this.to = to;
    this.shard = true;
    return this;
  }

  private boolean inRange(String relpath) {
    return (from == null || Tree.CODE_POINT_ORDER.compare(relpath, from) >= 0)
        && (to == null || Tree.CODE_POINT_ORDER.compare(relpath, to) < 0);
  }

  /** Lists and hashes the prefix. */
  Hashed hash() {
    List<SourceObject> objects = new ArrayList<>();
    copier.listSource(
        sourceUrl,
        o -> {
          if (!shard || inRange(o.relpath())) {
            objects.add(o);
          }
        });
    if (objects.isEmpty() && !shard) {
      throw new InvalidInputException(
          "Cannot snapshot "
              + sourceUrl
              + ": no objects under the prefix (check the bucket and"
              + " prefix)");
    }
    checkRelpaths(sourceUrl, objects);
    long total = 0;
    for (SourceObject o : objects) {
      total += o.size();
    }
    Map<String, Oid> md5s = new ConcurrentHashMap<>();
    AtomicInteger fromMetadata = new AtomicInteger();
    store.progress().start("hashing " + sourceUrl, objects.size(), total);
    try {
      parallel(
          objects,
          o -> {
            String md5 = trustEtags ? copier.knownMd5(o).orElse(null) : null;
            if (md5 != null) {
              fromMetadata.incrementAndGet();
            } else {
              md5 = read(o);
            }
            md5s.put(o.relpath(), Oid.ofFile(md5));
            store.progress().advance(1, o.size());
          });
    } finally {
      store.progress().finish();
    }
    List<Tree.Entry> entries = new ArrayList<>(objects.size());
    Map<String, Long> sizes = new HashMap<>();
    for (SourceObject o : objects) {
      Oid oid = java.util.Objects.requireNonNull(md5s.get(o.relpath()));
      entries.add(new Tree.Entry(o.relpath(), oid));
      sizes.put(o.relpath(), o.size());
      byOid.putIfAbsent(oid, o);
    }
    Tree built = Tree.of(entries);
    this.tree = built;
    LOG.info(
        "Hashed {} objects ({} bytes) under {} in place: {} MD5s from metadata, {} read",
        objects.size(),
        total,
        sourceUrl,
        fromMetadata.get(),
        objects.size() - fromMetadata.get());
    return Hashed.ofTree(built, sizes);
  }

  /** Copies what the remote lacks server-side, then uploads the {@code .dir}. */
  TransferResult upload() {
    Tree built = java.util.Objects.requireNonNull(tree, "hash() first");
    Remote remote = store.remote();
    Transfer layout = Transfer.builder(store.cache(), remote).build();
    Oid dirOid = shard ? built.oid() : store.cache().addTree(built);
    String rootKey = layout.key(dirOid);
    String operation = "copy in place to " + remote.describe();
    if (!shard && remote.existing(List.of(rootKey)).contains(rootKey)) {
      LOG.info("Skipped copy: {} is on {} already", rootKey, remote.describe());
      return new TransferResult(operation, 0, 0, 1, List.of(), List.of());
    }
    Map<String, Oid> keys = new LinkedHashMap<>();
    for (Oid oid : byOid.keySet()) {
      keys.put(layout.key(oid), oid);
    }
    Set<String> present = new HashSet<>(remote.existing(keys.keySet()));
    List<SourceObject> toCopy = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    long bytes = 0;
    for (Map.Entry<String, Oid> key : keys.entrySet()) {
      if (!present.contains(key.getKey())) {
        SourceObject source = byOid.get(key.getValue());
        toCopy.add(java.util.Objects.requireNonNull(source));
        targets.add(key.getKey());
        bytes += source.size();
      }
    }
    store.progress().start("copying in place", toCopy.size() + 1, bytes);
    AtomicLong copied = new AtomicLong();
    try {
      List<Integer> indexes = new ArrayList<>();
      for (int i = 0; i < toCopy.size(); i++) {
        indexes.add(i);
      }
      parallel(
          indexes,
          i -> {
            copier.copyFrom(toCopy.get(i), targets.get(i));
            copied.addAndGet(toCopy.get(i).size());
            store.progress().advance(1, toCopy.get(i).size());
          });
      if (!shard) {
        remote.put(rootKey, store.cache().path(dirOid));
      }
      store.progress().advance(1, 0);
    } finally {
      store.progress().finish();
    }
    LOG.info(
        "Copied {} objects ({} bytes) server-side into {}; {} already there",
        toCopy.size(),
        copied.get(),
        remote.describe(),
        present.size());
    return new TransferResult(
        operation,
        toCopy.size() + (shard ? 0 : 1),
        copied.get(),
        present.size(),
        List.of(),
        List.of());
  }

  private String read(SourceObject o) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    long count = 0;
    try (InputStream in = copier.openSource(o)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        count += n;
      }
    } catch (IOException e) {
      throw new dev.cairn.core.RemoteAccessException(
          "Cannot read " + o.url() + ": " + e.getMessage() + " (retry)", e);
    }
    if (count != o.size()) {
      throw new InvalidInputException(
          "Cannot snapshot "
              + o.url()
              + ": read "
              + count
              + " of "
              + o.size()
              + " bytes (it changed while the snapshot ran; re-run once nothing writes to it)");
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Keys must map to a tree of files as a download of the prefix would create it: no empty, "." or
   * ".." segments, no key that is also the directory of another key, no {@code .dvcignore}.
   */
  static void checkRelpaths(String sourceUrl, List<SourceObject> objects) {
    Set<String> relpaths = new HashSet<>();
    for (SourceObject o : objects) {
      relpaths.add(o.relpath());
    }
    for (SourceObject o : objects) {
      String relpath = o.relpath();
      List<String> parts = List.of(relpath.split("/", -1));
      if (relpath.isEmpty()
          || parts.contains("")
          || parts.contains(".")
          || parts.contains("..")
          || parts.get(parts.size() - 1).equals(".dvcignore")) {
        throw new InvalidInputException(
            "Cannot snapshot "
                + o.url()
                + ": its key is not a plain relative path below "
                + sourceUrl
                + " (rename it, or move it out of the prefix)");
      }
      for (int i = relpath.indexOf('/'); i >= 0; i = relpath.indexOf('/', i + 1)) {
        if (relpaths.contains(relpath.substring(0, i))) {
          throw new InvalidInputException(
              "Cannot snapshot "
                  + sourceUrl
                  + ": '"
                  + relpath.substring(0, i)
                  + "' is both an object and a directory of '"
                  + relpath
                  + "' (rename one of them)");
        }
      }
    }
  }

  private <T> void parallel(List<T> items, Consumer<T> task) {
    int threads = Math.max(1, Math.min(store.jobs(), items.size()));
    int chunk = Math.max(1, Math.min(64, items.size() / (threads * 4) + 1));
    Parallel.forEach(items, threads, chunk, task, "Cannot snapshot " + sourceUrl);
  }
}
