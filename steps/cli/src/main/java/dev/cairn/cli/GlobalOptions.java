package dev.cairn.cli;

import dev.cairn.cli.registry.StartDirectory;
import dev.cairn.core.Progress;
import dev.cairn.steps.common.ProgressReporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
      description =
          "Run as if cairn was started in DIR (like git -C); also accepted before the command.")
  Path cwd = Path.of("");

  @Spec(Spec.Target.MIXEE)
  @Nullable CommandSpec command;

  /** The directory to work in: {@code -C} after the command, relative to {@code -C} before it. */
  Path cwd() {
    return StartDirectory.of(command).resolve(cwd);
  }

  /** A path the user gave, resolved against {@code -C}. */
  Path resolve(Path path) {
    return cwd().resolve(path);
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
