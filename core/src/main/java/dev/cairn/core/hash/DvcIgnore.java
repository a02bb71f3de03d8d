package dev.cairn.core.hash;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * What {@code .dvcignore} (and DVC's default ignores) leave out below one directory of a
 * repository, as DVC applies it: the patterns of every {@code .dvcignore} from the repository root
 * down to that directory, each relative to the directory holding it. Immutable.
 */
public final class DvcIgnore {
  private final IgnoreRules rules;

  private DvcIgnore(IgnoreRules rules) {
    this.rules = rules;
  }

  /** The rules for the entries below {@code dir}, a directory at or below {@code repoRoot}. */
  public static DvcIgnore below(Path repoRoot, Path dir) {
    return new DvcIgnore(IgnoreRules.forDirectory(repoRoot, dir));
  }

  /**
   * Whether {@code path} (inside {@code repoRoot}) is ignored: it, or a directory between the root
   * and it, matches a pattern.
   */
  public static boolean ignores(Path repoRoot, Path path) {
    Path root = repoRoot.toAbsolutePath().normalize();
    Path target = path.toAbsolutePath().normalize();
    if (!target.startsWith(root) || target.equals(root)) {
      return false;
    }
    Path relative = root.relativize(target);
    DvcIgnore rules = below(root, root);
    Path dir = root;
    for (int i = 0; i < relative.getNameCount(); i++) {
      String name = relative.getName(i).toString();
      Path child = dir.resolve(name);
      boolean last = i == relative.getNameCount() - 1;
      boolean directory = !last || Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
      if (rules.ignores(name, directory)) {
        return true;
      }
      if (!last) {
        rules = rules.enter(name, child);
        dir = child;
      }
    }
    return false;
  }

  /**
   * Whether the entry at {@code relpath} ({@code /}-separated, relative to this directory) is
   * ignored by the patterns themselves (its parent directories are not looked at).
   */
  public boolean ignores(String relpath, boolean directory) {
    String name = relpath.substring(relpath.lastIndexOf('/') + 1);
    return rules.isIgnored(relpath, name, directory);
  }

  /** The rules for the entries of the subdirectory {@code name} of this one, at {@code child}. */
  public DvcIgnore enter(String name, Path child) {
    return new DvcIgnore(rules.enter(name, child));
  }
}
