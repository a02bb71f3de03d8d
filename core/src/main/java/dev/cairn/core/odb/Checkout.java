package dev.cairn.core.odb;

import dev.cairn.core.CairnException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.DvcIgnore;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.internal.Parallel;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Materialises a file or directory version from the cache into a workspace path, as {@code dvc
 * checkout} does (specs/dvc-format.md §7): unchanged files are left alone, changed ones replaced,
 * files the version does not have are deleted, and emptied directories removed. Without {@code
 * force} it first refuses, changing nothing, if a file it would delete or replace holds content
 * that is not in the cache. Hard- and symlinked files share the cached object's read-only mode;
 * copies are writable.
 */
public final class Checkout {
  private static final int LISTED = 5;

  private final Cache cache;
  private final WorkspaceHasher hasher;
  private final Linker linker;
  private final @Nullable DvcIgnore ignore;

  public Checkout(Cache cache, WorkspaceHasher hasher) {
    this(cache, hasher, new Linker(cache.linkTypes()), null);
  }

  Checkout(Cache cache, WorkspaceHasher hasher, Linker linker) {
    this(cache, hasher, linker, null);
  }

  private Checkout(Cache cache, WorkspaceHasher hasher, Linker linker, @Nullable DvcIgnore ignore) {
    this.cache = cache;
    this.hasher = hasher;
    this.linker = linker;
    this.ignore = ignore;
  }

  /**
   * This checkout leaving alone what {@code rules} ignore inside a directory version (its {@code
   * .dvcignore} patterns, relative to the target): such files are neither deleted, even with force,
   * nor reported as would-be-lost, as {@code dvc checkout} does.
   */
  public Checkout ignoring(DvcIgnore rules) {
    return new Checkout(cache, hasher, linker, rules);
  }

  /**
   * Makes {@code target} hold version {@code oid}: a file for a file id, a directory for a {@code
   * .dir} id.
   *
   * @throws NotInCacheException if the version's objects are not all in the cache (nothing changed)
   * @throws InvalidInputException if unsaved workspace content would be lost (nothing changed)
   */
  public CheckoutResult checkout(Oid oid, Path target, CheckoutOptions options) {
    Path root = target.toAbsolutePath().normalize();
    Map<Path, Oid> desired = desired(oid, root);
    if (oid.isDir()) {
      requireNoLinkedDirectories(root, desired.keySet());
    }
    Set<Path> existing = existingFiles(root, ignore);

    List<Path> extras = new ArrayList<>();
    for (Path path : existing) {
      if (!desired.containsKey(path)) {
        extras.add(path);
      }
    }
    List<Map.Entry<Path, Oid>> wanted = new ArrayList<>(desired.entrySet());
    List<State> states =
        parallel(
            options.jobs(),
            wanted,
            entry ->
                existing.contains(entry.getKey())
                    ? compare(entry.getKey(), entry.getValue(), options.force())
                    : State.ABSENT);
    List<Boolean> extrasSafe =
        options.force()
            ? List.of()
            : parallel(options.jobs(), extras, extra -> isSafeToDelete(extra, null));

    Map<Path, Oid> toCreate = new LinkedHashMap<>();
    Set<Path> unsafe = new TreeSet<>();
    int added = 0;
    int modified = 0;
    int unchanged = 0;
    for (int i = 0; i < wanted.size(); i++) {
      Map.Entry<Path, Oid> entry = wanted.get(i);
      switch (states.get(i)) {
        case ABSENT -> {
          toCreate.put(entry.getKey(), entry.getValue());
          added++;
        }
        case SAME -> unchanged++;
        case CHANGED_UNSAVED, CHANGED -> {
          if (states.get(i) == State.CHANGED_UNSAVED) {
            unsafe.add(entry.getKey());
          }
          toCreate.put(entry.getKey(), entry.getValue());
          modified++;
        }
      }
    }
    for (int i = 0; i < extrasSafe.size(); i++) {
      if (!extrasSafe.get(i)) {
        unsafe.add(extras.get(i));
      }
    }
    if (!unsafe.isEmpty()) {
      throw new InvalidInputException(
          "Cannot checkout "
              + root
              + ": "
              + unsafe.size()
              + " files are not in the cache and would be lost: "
              + listed(new ArrayList<>(unsafe))
              + " (add them with `cairn add` first, or use --force)");
    }

    boolean exec = options.isExec() && !oid.isDir();
    options.progress().start("checkout", desired.size(), -1);
    try {
      for (Path extra : extras) {
        delete(extra);
      }
      pruneEmptyParents(extras, root);
      Set<Path> parents = new TreeSet<>();
      for (Path path : toCreate.keySet()) {
        Path parent = path.getParent();
        if (parent != null) {
          parents.add(parent);
        }
      }
      parents.forEach(Checkout::createDirectories);
      parallel(
          options.jobs(),
          new ArrayList<>(toCreate.entrySet()),
          entry -> {
            linker.link(cache.path(entry.getValue()), entry.getKey(), exec);
            options.progress().advance(1, 0);
            return entry;
          });
      if (oid.isDir() && !Files.isDirectory(root)) {
        createDirectories(root);
      }
      if (exec && !toCreate.containsKey(root)) {
        makeExecutable(root, oid);
      }
      options.progress().advance(unchanged, 0);
    } finally {
      options.progress().finish();
    }
    return new CheckoutResult(added, modified, extras.size(), unchanged);
  }

