package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.LineageReader;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryState;
import dev.cairn.core.registry.VersionState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * {@code cairn compare NAME@A NAME@B}: what differs between two versions of one artifact, from what
 * the registry recorded (metrics, params, input versions) and the two listings (files added,
 * modified, deleted). Only {@code .dir} listings are read from the remote, never the data.
 */
public final class Compare {
  /** Paths listed per kind of file change; the counts are always complete. */
  public static final int PATHS_LISTED = 20;

  private Compare() {}

  /** One named value in either version ({@code null}: not recorded there). */
  public record Change(String key, @Nullable Object before, @Nullable Object after) {
    /** Whether the two versions record the same value. */
    public boolean same() {
      return Objects.equals(before, after);
    }
  }

  /** The file differences: complete counts, and the first {@link #PATHS_LISTED} paths of each. */
  public record Files(
      int added,
      int modified,
      int deleted,
      int unchanged,
      List<String> addedPaths,
      List<String> modifiedPaths,
      List<String> deletedPaths) {}

  /** The comparison of {@code before} with {@code after}. */
  public record Result(
      String name,
      String before,
      String after,
      String md5Before,
      String md5After,
      List<Change> metrics,
      List<Change> params,
      List<Change> inputs,
      Files files) {}

  /**
   * Compares two registered versions of {@code name}.
   *
   * @throws InvalidInputException for an unknown artifact or version
   */
  public static Result run(Store store, String name, String before, String after) {
    RegistryState state = Registry.on(store.repo()).state();
    ArtifactState artifact = state.require(name);
    ServingVersion a = ServingVersion.locate(store, artifact, version(artifact, before));
    ServingVersion b = ServingVersion.locate(store, artifact, version(artifact, after));
    LineageReader reader = new LineageReader(store.repo(), state);
    Lineage la = reader.lineageOf(name, a.version()).orElseGet(Lineage::empty);
    Lineage lb = reader.lineageOf(name, b.version()).orElseGet(Lineage::empty);
    return new Result(
        name,
        a.version(),
        b.version(),
        a.oid().value(),
        b.oid().value(),
        changes(la.metrics(), lb.metrics()),
        changes(la.params(), lb.params()),
        changes(inputs(la), inputs(lb)),
        files(listing(store, a), listing(store, b)));
  }

  private static VersionState version(ArtifactState artifact, String version) {
    return artifact
        .version(version)
        .filter(VersionState::registered)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "Cannot compare "
                        + artifact.name()
                        + "@"
                        + version
                        + ": no such version (see cairn show "
                        + artifact.name()
                        + ")"));
  }

  private static Map<String, Object> inputs(Lineage lineage) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Lineage.Input input : lineage.inputs()) {
      out.put(input.name(), input.version());
    }
    return out;
  }

  private static List<Change> changes(
      Map<String, ? extends Object> before, Map<String, ? extends Object> after) {
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<Change> out = new ArrayList<>();
    for (String key : keys) {
      out.add(new Change(key, before.get(key), after.get(key)));
    }
    return out;
  }

  /** Relative path → object id of every file of the version (its listing fetched if needed). */
  private static Map<String, Oid> listing(Store store, ServingVersion version) {
    Oid oid = version.oid();
    Map<String, Oid> files = new TreeMap<>(Tree.CODE_POINT_ORDER);
    if (!oid.isDir()) {
      files.put(version.fileName(), oid);
      return files;
    }
    Cache cache = version.cache();
    Listings.fetch(cache, store.remote(), oid);
    for (Tree.Entry entry : cache.loadTree(oid).entries()) {
      files.put(entry.relpath(), entry.oid());
    }
    return files;
  }

  private static Files files(Map<String, Oid> before, Map<String, Oid> after) {
    List<String> added = new ArrayList<>();
    List<String> modified = new ArrayList<>();
    List<String> deleted = new ArrayList<>();
    int unchanged = 0;
    for (Map.Entry<String, Oid> file : after.entrySet()) {
      Oid old = before.get(file.getKey());
      if (old == null) {
        added.add(file.getKey());
      } else if (!old.equals(file.getValue())) {
        modified.add(file.getKey());
      } else {
        unchanged++;
      }
    }
    for (String path : before.keySet()) {
      if (!after.containsKey(path)) {
        deleted.add(path);
      }
    }
    return new Files(
        added.size(),
        modified.size(),
        deleted.size(),
        unchanged,
        first(added),
        first(modified),
        first(deleted));
  }

  private static List<String> first(List<String> paths) {
    return List.copyOf(paths.subList(0, Math.min(PATHS_LISTED, paths.size())));
  }
}
