package dev.cairn.cli.registry;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The directory {@code cairn -C DIR ...} runs in: the {@code -C} options given before the
 * subcommand, each relative to the one before (as {@code git -C a -C b} is {@code a/b}).
 */
public final class StartDirectory {
  private StartDirectory() {}

  /** The directory given to the root command, or the empty path (the current directory). */
  public static Path of(@Nullable CommandSpec command) {
    Path dir = Path.of("");
    if (command == null || command.root() == command) {
      return dir;
    }
    OptionSpec option = command.root().findOption("-C");
    Object value = option == null ? null : option.getValue();
    if (value instanceof List<?> dirs) {
      for (Object d : dirs) {
        dir = dir.resolve(String.valueOf(d));
      }
    }
    return dir;
  }

  /** A path the user gave, resolved against the root's {@code -C}. */
  static @Nullable Path resolve(@Nullable CommandSpec command, @Nullable Path path) {
    return path == null ? null : of(command).resolve(path);
  }
}