  /** How a workspace file compares with the version's object. */
  private enum State {
    ABSENT,
    SAME,
    CHANGED,
    /** changed, and its current content is not in the cache */
    CHANGED_UNSAVED
  }

  /** Workspace path of every file of the version, every object checked to be in the cache. */
  private Map<Path, Oid> desired(Oid oid, Path root) {
    Map<Path, Oid> desired = new LinkedHashMap<>();
    if (oid.isDir()) {
      if (!cache.contains(oid)) {
        throw missing(root, List.of(oid));
      }
      Tree tree = cache.loadTree(oid);
      for (Tree.Entry entry : tree.entries()) {
        Path path = root.resolve(entry.relpath()).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
          throw new InvalidInputException(
              "Cannot checkout "
                  + root
                  + ": directory object "
                  + oid
                  + " lists the unsafe path '"
                  + entry.relpath()
                  + "' (the object is not a valid DVC listing)");
        }
        desired.put(path, entry.oid());
      }
    } else {
      desired.put(root, oid);
    }
    List<Oid> absent = new ArrayList<>();
    for (Oid wanted : new LinkedHashSet<>(desired.values())) {
      if (!cache.contains(wanted)) {
        absent.add(wanted);
      }
    }
    if (!absent.isEmpty()) {
      throw missing(root, absent);
    }
    return desired;
  }

  private NotInCacheException missing(Path root, List<Oid> absent) {
    return new NotInCacheException(
        "Cannot checkout "
            + root
            + ": "
            + absent.size()
            + " objects are not in the cache: "
            + listed(absent)
            + " (fetch them with `cairn pull`)",
        absent);
  }

  /** Every non-directory entry (file or symlink) at or below {@code root}, links not followed. */
  private static Set<Path> existingFiles(Path root, @Nullable DvcIgnore ignore) {
    Set<Path> files = new TreeSet<>();
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return files;
    }
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      files.add(root);
      return files;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              return !dir.equals(root) && isIgnored(dir, true)
                  ? FileVisitResult.SKIP_SUBTREE
                  : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (!isIgnored(file, attrs.isDirectory())) {
                files.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            private boolean isIgnored(Path path, boolean directory) {
              return ignore != null
                  && ignore.ignores(root.relativize(path).toString().replace('\\', '/'), directory);
            }
          });
    } catch (IOException e) {
      throw new CairnException(
          "Cannot checkout " + root + ": " + FsErrors.describe(e) + " (check it is readable)", e);
    }
    return files;
  }

  /** Compares an existing workspace file with {@code oid}, hashing only when it must. */
  private State compare(Path path, Oid oid, boolean force) {
    Path cached = cache.path(oid);
    try {
      if (Files.isSymbolicLink(path)) {
        // Replacing a link loses no data.
        return Files.readSymbolicLink(path).equals(cached) ? State.SAME : State.CHANGED;
      }
      if (Files.isSameFile(path, cached)) {
        return State.SAME;
      }
      if (Files.size(path) != Files.size(cached)) {
        return force || isSafeToDelete(path, null) ? State.CHANGED : State.CHANGED_UNSAVED;
      }
    } catch (IOException e) {
      throw new CairnException(
          "Cannot checkout " + path + ": " + FsErrors.describe(e) + " (check it is readable)", e);
    }
    Oid actual = hasher.hash(path);
    if (actual.equals(oid)) {
      return State.SAME;
    }
    return force || isSafeToDelete(path, actual) ? State.CHANGED : State.CHANGED_UNSAVED;
  }

  private boolean isSafeToDelete(Path path, @Nullable Oid known) {
    if (Files.isSymbolicLink(path) || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    Oid content = known != null ? known : hasher.hash(path);
    return cache.contains(content);
  }

  /** Sets the executable bit of an unchanged file; a hardlink becomes an executable copy. */
  private void makeExecutable(Path file, Oid oid) {
    try {
      if (Files.isSymbolicLink(file) || Files.isSameFile(file, cache.path(oid))) {
        // The mode belongs to the cached object, which must stay 0444.
        linker.link(cache.path(oid), file, true);
        return;
      }
      Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
      if (!mode.contains(PosixFilePermission.OWNER_EXECUTE)) {
        mode.add(PosixFilePermission.OWNER_EXECUTE);
        mode.add(PosixFilePermission.GROUP_EXECUTE);
        mode.add(PosixFilePermission.OTHERS_EXECUTE);
        Files.setPosixFilePermissions(file, mode);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new CairnException(
          "Cannot make " + file + " executable: " + e.getMessage() + " (check the workspace)", e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new CairnException(
          "Cannot checkout: deleting "
              + path
              + " failed: "
              + FsErrors.describe(e)
              + " (check the workspace is writable; re-run checkout to finish)",
          e);
    }
  }

  /** Removes directories emptied by deletions, deepest first, never {@code root} itself. */
  private static void pruneEmptyParents(List<Path> deleted, Path root) {
    Set<Path> candidates =
        new TreeSet<>(
            Comparator.comparingInt(Path::getNameCount)
                .reversed()
                .thenComparing(Comparator.naturalOrder()));
    for (Path path : deleted) {
      for (Path dir = path.getParent();
          dir != null && dir.startsWith(root) && !dir.equals(root);
          dir = dir.getParent()) {
        candidates.add(dir);
      }
    }
    for (Path dir : candidates) {
      try {
        Files.deleteIfExists(dir);
      } catch (DirectoryNotEmptyException e) {
        // still holds files of the version or untouched empty directories: keep it
      } catch (IOException e) {
        // DVC ignores errors here too; a leftover empty directory is harmless
      }
    }
  }

  /**
   * Refuses a directory version whose files would be written through a symbolic link: the output
   * itself, or a directory inside it, being a link (a committed {@code sub -> /elsewhere} would
   * otherwise make a checkout write outside the output). Nothing is changed.
   */
  private static void requireNoLinkedDirectories(Path root, Set<Path> files) {
    Set<Path> checked = new java.util.HashSet<>();
    List<Path> dirs = new ArrayList<>();
    dirs.add(root);
    for (Path file : files) {
      for (Path dir = file.getParent();
          dir != null && dir.startsWith(root) && !dir.equals(root) && checked.add(dir);
          dir = dir.getParent()) {
        dirs.add(dir);
      }
    }
    for (Path dir : dirs) {
      if (Files.isSymbolicLink(dir)) {
        String to;
        try {
          to = String.valueOf(Files.readSymbolicLink(dir));
        } catch (IOException e) {
          to = "?";
        }
        throw new InvalidInputException(
            "Cannot checkout "
                + root
                + ": "
                + dir
                + " is a symbolic link (to "
                + to
                + "), and a version's files are never written through one (remove the link)");
      }
    }
  }

  private static void createDirectories(Path dir) {
    try {
      if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir)) {
        Files.delete(dir);
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new CairnException(
          "Cannot checkout: creating directory "
              + dir
              + " failed: "
              + FsErrors.describe(e)
              + " (check the workspace is writable)",
          e);
    }
  }

  private static String listed(List<?> items) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < Math.min(LISTED, items.size()); i++) {
      names.add(String.valueOf(items.get(i)));
    }
    String text = String.join(", ", names);
    return items.size() > LISTED ? text + " and " + (items.size() - LISTED) + " more" : text;
  }

  /** Checkout's file work on {@code jobs} threads; the first failure is thrown. */
  private static <T, R> List<R> parallel(int jobs, List<T> items, Function<T, R> function) {
    return Parallel.map(jobs, items, function, "checkout", "Cannot checkout");
  }
}
