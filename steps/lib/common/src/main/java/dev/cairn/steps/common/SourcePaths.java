package dev.cairn.steps.common;

import dev.cairn.core.InvalidInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Checks a step's input path before any work, so a missing or empty mount fails in one line. */
public final class SourcePaths {
  private SourcePaths() {}

  /**
   * The path, absolute, if it is a readable file or a directory with at least one file.
   *
   * @param option the option it came from ({@code --data})
   * @param what what it should be ("dataset", "model")
   * @throws InvalidInputException if it is missing, unreadable or an empty directory
   */
  public static Path requireContent(Path path, String option, String what) {
    Path absolute = path.toAbsolutePath().normalize();
    if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException(
          "Cannot read "
              + what
              + " "
              + option
              + " "
              + absolute
              + ": no such file or directory (check the path and that the volume is mounted)");
    }
    if (!Files.isReadable(absolute)) {
      throw new InvalidInputException(
          "Cannot read " + what + " " + option + " " + absolute + ": permission denied");
    }
    if (Files.isDirectory(absolute) && !hasFile(absolute)) {
      throw new InvalidInputException(
          "Cannot version "
              + what
              + " "
              + option
              + " "
              + absolute
              + ": the directory has no files (check the volume is mounted and the step before"
              + " wrote its output)");
    }
    return absolute;
  }

  private static boolean hasFile(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.anyMatch(Files::isRegularFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
