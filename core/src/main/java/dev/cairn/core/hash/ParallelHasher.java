package dev.cairn.core.hash;

import dev.cairn.core.CairnException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.Progress;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Hasher}: a fork/join walk, one task per directory, files hashed in batches so one huge
 * directory still spreads over all workers. A worker holds at most one directory stream or one file
 * open at a time, and keeps no per-file objects except the tree entries.
 */
final class ParallelHasher implements Hasher {
  private static final int BATCH = 64;
  private static final int ATTEMPTS = 3;

  private final int threads;
  private final @Nullable StateCache state;
  private final Progress progress;
  private final boolean legacy;
  private final boolean followExternalLinks;
  private final @Nullable String from;
  private final @Nullable String to;
  private final @Nullable Tee tee;

  ParallelHasher(
      int threads,
      @Nullable StateCache state,
      Progress progress,
      boolean legacy,
      boolean followExternalLinks,
      @Nullable String from,
      @Nullable String to,
      @Nullable Tee tee) {
    this.threads = threads;
    this.state = state;
    this.progress = progress;
    this.legacy = legacy;
    this.followExternalLinks = followExternalLinks;
    this.from = from;
    this.to = to;
    this.tee = legacy ? null : tee;
  }

  /** Whether the file {@code relpath} is in the range this hasher covers. */
  private boolean inRange(String relpath) {
    return (from == null || Tree.CODE_POINT_ORDER.compare(relpath, from) >= 0)
        && (to == null || Tree.CODE_POINT_ORDER.compare(relpath, to) < 0);
  }

  /** Whether some file below the directory {@code prefix} (ending in "/") may be in the range. */
  private boolean mayHold(String prefix) {
    if (to != null && Tree.CODE_POINT_ORDER.compare(prefix, to) >= 0) {
      return false; // every relpath below starts with prefix, so is at least prefix
    }
    return from == null
        || from.startsWith(prefix)
        || Tree.CODE_POINT_ORDER.compare(prefix, from) > 0;
  }

  private record Hashed(Oid oid, FileStat stat) {}

  @Override
  public HashResult hash(Path target, @Nullable Path repoRoot) {
    Path path = target.toAbsolutePath().normalize();
    FileStat stat;
    try {
      stat = FileStat.read(path, true);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException(
          "Cannot hash " + target + ": no such file or directory (check the path)", e);
    } catch (IOException e) {
      throw failure(target, e);
    }
    progress.start("hashing", -1, -1);
    try {
      if (stat.regular()) {
        Hashed hashed = hashFile(path, stat);
        progress.advance(1, hashed.stat().size());
        return new HashResult.FileHash(path, hashed.oid(), hashed.stat().size(), executable(path));
      }
      if (stat.directory()) {
        return hashDirectory(path, IgnoreRules.load(repoRoot, path));
      }
      throw new InvalidInputException(
          "Cannot hash " + target + ": not a regular file or directory (give a file or a folder)");
    } finally {
      progress.finish();
    }
  }

