package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.dvc.DvcFile;
import dev.cairn.core.dvc.Output;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Finds the outputs that commands act on: those of the named targets, or of every .dvc file. */
final class Tracked {
  static final String DVC_SUFFIX = ".dvc";

  private Tracked() {}

  /**
   * The outputs of {@code targets} (data paths or their {@code .dvc} files); all outputs of the
   * repository when {@code targets} is empty.
   *
   * @throws InvalidInputException if a target is not tracked
   */
  static List<TrackedOutput> collect(Workspace workspace, List<Path> targets) {
    Set<Path> dvcFiles = new TreeSet<>();
    if (targets.isEmpty()) {
      dvcFiles.addAll(allDvcFiles(workspace.root()));
    }
    for (Path target : targets) {
      dvcFiles.add(dvcFileOf(workspace, target));
    }
    List<TrackedOutput> outputs = new ArrayList<>();
    for (Path dvcFile : dvcFiles) {
      DvcFile file = DvcFile.read(dvcFile);
      for (Output output : file.outs()) {
        Path path = dvcFile.resolveSibling(output.path()).normalize();
        workspace.relative(path);
        workspace.requirePhysicallyInside(path);
        outputs.add(new TrackedOutput(dvcFile, output, path));
      }
    }
    return outputs;
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

  /** Every .dvc file below the root, not descending into .git, .dvc or tracked directories. */
  static List<Path> allDvcFiles(Path root) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
              if (!dir.equals(root)
                  && (name.equals(".git")
                      || name.equals(Workspace.DVC_DIR)
                      || Files.isRegularFile(pointerFor(dir)))) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && file.getFileName().toString().endsWith(DVC_SUFFIX)) {
                found.add(file);
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
    return found;
  }
}
