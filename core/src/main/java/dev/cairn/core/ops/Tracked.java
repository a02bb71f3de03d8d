package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.dvc.DvcFile;
import dev.cairn.core.dvc.DvcLock;
import dev.cairn.core.dvc.Output;
import dev.cairn.core.hash.DvcIgnore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Finds the outputs that commands act on, as DVC collects them: those of the named targets, or of
 * every {@code .dvc} file and every pipeline's {@code dvc.lock} that {@code .dvcignore} does not
 * hide. A target inside a tracked directory is that directory's output, filtered to the target.
 */
final class Tracked {
  static final String DVC_SUFFIX = ".dvc";

  private Tracked() {}

  /** The {@code .dvc} files and {@code dvc.yaml} files of a repository. */
  record Found(List<Path> dvcFiles, List<Path> pipelines) {}

  /**
   * The outputs of {@code targets} (data paths, paths inside tracked directories, {@code .dvc}
   * files, {@code dvc.yaml}/{@code dvc.lock}); all outputs of the repository when {@code targets}
   * is empty.
   *
   * @throws InvalidInputException if a target is not tracked or is dvc-ignored
   */
  static List<TrackedOutput> collect(Workspace workspace, List<Path> targets) {
    Map<List<Object>, TrackedOutput> outputs = new LinkedHashMap<>();
    if (targets.isEmpty()) {
      Found found = scan(workspace.root());
      for (Path dvcFile : new TreeSet<>(found.dvcFiles())) {
        addAll(workspace, dvcFile, outputsOf(dvcFile), outputs);
      }
      for (Path pipeline : new TreeSet<>(found.pipelines())) {
        addAll(workspace, lockOf(pipeline), DvcLock.outputs(pipeline), outputs);
      }
    }
    for (Path target : targets) {
      for (TrackedOutput output : ofTarget(workspace, target)) {
        put(workspace, output, outputs);
      }
    }
    return new ArrayList<>(outputs.values());
  }

  private static List<TrackedOutput> ofTarget(Workspace workspace, Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    workspace.relative(absolute);
    if (DvcIgnore.ignores(workspace.root(), absolute)) {
      throw new InvalidInputException(
          "Cannot use "
              + target
              + ": it is dvc-ignored (a .dvcignore pattern matches it or a folder above it; change"
              + " the pattern to use it)");
    }
    String name = Objects.requireNonNull(absolute.getFileName()).toString();
    if (Files.isRegularFile(absolute) && (name.equals(DvcLock.YAML) || name.equals(DvcLock.LOCK))) {
      Path pipeline = absolute.resolveSibling(DvcLock.YAML);
      return wrap(lockOf(pipeline), DvcLock.outputs(pipeline));
    }
    if (name.endsWith(DVC_SUFFIX) && Files.isRegularFile(absolute)) {
      return wrap(absolute, outputsOf(absolute));
    }
    if (Files.isRegularFile(pointerFor(absolute))) {
      return wrap(pointerFor(absolute), outputsOf(pointerFor(absolute)));
    }
    List<TrackedOutput> containing = containing(workspace, absolute);
    if (containing.isEmpty()) {
      throw new InvalidInputException(
          "Cannot find "
              + workspace.root().relativize(pointerFor(absolute))
              + " or a dvc.lock output: "
              + target
              + " is not tracked (track it with `cairn add "
              + target
              + "`)");
    }
    return containing;
  }

  /** Outputs that are {@code target} or a directory above it, filtered to it, nearest first. */
  private static List<TrackedOutput> containing(Workspace workspace, Path target) {
    List<TrackedOutput> found = new ArrayList<>();
    for (Path pipeline : scan(workspace.root()).pipelines()) {
      for (TrackedOutput output : wrap(lockOf(pipeline), DvcLock.outputs(pipeline))) {
        if (target.startsWith(output.path())) {
          found.add(filtered(output, target));
        }
      }
    }
    if (!found.isEmpty()) {
      return found;
    }
    for (Path dir = target.getParent();
        dir != null && dir.startsWith(workspace.root()) && !dir.equals(workspace.root());
        dir = dir.getParent()) {
      Path pointer = pointerFor(dir);
      if (Files.isRegularFile(pointer)) {
        for (TrackedOutput output : wrap(pointer, outputsOf(pointer))) {
          if (output.path().equals(dir)) {
            found.add(filtered(output, target));
          }
        }
        return found;
      }
    }
    return found;
  }

  private static TrackedOutput filtered(TrackedOutput output, Path target) {
    if (target.equals(output.path())) {
      return output;
    }
    String filter = output.path().relativize(target).toString().replace('\\', '/');
    return new TrackedOutput(output.dvcFile(), output.output(), output.path(), filter);
  }

  private static List<Output> outputsOf(Path dvcFile) {
    return DvcFile.read(dvcFile).outs();
  }

