package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.Progress;
import dev.cairn.core.hash.HashResult;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@code cairn status}: how the workspace and the cache differ from the {@code .dvc} files. */
public final class Status {

  /** The state of one output. */
  public enum State {
    UNCHANGED,
    MODIFIED,
    DELETED,
    NOT_IN_CACHE
  }

  /** One output and its state; {@code actual} is the workspace's id when it differs. */
  public record Entry(String path, State state, @Nullable Oid expected, @Nullable Oid actual) {}

  private Status() {}

  public static List<Entry> run(Workspace workspace, List<Path> targets, Progress progress) {
    List<Entry> entries = new ArrayList<>();
    java.util.Set<List<Path>> seen = new java.util.HashSet<>();
    for (TrackedOutput output : Tracked.collect(workspace, targets)) {
      // a target inside a directory output reports the whole output, as dvc status does
      if (seen.add(List.of(output.dvcFile(), output.path()))) {
        entries.add(check(workspace, output, progress));
      }
    }
    return entries;
  }

  /** dvc's order: "not in cache" first, then deleted, modified ({@code Output.status}). */
  private static Entry check(Workspace workspace, TrackedOutput output, Progress progress) {
    String path = workspace.relative(output.path());
    Oid expected = output.oid();
    if (expected != null && output.cached() && !inCache(workspace, output, expected)) {
      return new Entry(path, State.NOT_IN_CACHE, expected, null);
    }
    if (!Files.exists(output.path(), LinkOption.NOFOLLOW_LINKS)) {
      return new Entry(path, State.DELETED, expected, null);
    }
    Oid actual;
    try {
      HashResult hashed =
          output.legacy()
              ? workspace.hashLegacy(output.path(), progress)
              : workspace.hash(output.path(), progress);
      actual = hashed.oid();
    } catch (InvalidInputException e) {
      return new Entry(path, State.MODIFIED, expected, null);
    }
    if (expected == null || !expected.equals(actual)) {
      return new Entry(path, State.MODIFIED, expected, actual);
    }
    return new Entry(path, State.UNCHANGED, expected, actual);
  }

  /** Whether the cache holds the object and, for a directory, every file of its listing. */
  private static boolean inCache(Workspace workspace, TrackedOutput output, Oid oid) {
    Cache cache = output.legacy() ? workspace.cache().legacy() : workspace.cache();
    if (!cache.contains(oid)) {
      return false;
    }
    if (oid.isDir()) {
      for (Tree.Entry entry : cache.loadTree(oid).entries()) {
        if (!cache.contains(entry.oid())) {
          return false;
        }
      }
    }
    return true;
  }
}
