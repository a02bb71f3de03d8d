package dev.cairn.cli;

import dev.cairn.core.Progress;
import dev.cairn.steps.common.ProgressReporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every {@code cairn} data command takes. */
final class GlobalOptions {
  @Option(names = "--verbose", description = "Print stack traces of failures.")
  boolean verbose;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only errors and results, no progress.")
  boolean quiet;

  @Option(
      names = "-C",
      paramLabel = "DIR",
      description = "Run as if cairn was started in DIR (like git -C).")
  Path cwd = Path.of("");

  /** A path the user gave, resolved against {@code -C}. */
  Path resolve(Path path) {
    return cwd.resolve(path);
  }

  /** Paths the user gave, resolved against {@code -C}. */
  List<Path> resolve(List<Path> paths) {
    return paths.stream().map(this::resolve).toList();
  }

  /** Progress for this command: nothing when quiet. */
  Progress progress(PrintWriter out) {
    return quiet ? Progress.NONE : ProgressReporter.to(out);
  }
}
