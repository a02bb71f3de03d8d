package dev.cairn.core.ops;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.Progress;
import dev.cairn.core.dvc.DvcConfig;
import dev.cairn.core.dvc.DvcRepoFiles;
import dev.cairn.core.dvc.RemoteConfig;
import dev.cairn.core.hash.HashResult;
import dev.cairn.core.hash.Hasher;
import dev.cairn.core.hash.StateCache;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.odb.LinkType;
import dev.cairn.core.odb.WorkspaceHasher;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.Remotes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A DVC repository on disk: its root (the folder holding {@code .dvc/}), its merged config, its
 * cache and the state cache that remembers file hashes. Close it to persist the state.
 */
public final class Workspace implements AutoCloseable {
  static final String DVC_DIR = ".dvc";
  private static final String STATE_DIR = ".cairn-state";

  private final Path root;
  private final DvcConfig config;
  private final Cache cache;
  private final StateCache state;

  private Workspace(Path root, DvcConfig config, Cache cache, StateCache state) {
    this.root = root;
    this.config = config;
    this.cache = cache;
    this.state = state;
  }

  /**
   * Opens the repository at or above {@code start}, as DVC finds it.
   *
   * @throws InvalidInputException if there is none
   */
  public static Workspace open(Path start) {
    Path dir = start.toAbsolutePath().normalize();
    while (dir != null && !Files.isDirectory(dir.resolve(DVC_DIR))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new InvalidInputException(
          "Cannot find a DVC repository at or above "
              + start.toAbsolutePath().normalize()
              + " (run `cairn init` in the repository root)");
    }
    DvcConfig config = DvcConfig.load(dir.resolve(DVC_DIR));
    Path cacheDir = config.cacheDir();
    List<LinkType> types = LinkType.parseList(String.join(",", config.cacheTypes()));
    Cache cache = Cache.at(cacheDir, types);
    StateCache state = openState(cacheDir);
    return new Workspace(dir, config, cache, state);
  }

  /**
   * Makes {@code root} a DVC repository ({@code .dvc/config}, {@code .dvc/.gitignore}, {@code
   * .dvcignore}) and opens it.
   *
   * @throws InvalidInputException if it already is one
   */
  public static Workspace init(Path root) {
    Path dir = root.toAbsolutePath().normalize();
    if (Files.exists(dir.resolve(DVC_DIR))) {
      throw new InvalidInputException(
          "Cannot init " + dir + ": '.dvc' exists already (it is a DVC repository)");
    }
    DvcRepoFiles.init(dir);
    return open(dir);
  }

  private static StateCache openState(Path cacheDir) {
    try {
      return StateCache.open(cacheDir.resolve(STATE_DIR));
    } catch (ConfigurationException e) {
      // A read-only or missing cache still lets read-only commands work; they just re-hash.
      return StateCache.inMemory();
    }
  }

  public Path root() {
    return root;
  }

  public DvcConfig config() {
    return config;
  }

  /** The DVC 3 cache ({@link Cache#legacy()} for DVC 2 outputs). */
  public Cache cache() {
    return cache;
  }

  /** Hashes files and trees as DVC does, remembering hashes in the state cache. */
  public HashResult hash(Path target, Progress progress) {
    return Hasher.builder().stateCache(state).progress(progress).build().hash(target, root);
  }

  /** Hashes as DVC 2 did ({@code md5-dos2unix}), for legacy outputs; no state cache. */
  HashResult hashLegacy(Path target, Progress progress) {
    return Hasher.builder().legacyDos2Unix(true).progress(progress).build().hash(target, root);
  }

  /** Hashes single workspace files (through the state cache unless legacy). */
  WorkspaceHasher fileHasher(boolean legacy) {
    Hasher hasher =
        legacy
            ? Hasher.builder().legacyDos2Unix(true).threads(1).build()
            : Hasher.builder().stateCache(state).threads(1).build();
    return file -> hasher.hash(file, null).oid();
  }

  /**
   * Opens the named remote, or the default one ({@code core.remote}) when {@code name} is null.
   *
   * @throws ConfigurationException if there is no such remote or no default
   */
  public Remote openRemote(@Nullable String name, RemoteSpec.Files files) {
    RemoteConfig remote = name == null ? config.defaultRemote() : config.remote(name);
    return Remotes.open(RemoteSpec.of(remote.url(), remote.options()).withFiles(files));
  }

  /** {@code path} relative to the root, POSIX style; fails if it is outside the repository. */
  String relative(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    if (!absolute.startsWith(root) || absolute.equals(root)) {
      throw new InvalidInputException(
          "Cannot use " + path + ": it is outside the repository " + root + " (or is its root)");
    }
    return root.relativize(absolute).toString().replace('\\', '/');
  }

  /**
   * Fails if writing {@code path} would leave the repository through a symbolic link: the deepest
   * existing directory above it must really be inside the root (a lexical check alone lets a
   * committed {@code models -> ../outside} redirect a pull).
   */
  void requirePhysicallyInside(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path dir = absolute.getParent();
    while (dir != null && !dir.equals(root) && !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
      dir = dir.getParent();
    }
    if (dir == null || dir.equals(root)) {
      return;
    }
    try {
      Path real = dir.toRealPath();
      if (!real.startsWith(root.toRealPath())) {
        throw new InvalidInputException(
            "Cannot use "
                + root.relativize(absolute)
                + ": "
                + root.relativize(dir)
                + " leads outside the repository (to "
                + real
                + ") through a symbolic link (remove the link, or track the data elsewhere)");
      }
    } catch (IOException e) {
      throw new InvalidInputException(
          "Cannot use " + root.relativize(absolute) + ": cannot resolve " + dir + " (" + e + ")");
    }
  }

  @Override
  public void close() {
    state.close();
  }
}