  private static List<TrackedOutput> wrap(Path dvcFile, List<Output> outs) {
    List<TrackedOutput> result = new ArrayList<>();
    for (Output output : outs) {
      result.add(
          new TrackedOutput(dvcFile, output, dvcFile.resolveSibling(output.path()).normalize()));
    }
    return result;
  }

  private static void addAll(
      Workspace workspace, Path dvcFile, List<Output> outs, Map<List<Object>, TrackedOutput> into) {
    for (TrackedOutput output : wrap(dvcFile, outs)) {
      put(workspace, output, into);
    }
  }

  private static void put(
      Workspace workspace, TrackedOutput output, Map<List<Object>, TrackedOutput> into) {
    workspace.relative(output.path());
    workspace.requirePhysicallyInside(output.path());
    List<Object> key = new ArrayList<>();
    key.add(output.dvcFile());
    key.add(output.path());
    key.add(String.valueOf(output.filter()));
    into.putIfAbsent(key, output);
  }

  private static Path lockOf(Path pipeline) {
    return pipeline.resolveSibling(DvcLock.LOCK);
  }

  /**
   * Refuses to track {@code target} with a {@code .dvc} file when it overlaps an output recorded in
   * a {@code dvc.lock} (it is one, is inside one, or holds one), as {@code dvc add} refuses.
   *
   * @throws InvalidInputException if it does
   */
  static void requireNoPipelineOverlap(Workspace workspace, Path target) {
    // the target itself is not walked: adding a large new directory must not list it twice
    for (Path pipeline : scan(workspace.root(), target).pipelines()) {
      for (TrackedOutput output : wrap(lockOf(pipeline), DvcLock.outputs(pipeline))) {
        if (target.startsWith(output.path()) || output.path().startsWith(target)) {
          throw new InvalidInputException(
              "Cannot add "
                  + workspace.relative(target)
                  + ": it overlaps with the output "
                  + workspace.relative(output.path())
                  + " of a stage in "
                  + workspace.relative(pipeline)
                  + " (run the pipeline with dvc repro, or use dvc commit to update it)");
        }
      }
    }
  }

  /** The {@code .dvc} file that tracks {@code target} (which may be the .dvc file itself). */
  static Path dvcFileOf(Workspace workspace, Path target) {
    Path absolute = target.toAbsolutePath().normalize();
    workspace.relative(absolute);
    if (absolute.getFileName().toString().endsWith(DVC_SUFFIX) && Files.isRegularFile(absolute)) {
      return absolute;
    }
    Path pointer = pointerFor(absolute);
    if (!Files.isRegularFile(pointer)) {
      throw new InvalidInputException(
          "Cannot find "
              + workspace.root().relativize(pointer)
              + ": "
              + target
              + " is not tracked (track it with `cairn add "
              + target
              + "`)");
    }
    return pointer;
  }

  /** {@code data} is tracked by {@code data.dvc} beside it. */
  static Path pointerFor(Path data) {
    return data.resolveSibling(data.getFileName() + DVC_SUFFIX);
  }

  /** Every .dvc file below the root that DVC would read (see {@link #scan}). */
  static List<Path> allDvcFiles(Path root) {
    return scan(root).dvcFiles();
  }

  /**
   * Every {@code .dvc} and {@code dvc.yaml} file below the root that DVC would read: not in {@code
   * .git} or {@code .dvc}, not inside a directory tracked by a {@code .dvc} file, and not ignored
   * by a {@code .dvcignore} (a file inside an ignored folder is not read, as DVC).
   */
  static Found scan(Path root) {
    return scan(root, null);
  }

  /** {@link #scan(Path)}, not descending into {@code skip} (when not null). */
  static Found scan(Path root, @Nullable Path skip) {
    List<Path> dvcFiles = new ArrayList<>();
    List<Path> pipelines = new ArrayList<>();
    Deque<DvcIgnore> rules = new ArrayDeque<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              if (dir.equals(root)) {
                rules.push(DvcIgnore.below(root, root));
                return FileVisitResult.CONTINUE;
              }
              String name = String.valueOf(dir.getFileName());
              DvcIgnore parent = Objects.requireNonNull(rules.peek());
              if (name.equals(".git")
                  || name.equals(Workspace.DVC_DIR)
                  || dir.equals(skip)
                  || Files.isRegularFile(pointerFor(dir))
                  || parent.ignores(name, true)) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              rules.push(parent.enter(name, dir));
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e) {
              rules.pop();
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              String name = String.valueOf(file.getFileName());
              boolean wanted = name.endsWith(DVC_SUFFIX) || name.equals(DvcLock.YAML);
              if (attrs.isRegularFile()
                  && wanted
                  && !Objects.requireNonNull(rules.peek()).ignores(name, false)) {
                (name.equals(DvcLock.YAML) ? pipelines : dvcFiles).add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Found(dvcFiles, pipelines);
  }
}
