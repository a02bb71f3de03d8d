package dev.cairn.core.ops;

import dev.cairn.core.CairnException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.transfer.Layout;
import dev.cairn.core.transfer.Transfer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cairn status --cloud}, as {@code dvc status --cloud}: every object of the targets (a
 * directory output's {@code .dir} and each of its files) that is not in both the cache and the
 * remote, named by its workspace path. A {@code .dir} on the remote vouches for its files; a
 * listing the cache lacks is downloaded from the remote to learn the files, as DVC does.
 */
public final class CloudStatus {

  /** DVC's names: {@code new} (only in the cache), {@code deleted} (only on the remote). */
  public enum State {
    NEW,
    DELETED,
    MISSING
  }

  /** One object that is not in sync, by workspace path ({@code /}-separated, from the root). */
  public record Entry(String path, State state, Oid oid) {}

  private CloudStatus() {}

  public static List<Entry> run(Workspace workspace, List<Path> targets, DataSync.Options options) {
    List<Entry> result = new ArrayList<>();
    // each output against the remote it lives on (its own remote: field, as push and fetch)
    for (var group :
        DataSync.byRemote(Tracked.collect(workspace, targets), options.remote()).entrySet()) {
      try (Remote remote = workspace.openRemote(group.getKey().orElse(null), options.files())) {
        for (boolean legacy : new boolean[] {false, true}) {
          compare(workspace, remote, group.getValue(), legacy, result);
        }
      }
    }
    return result;
  }

  private static void compare(
      Workspace workspace,
      Remote remote,
      List<TrackedOutput> outputs,
      boolean legacy,
      List<Entry> result) {
    Cache cache = legacy ? workspace.cache().legacy() : workspace.cache();
    Map<String, Oid> named = new LinkedHashMap<>();
    Set<Oid> vouched = new HashSet<>();
    for (TrackedOutput output : outputs) {
      if (output.oid() != null && output.legacy() == legacy && output.pushed()) {
        name(workspace, cache, remote, output, named);
      }
    }
    Set<Oid> onRemote = existing(remote, cache, named, vouched);
    named.forEach(
        (path, oid) -> {
          boolean remoteHas = onRemote.contains(oid) || vouched.contains(oid);
          boolean cacheHas = cache.contains(oid);
          if (!remoteHas || !cacheHas) {
            State state = cacheHas ? State.NEW : remoteHas ? State.DELETED : State.MISSING;
            result.add(new Entry(path, state, oid));
          }
        });
  }

  /** The objects of one output by path: the output itself and, for a directory, its files. */
  private static void name(
      Workspace workspace,
      Cache cache,
      Remote remote,
      TrackedOutput output,
      Map<String, Oid> into) {
    Oid oid = java.util.Objects.requireNonNull(output.oid());
    String path = workspace.relative(output.path());
    if (output.filter() != null) {
      fetchQuietly(cache, remote, oid);
      if (cache.contains(oid)) {
        String base = workspace.relative(output.targetPath());
        Granular.entries(cache, output)
            .forEach((rel, file) -> into.put(rel.isEmpty() ? base : base + "/" + rel, file));
      }
      return;
    }
    into.put(path, oid);
    if (oid.isDir()) {
      fetchQuietly(cache, remote, oid);
      if (cache.contains(oid)) {
        for (Tree.Entry entry : cache.loadTree(oid).entries()) {
          into.put(path + "/" + entry.relpath(), entry.oid());
        }
      }
    }
  }

  private static void fetchQuietly(Cache cache, Remote remote, Oid dir) {
    try {
      Listings.fetch(cache, remote, dir);
    } catch (CairnException e) {
      // neither here nor there: reported as missing, its files unknown (as DVC)
    }
  }

  /** The objects the remote has; the files of a {@code .dir} it has are vouched for. */
  private static Set<Oid> existing(
      Remote remote, Cache cache, Map<String, Oid> named, Set<Oid> vouched) {
    Layout layout = Layout.of(cache);
    Set<Oid> wanted = new java.util.LinkedHashSet<>(named.values());
    Map<String, Oid> dirKeys = new LinkedHashMap<>();
    for (Oid oid : wanted) {
      if (oid.isDir()) {
        dirKeys.put(layout.key(oid), oid);
      }
    }
    Set<Oid> present = new HashSet<>();
    for (String key : remote.existing(dirKeys.keySet())) {
      Oid dir = java.util.Objects.requireNonNull(dirKeys.get(key));
      present.add(dir);
      if (cache.contains(dir)) {
        cache.loadTree(dir).entries().forEach(e -> vouched.add(e.oid()));
      }
    }
    Map<String, Oid> fileKeys = new LinkedHashMap<>();
    for (Oid oid : wanted) {
      if (!oid.isDir() && !vouched.contains(oid)) {
        fileKeys.put(layout.key(oid), oid);
      }
    }
    List<String> keys = new ArrayList<>(fileKeys.keySet());
    for (int i = 0; i < keys.size(); i += Transfer.DEFAULT_BATCH_SIZE) {
      List<String> batch = keys.subList(i, Math.min(keys.size(), i + Transfer.DEFAULT_BATCH_SIZE));
      for (String key : remote.existing(batch)) {
        present.add(java.util.Objects.requireNonNull(fileKeys.get(key)));
      }
    }
    return present;
  }
}
