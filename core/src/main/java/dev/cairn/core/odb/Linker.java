package dev.cairn.core.odb;

import dev.cairn.core.CairnException;
import dev.cairn.core.ConfigurationException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Materialises a cached object at a workspace path with the first configured link type the file
 * system accepts, falling back on the errors DVC falls back on (EPERM, ENOTSUP, EXDEV, ENOTTY,
 * ENOSYS, EINVAL, EAGAIN). The file appears under its name atomically (temp name, then rename).
 */
final class Linker {
  /** Creates {@code temp} (which does not exist) from {@code cached}. */
  interface Strategy {
    void create(Path cached, Path temp) throws IOException;
  }

  private static final String[] FALLBACK_REASONS = {
    "Operation not permitted",
    "Operation not supported",
    "Not supported",
    "Invalid cross-device link",
    "Inappropriate ioctl for device",
    "Function not implemented",
    "Invalid argument",
    "Resource temporarily unavailable",
  };
  private static final Set<PosixFilePermission> WRITABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  private final List<LinkType> types;
  private final Map<LinkType, Strategy> strategies;

  Linker(List<LinkType> types) {
    this(types, defaultStrategies());
  }

  Linker(List<LinkType> types, Map<LinkType, Strategy> strategies) {
    this.types = List.copyOf(types);
    this.strategies = new EnumMap<>(strategies);
  }

  static Map<LinkType, Strategy> defaultStrategies() {
    Map<LinkType, Strategy> map = new EnumMap<>(LinkType.class);
    map.put(
        LinkType.REFLINK,
        (cached, temp) -> {
          // The JDK has no FICLONE; report it the way a file system without reflinks does.
          throw new FileSystemException(temp.toString(), null, "Operation not supported");
        });
    map.put(LinkType.HARDLINK, (cached, temp) -> Files.createLink(temp, cached));
    map.put(LinkType.SYMLINK, (cached, temp) -> Files.createSymbolicLink(temp, cached));
    map.put(
        LinkType.COPY,
        (cached, temp) -> {
          Files.copy(cached, temp);
          setMode(temp, WRITABLE);
        });
    return map;
  }

  /** Whether DVC would try the next link type after this failure. */
  static boolean isFallback(Throwable error) {
    if (error instanceof UnsupportedOperationException) {
      return true;
    }
    if (error instanceof FileSystemException fse && fse.getReason() != null) {
      for (String reason : FALLBACK_REASONS) {
        if (fse.getReason().contains(reason)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Creates or replaces {@code target} with the content of {@code cached}.
   *
   * @param exec whether the file must be executable; such files are never hard- or symlinked, as
   *     the mode would be shared with the cached object
   * @return the link type used
   */
  LinkType link(Path cached, Path target, boolean exec) {
    Path temp =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    List<String> refusals = new ArrayList<>();
    List<LinkType> candidates = candidates(exec);
    for (LinkType type : candidates) {
      try {
        if (type == LinkType.HARDLINK && Files.size(cached) == 0) {
          Files.createFile(temp); // DVC: a hardlink to an empty file becomes a new empty file
        } else {
          Strategy strategy = strategies.get(type);
          if (strategy == null) {
            throw new UnsupportedOperationException(type.configName() + " is not available");
          }
          strategy.create(cached, temp);
        }
        if (exec) {
          setMode(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        clearDirectory(target);
        Files.move(
            temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return type;
      } catch (IOException | UnsupportedOperationException e) {
        FsErrors.deleteQuietly(temp);
        if (!isFallback(e)) {
          throw failure(target, e);
        }
        refusals.add(type.configName() + " (" + FsErrors.describe(e) + ")");
      }
    }
    throw new ConfigurationException(
        "Cannot checkout "
            + target
            + ": no configured link type works here, tried "
            + String.join(", ", refusals)
            + " (add copy to cache.type)");
  }

  private List<LinkType> candidates(boolean exec) {
    if (!exec) {
      return types;
    }
    List<LinkType> own = new ArrayList<>();
    for (LinkType type : types) {
      if (type != LinkType.HARDLINK && type != LinkType.SYMLINK) {
        own.add(type);
      }
    }
    if (!own.contains(LinkType.COPY)) {
      own.add(LinkType.COPY);
    }
    return own;
  }

  /** Removes an empty directory tree standing where a file must go. */
  private static void clearDirectory(Path target) throws IOException {
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var paths = Files.walk(target)) {
      List<Path> all = new ArrayList<>(paths.toList());
      java.util.Collections.reverse(all);
      for (Path path : all) {
        Files.delete(path); // fails on a file: checkout removed every file before linking
      }
    }
  }

  private static CairnException failure(Path target, Exception e) {
    if (FsErrors.isNoSpace(e)) {
      return new CairnException(
          "Cannot checkout " + target + ": no space left on device (free space in the workspace)",
          e);
    }
    return new CairnException(
        "Cannot checkout "
            + target
            + ": "
            + FsErrors.describe(e)
            + " (check the workspace is writable)",
        e);
  }

  static void setMode(Path file, Set<PosixFilePermission> mode) throws IOException {
    try {
      Files.setPosixFilePermissions(file, mode);
    } catch (UnsupportedOperationException e) {
      file.toFile().setWritable(mode.contains(PosixFilePermission.OWNER_WRITE));
      file.toFile().setExecutable(mode.contains(PosixFilePermission.OWNER_EXECUTE));
    }
  }
}
