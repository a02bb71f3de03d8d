package dev.cairn.core.ops;

import dev.cairn.core.CairnException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The files a served version consists of, and checks of a directory against them. */
final class ServingFiles {
  private ServingFiles() {}

  /**
   * Relative path ({@code /}-separated) → object id of every file of the version: the tree of a
   * {@code .dir} id (loaded from the cache), or {@code fileName} alone for a file id.
   */
  static Map<String, Oid> of(Cache cache, Oid oid, String fileName) {
    Map<String, Oid> files = new LinkedHashMap<>();
    if (oid.isDir()) {
      for (Tree.Entry entry : cache.loadTree(oid).entries()) {
        files.put(checkRelpath(entry.relpath(), oid), entry.oid());
      }
    } else {
      files.put(checkRelpath(fileName, oid), oid);
    }
    return files;
  }

  /** Whether {@code dir} is a real directory holding exactly these files with this content. */
  static boolean matches(Cache cache, Path dir, Map<String, Oid> expected) {
    return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
        && mismatches(cache, dir, expected).isEmpty();
  }

  /** The relative paths under {@code dir} that are missing, extra, not plain files or different. */
  static List<String> mismatches(Cache cache, Path dir, Map<String, Oid> expected) {
    Set<String> wrong = new TreeSet<>();
    Set<String> present = new TreeSet<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .forEach(p -> present.add(relpath(dir, p)));
    } catch (IOException e) {
      throw new CairnException(
          "Cannot read " + dir + ": " + e.getMessage() + " (check it is readable)", e);
    }
    for (String extra : present) {
      if (!expected.containsKey(extra)) {
        wrong.add(extra);
      }
    }
    for (Map.Entry<String, Oid> file : expected.entrySet()) {
      Path path = dir.resolve(file.getKey());
      if (!present.contains(file.getKey())
          || !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
          || !cache.hasher().hash(path).equals(file.getValue())) {
        wrong.add(file.getKey());
      }
    }
    return new ArrayList<>(wrong);
  }

  private static String relpath(Path dir, Path file) {
    List<String> parts = new ArrayList<>();
    for (Path part : dir.relativize(file)) {
      parts.add(part.toString());
    }
    return String.join("/", parts);
  }

  /** Rejects paths that would leave the version directory ({@code ..}, absolute, empty parts). */
  static String checkRelpath(String relpath, Oid oid) {
    boolean bad = relpath.isEmpty() || relpath.startsWith("/");
    for (String part : relpath.split("/", -1)) {
      bad |= part.isEmpty() || part.equals(".") || part.equals("..");
    }
    if (bad) {
      throw new InvalidInputException(
          "Cannot serve " + oid + ": unsafe path '" + relpath + "' (the listing is not usable)");
    }
    return relpath;
  }
}
