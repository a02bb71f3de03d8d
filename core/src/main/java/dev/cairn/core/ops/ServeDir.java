package dev.cairn.core.ops;

import dev.cairn.core.CairnException;
import dev.cairn.core.IntegrityException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.Progress;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.odb.Checkout;
import dev.cairn.core.odb.CheckoutOptions;
import dev.cairn.core.odb.LinkType;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serving directory a model server reads from: each version is a complete directory {@code
 * versions/<version>/} (a directory version's files, or a single file under its own name), and
 * {@code current} is a relative symlink to the served one. A version directory is written under a
 * temporary name in {@code versions/}, hash-checked and renamed into place; {@code current} is
 * switched by renaming a new symlink over the old one. A reader that resolves {@code current}
 * therefore always sees one complete, correct version. Older version directories are kept (a
 * rollback switches back to one) unless a {@code keep} limit is given.
 */
public final class ServeDir {
  /** The symlink naming the served version. */
  public static final String CURRENT = "current";

  /** The directory holding one directory per version. */
  public static final String VERSIONS = "versions";

  private static final Logger LOG = LoggerFactory.getLogger(ServeDir.class);

  private ServeDir() {}

  /**
   * What {@link #publish(Cache, Oid, String, Path, String, int)} did.
   *
   * @param versionDir {@code <serveDir>/versions/<version>}
   * @param previous the version {@code current} named before, if any
   * @param written whether the version directory was written now (false: it was complete)
   * @param removed version directories deleted because of the {@code keep} limit
   */
  public record Published(
      Path versionDir, @Nullable String previous, boolean written, List<String> removed) {
    public Published {
      removed = List.copyOf(removed);
    }
  }

  /**
   * Publishes a directory version ({@code .dir} id) and makes it current, keeping every older
   * version.
   *
   * @return {@code <serveDir>/versions/<version>}
   */
  public static Path publish(Cache cache, Oid oid, Path serveDir, String version) {
    if (!oid.isDir()) {
      throw new IllegalArgumentException(
          "Cannot publish file object " + oid + " without a file name (give one)");
    }
    return publish(cache, oid, "", serveDir, version, 0).versionDir();
  }

  /**
   * Publishes a version and makes it current, keeping every older version.
   *
   * @param fileName for a file object, its name inside the version directory (ignored for a {@code
   *     .dir} id)
   * @return {@code <serveDir>/versions/<version>}
   */
  public static Path publish(Cache cache, Oid oid, String fileName, Path serveDir, String version) {
    return publish(cache, oid, fileName, serveDir, version, 0).versionDir();
  }

  /**
   * Publishes a version and makes it current: writes {@code versions/<version>} unless it already
   * holds exactly this content, then switches {@code current} to it atomically. With {@code keep}
   * above 0, deletes the oldest version directories beyond {@code keep}, never the current or the
   * previous one.
   *
   * @param cache the cache holding every object of the version
   * @param oid the version's content: a file id or a {@code .dir} id
   * @param fileName for a file object, its name inside the version directory
   * @param serveDir the serving directory (created if missing)
   * @param version the version name, used as directory name
   * @param keep how many version directories to keep (0: all; otherwise at least 2)
   * @throws dev.cairn.core.odb.NotInCacheException if objects are not in the cache (nothing
   *     changed)
   * @throws IntegrityException if the written files do not match their ids (nothing switched)
   */
  public static Published publish(
      Cache cache, Oid oid, String fileName, Path serveDir, String version, int keep) {
    return publish(cache, oid, fileName, serveDir, version, keep, Progress.NONE);
  }

  static Published publish(
      Cache cache,
      Oid oid,
      String fileName,
      Path serveDir,
      String version,
      int keep,
      Progress progress) {
    Published prepared = prepare(cache, oid, fileName, serveDir, version, progress);
    Switched switched = makeCurrent(serveDir, version, keep);
    return new Published(
        prepared.versionDir(), switched.previous(), prepared.written(), switched.removed());
  }

  /**
   * What {@link #makeCurrent} did.
   *
   * @param previous the version {@code current} named before, if any
   * @param removed version directories deleted because of the {@code keep} limit
   */
  record Switched(@Nullable String previous, List<String> removed) {}

  /**
   * Writes {@code versions/<version>} unless it already holds exactly this content; does not touch
   * {@code current}. {@link Published#previous()} is the version {@code current} names now.
   */
  static Published prepare(
      Cache cache, Oid oid, String fileName, Path serveDir, String version, Progress progress) {
    checkVersionName(version);
    Map<String, Oid> expected = ServingFiles.of(cache, oid, fileName);
    Path root = checkLink(serveDir);
    Path versions = root.resolve(VERSIONS);
    Path target = versions.resolve(version);
    for (Path managed : List.of(versions, target)) {
      if (Files.isSymbolicLink(managed)) {
        throw new InvalidInputException(
            "Cannot publish to "
                + root
                + ": "
                + managed
                + " is a symbolic link, and Cairn writes served versions only into real"
                + " directories of the serving dir (remove the link)");
      }
    }
    createDirectories(versions);
    boolean written = false;
    if (!ServingFiles.matches(cache, target, expected)) {
      write(cache, oid, fileName, versions, target, expected, progress);
      written = true;
    } else {
      LOG.info("{} is complete, not written again", target);
    }
    touch(target);
    return new Published(target, current(root).orElse(null), written, List.of());
  }

  /**
   * Switches {@code current} to {@code versions/<version>}, which must exist, atomically; with
   * {@code keep} above 0 then deletes the oldest version directories beyond {@code keep}.
   */
  static Switched makeCurrent(Path serveDir, String version, int keep) {
    checkVersionName(version);
    if (keep != 0 && keep < 2) {
      throw new IllegalArgumentException(
          "Cannot keep " + keep + " serving versions (give 0 for all, or 2 or more)");
    }
    Path root = checkLink(serveDir);
    Path versions = root.resolve(VERSIONS);
    if (!Files.isDirectory(versions.resolve(version), LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException(
          "Cannot switch " + root.resolve(CURRENT) + " to missing " + VERSIONS + "/" + version);
    }
    String previous = current(root).orElse(null);
    if (!version.equals(previous)) {
      switchCurrent(root, version);
    }
    LOG.info("{} now points to {}/{} (was {})", root.resolve(CURRENT), VERSIONS, version, previous);
    List<String> removed = keep == 0 ? List.of() : prune(versions, keep, version, previous);
    return new Switched(previous, removed);
  }

  /**
   * Checks, before anything is written anywhere, that the serving directory can be written, and
   * changes nothing: {@code current} must be absent or a symlink; when {@code versions/} exists a
   * probe file is created and deleted in it, otherwise the nearest existing parent must be a
   * writable directory.
   *
   * @throws CairnException naming the directory when it cannot be written
   */
  static void checkWritable(Path serveDir) {
    Path root = checkLink(serveDir);
    Path versions = root.resolve(VERSIONS);
    if (!Files.isDirectory(versions)) {
      Path existing = root;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
        throw new CairnException(
            "Cannot write to "
                + root
                + ": "
                + (existing == null
                    ? "no parent directory"
                    : existing + " is not a writable directory")
                + " (mount the serving volume read-write or fix --serve-dir)");
      }
      return;
    }
    Path probe = versions.resolve(".cairn-write-check-" + UUID.randomUUID());
    try {
      Files.writeString(probe, "probe");
    } catch (IOException e) {
      throw failure("write to " + versions, versions, e);
    } finally {
      deleteTree(probe);
    }
  }

  private static Path checkLink(Path serveDir) {
    Path root = serveDir.toAbsolutePath().normalize();
    Path link = root.resolve(CURRENT);
    if (Files.exists(link, LinkOption.NOFOLLOW_LINKS) && !Files.isSymbolicLink(link)) {
      throw new InvalidInputException(
          "Cannot switch "
              + link
              + ": it is not a symlink (move it away; Cairn manages it as a link to versions/)");
    }
    return root;
  }

  /**
   * The version {@code <serveDir>/current} points to, if it is a link into {@code versions/}. Empty
   * when there is no such link.
   */
  public static Optional<String> current(Path serveDir) {
    Path root = serveDir.toAbsolutePath().normalize();
    Path link = root.resolve(CURRENT);
    if (!Files.isSymbolicLink(link)) {
      return Optional.empty();
    }
    try {
      Path resolved = root.resolve(Files.readSymbolicLink(link)).normalize();
      Path parent = resolved.getParent();
      if (parent == null || !parent.equals(root.resolve(VERSIONS))) {
        return Optional.empty();
      }
      return Optional.of(String.valueOf(resolved.getFileName()));
    } catch (IOException e) {
      throw failure("read the link " + link, root, e);
    }
  }

  /** The version directories in {@code serveDir}, sorted by name. */
  public static List<String> versions(Path serveDir) {
    Path versions = serveDir.toAbsolutePath().normalize().resolve(VERSIONS);
    if (!Files.isDirectory(versions)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(versions)) {
      return list.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> String.valueOf(p.getFileName()))
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw failure("list " + versions, versions, e);
    }
  }

  static void checkVersionName(String version) {
    if (version.isBlank()
        || version.startsWith(".")
        || version.contains("/")
        || version.contains("\\")
        || version.equals(CURRENT)) {
      throw new InvalidInputException(
          "Cannot serve version: '"
              + version
              + "' (a version name is one path segment not starting with '.')");
    }
  }

  private static void write(
      Cache cache,
      Oid oid,
      String fileName,
      Path versions,
      Path target,
      Map<String, Oid> expected,
      Progress progress) {
    Path temp = versions.resolve(".tmp-" + target.getFileName() + "-" + UUID.randomUUID());
    try {
      // Copies, never links: a served file must not change if the cache is cleaned or relinked.
      Cache copying = Cache.at(cache.dir(), List.of(LinkType.REFLINK, LinkType.COPY));
      if (cache.isLegacy()) {
        copying = copying.legacy();
      }
      Path checkoutTarget = oid.isDir() ? temp : temp.resolve(fileName);
      createDirectories(temp);
      new Checkout(copying, copying.hasher())
          .checkout(oid, checkoutTarget, CheckoutOptions.DEFAULT.withProgress(progress));
      List<String> wrong = ServingFiles.mismatches(cache, temp, expected);
      if (!wrong.isEmpty()) {
        throw new IntegrityException(
            "Cannot publish "
                + target
                + ": "
                + wrong.size()
                + " files do not match their ids, first "
                + wrong.get(0)
                + " (the cache is corrupt; delete those objects from "
                + cache.dir()
                + " and run again)");
      }
      moveIntoPlace(cache, temp, target, expected);
    } finally {
      deleteTree(temp);
    }
  }

  /** Renames the finished temp directory to {@code target}, replacing an incomplete one. */
  private static void moveIntoPlace(
      Cache cache, Path temp, Path target, Map<String, Oid> expected) {
    Path trash = null;
    try {
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        trash = target.resolveSibling(".old-" + target.getFileName() + "-" + UUID.randomUUID());
        Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
        LOG.warn("{} was incomplete or changed; replacing it", target);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      // Another publisher of the same version won the race; theirs must be complete.
      if (!ServingFiles.matches(cache, target, expected)) {
        throw failure("publish " + target, target, e);
      }
    } catch (IOException e) {
      throw failure("publish " + target, target, e);
    } finally {
      deleteTree(trash);
    }
  }

  private static void switchCurrent(Path root, String version) {
    Path link = root.resolve(CURRENT);
    Path temp = root.resolve(".current-" + UUID.randomUUID());
    try {
      Files.createSymbolicLink(temp, Path.of(VERSIONS, version));
      Files.move(temp, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | UnsupportedOperationException e) {
      deleteTree(temp);
      throw failure("switch " + link + " to " + VERSIONS + "/" + version, root, e);
    }
  }

  private static List<String> prune(
      Path versions, int keep, String current, @Nullable String previous) {
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> list = Files.list(versions)) {
      list.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .filter(p -> !String.valueOf(p.getFileName()).startsWith("."))
          .forEach(dirs::add);
    } catch (IOException e) {
      throw failure("list " + versions, versions, e);
    }
    dirs.sort(Comparator.comparing(ServeDir::modified).reversed());
    java.util.Set<String> pinned = new java.util.HashSet<>();
    pinned.add(current);
    if (previous != null && Files.isDirectory(versions.resolve(previous))) {
      pinned.add(previous);
    }
    int others = Math.max(0, keep - pinned.size());
    List<String> removed = new ArrayList<>();
    int kept = 0;
    for (Path dir : dirs) {
      String name = String.valueOf(dir.getFileName());
      if (pinned.contains(name)) {
        continue;
      }
      if (kept < others) {
        kept++;
        continue;
      }
      // Rename first so a reader never sees a half-deleted version under its name.
      Path trash = dir.resolveSibling(".old-" + name + "-" + UUID.randomUUID());
      try {
        Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        LOG.warn("Could not remove old serving version {}: {}", dir, e.toString());
        continue;
      }
      deleteTree(trash);
      removed.add(name);
      LOG.info("Removed old serving version {} (keep {})", name, keep);
    }
    return removed;
  }

  private static FileTime modified(Path dir) {
    try {
      return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  /** Marks the version as the latest published, for the {@code keep} order. */
  private static void touch(Path dir) {
    try {
      Files.setLastModifiedTime(dir, FileTime.from(Instant.now()));
    } catch (IOException e) {
      LOG.debug("Could not touch {}: {}", dir, e.toString());
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw failure("create " + dir, dir, e);
    }
  }

  static void deleteTree(@Nullable Path root) {
    if (root == null || !Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
      for (Path path : paths) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          path.toFile().setWritable(true, true);
        } else {
          Path parent = path.getParent();
          if (parent != null) {
            parent.toFile().setWritable(true, true);
          }
        }
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("Could not delete {}: {}", root, e.toString());
    }
  }

  private static CairnException failure(String what, Path where, Exception e) {
    return new CairnException(
        "Cannot "
            + what
            + ": "
            + e.getClass().getSimpleName()
            + " "
            + e.getMessage()
            + " (check "
            + where
            + " is writable and on a local or network file system with symlinks)",
        e);
  }
}
