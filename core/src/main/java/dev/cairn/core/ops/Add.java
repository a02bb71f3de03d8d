package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.Progress;
import dev.cairn.core.dvc.DvcFile;
import dev.cairn.core.dvc.DvcRepoFiles;
import dev.cairn.core.dvc.Output;
import dev.cairn.core.hash.HashResult;
import dev.cairn.core.hash.HashResult.DirHash;
import dev.cairn.core.hash.HashResult.FileHash;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.internal.Parallel;
import dev.cairn.core.odb.Cache;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * {@code cairn add}: hashes data as DVC 3 does, stores it in the cache, and writes the {@code .dvc}
 * pointer beside it (keeping any fields already there) plus a {@code .gitignore} entry.
 */
public final class Add {
  /** Local file work: twice as many threads as cores. */
  private static final int LOCAL_THREADS =
      Math.max(2, Runtime.getRuntime().availableProcessors() * 2);

  /**
   * What adding one target did.
   *
   * @param dvcFile the pointer file written or confirmed
   * @param oid the data's id ({@code <md5>} or {@code <md5>.dir})
   * @param size bytes
   * @param nfiles files, for a directory
   * @param changed whether the pointer file changed (false: the data was already tracked as is)
   * @param stored objects newly stored in the cache
   */
  public record Added(
      Path dvcFile, Oid oid, long size, @Nullable Long nfiles, boolean changed, int stored) {}

  private Add() {}

  /** Adds every target; a failure leaves the targets already added in a consistent state. */
  public static List<Added> run(Workspace workspace, List<Path> targets, Progress progress) {
    if (targets.isEmpty()) {
      throw new InvalidInputException("Cannot add: no path given (name a file or directory)");
    }
    List<Added> added = new ArrayList<>();
    for (Path target : targets) {
      added.add(addOne(workspace, target.toAbsolutePath().normalize(), progress));
    }
    return added;
  }

  private static Added addOne(Workspace workspace, Path target, Progress progress) {
    String relative = workspace.relative(target);
    checkAddable(target, relative);
    Tracked.requireNoPipelineOverlap(workspace, target);
    HashResult hashed = workspace.hash(target, progress);
    int stored = store(workspace.cache(), hashed, progress);
    Path pointer = Tracked.pointerFor(target);
    String name = target.getFileName().toString();
    Output fresh = output(name, hashed);
    DvcFile before = Files.isRegularFile(pointer) ? DvcFile.read(pointer) : null;
    DvcFile after = before == null ? DvcFile.of(List.of(fresh)) : update(before, fresh);
    boolean changed = before == null || !before.toText().equals(after.toText());
    if (changed) {
      after.write(pointer);
    }
    DvcRepoFiles.ignore(target);
    Long nfiles = hashed instanceof DirHash dir ? (long) dir.nfiles() : null;
    return new Added(pointer, hashed.oid(), hashed.size(), nfiles, changed, stored);
  }

  private static void checkAddable(Path target, String relative) {
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException(
          "Cannot add " + relative + ": no such file or directory (check the path)");
    }
    for (String part : relative.split("/", -1)) {
      if (part.equals(".git") || part.equals(Workspace.DVC_DIR)) {
        throw new InvalidInputException(
            "Cannot add " + relative + ": it is inside " + part + "/ (Cairn and Git own it)");
      }
    }
    if (relative.endsWith(Tracked.DVC_SUFFIX)) {
      throw new InvalidInputException(
          "Cannot add " + relative + ": it is a pointer file (add the data it points at)");
    }
  }

  static Output output(String name, HashResult hashed) {
    if (hashed instanceof FileHash file) {
      return Output.file(name, file.oid(), file.size()).withExecutable(file.executable());
    }
    DirHash dir = (DirHash) hashed;
    return Output.directory(name, dir.oid(), dir.size(), dir.nfiles());
  }

  /** The existing pointer with its entry for this path re-pointed; other fields are kept. */
  static DvcFile update(DvcFile before, Output fresh) {
    List<Output> outs = new ArrayList<>();
    boolean found = false;
    for (Output out : before.outs()) {
      if (!found && out.path().equals(fresh.path())) {
        found = true;
        outs.add(
            out.withData(
                    java.util.Objects.requireNonNull(fresh.oid()), sizeOf(fresh), fresh.nfiles())
                .withExecutable(fresh.isexec()));
      } else {
        outs.add(out);
      }
    }
    if (!found) {
      outs.add(fresh);
    }
    return before.withOuts(outs);
  }

  private static long sizeOf(Output output) {
    Long size = output.size();
    return size == null ? 0 : size;
  }

  /** Puts the file or every file of the tree, then the {@code .dir} object, into the cache. */
  private static int store(Cache cache, HashResult hashed, Progress progress) {
    if (hashed instanceof FileHash file) {
      return cache.add(file.path(), file.oid()) ? 1 : 0;
    }
    DirHash dir = (DirHash) hashed;
    Tree tree = dir.tree();
    if (cache.contains(tree.oid())) {
      // The .dir object is written only after every file of the tree is in the cache, so the
      // cache has this version already (warm re-add): nothing to copy or check per file.
      return 0;
    }
    AtomicInteger stored = new AtomicInteger();
    progress.start("caching", tree.size(), 0);
    Parallel.forEach(
        tree.entries(),
        LOCAL_THREADS,
        256,
        entry -> {
          Path file = dir.pathOf(entry);
          if (cache.add(file, entry.oid())) {
            stored.incrementAndGet();
          }
          progress.advance(1, 0);
        },
        "Cannot finish");
    progress.finish();
    if (cache.addBytes(tree.oid(), tree.toBytes())) {
      stored.incrementAndGet();
    }
    return stored.get();
  }
}
