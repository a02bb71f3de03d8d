package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * DVC's granular targets: a path inside a directory output ({@code data/imgs/a.png} of {@code
 * data/imgs.dvc}) stands for the files of the output's listing at or below it.
 */
final class Granular {
  private Granular() {}

  /**
   * The listing entries at or below the output's filter, by path relative to the filter target (the
   * empty string for a file target). The output's {@code .dir} must be in the cache.
   *
   * @throws InvalidInputException if the version has no such file or directory
   */
  static Map<String, Oid> entries(Cache cache, TrackedOutput output) {
    String filter = Objects.requireNonNull(output.filter());
    Oid dir = Objects.requireNonNull(output.oid());
    if (!dir.isDir()) {
      throw notInVersion(output);
    }
    Map<String, Oid> found = new LinkedHashMap<>();
    for (Tree.Entry entry : cache.loadTree(dir).entries()) {
      if (entry.relpath().equals(filter)) {
        found.put("", entry.oid());
      } else if (entry.relpath().startsWith(filter + "/")) {
        found.put(entry.relpath().substring(filter.length() + 1), entry.oid());
      }
    }
    if (found.isEmpty()) {
      throw notInVersion(output);
    }
    return found;
  }

  /**
   * The object to check out at the target: the file's own id, or for a folder a listing of just its
   * files (stored in the cache like any {@code .dir}, so that checkout can use it).
   */
  static Oid object(Cache cache, TrackedOutput output) {
    Map<String, Oid> entries = entries(cache, output);
    Oid file = entries.get("");
    if (file != null) {
      return file;
    }
    List<Tree.Entry> listed = new ArrayList<>();
    entries.forEach((relpath, oid) -> listed.add(new Tree.Entry(relpath, oid)));
    Tree tree = Tree.of(listed);
    cache.addBytes(tree.oid(), tree.toBytes());
    return tree.oid();
  }

  private static InvalidInputException notInVersion(TrackedOutput output) {
    return new InvalidInputException(
        "Cannot use "
            + output.targetPath()
            + ": the version of "
            + output.path().getFileName()
            + " in "
            + output.dvcFile().getFileName()
            + " has no such file or folder (check the path)");
  }
}