  private HashResult.DirHash hashDirectory(Path root, IgnoreRules rules) {
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw failure(root, e);
    }
    Walk walk = new Walk(rules, realRoot);
    ForkJoinPool pool = new ForkJoinPool(threads);
    try {
      pool.invoke(walk.new DirTask(root, ""));
    } finally {
      pool.shutdownNow();
    }
    Tree tree;
    synchronized (walk.entries) {
      tree = Tree.of(walk.entries);
      walk.entries.clear();
    }
    return new HashResult.DirHash(root, tree, walk.bytes.sum());
  }

  /** Hashes one file, through the state cache; re-reads it if it changed meanwhile. */
  private Hashed hashFile(Path file, FileStat before) {
    StateCache cache = state;
    FileStat stat = before;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      StateCache.Key key =
          new StateCache.Key(file.toString(), stat.size(), stat.mtimeNanos(), stat.inode());
      if (cache != null) {
        Oid known = cache.get(key);
        if (known != null) {
          return new Hashed(known, stat);
        }
      }
      FileStat after;
      try (SafeCopy copy = SafeCopy.open(tee, file.toString(), stat.size())) {
        Oid oid = legacy ? Md5.ofFileDos2Unix(file) : Md5.ofFile(file, stat.size(), copy);
        try {
          after = FileStat.read(file, true);
        } catch (IOException e) {
          throw failure(file, e);
        }
        if (after.sameVersion(stat)) {
          copy.keep(oid); // the bytes copied are the bytes hashed: the file did not change
          if (cache != null) {
            cache.put(key, oid);
          }
          return new Hashed(oid, stat);
        }
      }
      stat = after;
    }
    throw new InvalidInputException(
        "Cannot hash " + file + ": the file changed while it was read (stop writers and retry)");
  }

  private static boolean executable(Path file) {
    try {
      return FileStat.executable(file);
    } catch (IOException e) {
      throw failure(file, e);
    }
  }

  static CairnException failure(Path path, IOException e) {
    if (e instanceof AccessDeniedException) {
      return new ConfigurationException(
          "Cannot hash " + path + ": permission denied (make it readable)", e);
    }
    if (e instanceof NoSuchFileException) {
      return new InvalidInputException(
          "Cannot hash " + path + ": no such file or directory (it vanished while hashing)", e);
    }
    return new InvalidInputException(
        "Cannot hash " + path + ": " + e + " (check the file system and retry)", e);
  }

  /** The state of one directory walk. */
  private final class Walk {
    final IgnoreRules rules;
    final List<Tree.Entry> entries = new ArrayList<>();
    final LongAdder bytes = new LongAdder();
    final Path realRoot;

    Walk(IgnoreRules rules, Path realRoot) {
      this.rules = rules;
      this.realRoot = realRoot;
    }

    /** Lists a directory, then forks its subdirectories and batches of its files. */
    final class DirTask extends RecursiveAction {
      private static final long serialVersionUID = 1L;
      private final transient Path dir;
      private final String prefix;

      DirTask(Path dir, String prefix) {
        this.dir = dir;
        this.prefix = prefix;
      }

      @Override
      protected void compute() {
        List<RecursiveAction> subdirs = new ArrayList<>();
        Deque<ForkJoinTask<?>> batches = new ArrayDeque<>();
        List<Path> files = new ArrayList<>();
        List<FileStat> stats = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
          for (Path child : children) {
            String name = child.getFileName().toString();
            String relpath = prefix + name;
            FileStat stat = statChild(child);
            if (stat == null) {
              continue; // a symlink to a directory: not followed, as os.walk(followlinks=False)
            }
            if (stat.directory()) {
              if (!rules.isIgnored(relpath, name, true) && mayHold(relpath + "/")) {
                subdirs.add(new DirTask(child, relpath + "/"));
              }
            } else if (inRange(relpath) && !rules.isIgnored(relpath, name, false)) {
              if (name.equals(IgnoreRules.DVCIGNORE)) {
                throw new InvalidInputException(
                    "Cannot hash "
                        + dir
                        + ": .dvcignore file should not be in collected dir path: '"
                        + dir
                        + "' (move its patterns to a .dvcignore above the directory)");
              }
              if (!stat.regular()) {
                throw new InvalidInputException(
                    "Cannot hash " + child + ": not a regular file (remove it or .dvcignore it)");
              }
              files.add(child);
              stats.add(stat);
              if (files.size() == BATCH) {
                // hash while listing; a huge flat directory never piles up unhashed files
                batches.add(new FileBatch(prefix, files, stats).fork());
                if (batches.size() > 2 * threads) {
                  batches.removeFirst().join();
                }
                files = new ArrayList<>();
                stats = new ArrayList<>();
              }
            }
          }
        } catch (IOException e) {
          throw failure(dir, e);
        }
        if (!files.isEmpty()) {
          subdirs.add(new FileBatch(prefix, files, stats));
        }
        invokeAll(subdirs);
        for (ForkJoinTask<?> batch : batches) {
          batch.join();
        }
      }

      private @Nullable FileStat statChild(Path child) throws IOException {
        FileStat stat = FileStat.read(child, false);
        if (!stat.symlink()) {
          return stat;
        }
        try {
          stat = FileStat.read(child, true);
        } catch (NoSuchFileException e) {
          throw new InvalidInputException(
              "Cannot hash " + child + ": broken symlink (fix the link or remove it)", e);
        }
        if (stat.directory()) {
          return null;
        }
        if (!followExternalLinks) {
          Path target = child.toRealPath();
          if (!target.startsWith(realRoot)) {
            throw new InvalidInputException(
                "Cannot hash "
                    + child
                    + ": a symbolic link to "
                    + target
                    + ", outside the dataset (a mounted Secret or another volume would be"
                    + " uploaded; copy the file in, or allow such links with"
                    + " --follow-external-links)");
          }
        }
        return stat;
      }
    }

    /** Hashes some files of one directory and adds their entries. */
    final class FileBatch extends RecursiveAction {
      private static final long serialVersionUID = 1L;
      private final String prefix;
      private final transient List<Path> files;
      private final transient List<FileStat> stats;

      FileBatch(String prefix, List<Path> files, List<FileStat> stats) {
        this.prefix = prefix;
        this.files = files;
        this.stats = stats;
      }

      @Override
      protected void compute() {
        List<Tree.Entry> done = new ArrayList<>(files.size());
        long total = 0;
        for (int i = 0; i < files.size(); i++) {
          Path file = files.get(i);
          Hashed hashed = hashFile(file, stats.get(i));
          done.add(new Tree.Entry(prefix + file.getFileName(), hashed.oid()));
          total += hashed.stat().size();
          progress.advance(1, hashed.stat().size());
        }
        bytes.add(total);
        synchronized (entries) {
          entries.addAll(done);
        }
      }
    }
  }
}
