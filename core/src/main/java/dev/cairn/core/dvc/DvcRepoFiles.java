package dev.cairn.core.dvc;

import dev.cairn.core.CairnException;
import dev.cairn.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The small files DVC keeps next to data: what {@code dvc init} creates, and the {@code /name}
 * entries {@code dvc add} appends to a {@code .gitignore}.
 */
public final class DvcRepoFiles {
  /** {@code .dvc/.gitignore} exactly as {@code dvc init} (3.x) writes it. */
  public static final String DVC_DIR_GITIGNORE = "/config.local\n/tmp\n/cache\n";

  /** {@code .dvcignore} exactly as {@code dvc init} (3.x) writes it. */
  public static final String DVCIGNORE =
      """
      # Add patterns of files dvc should ignore, which could improve
      # the performance. Learn more at
      # https://dvc.org/doc/user-guide/dvcignore
      """;

  private DvcRepoFiles() {}

  /**
   * Creates what {@code dvc init} creates in {@code repoRoot}: an empty {@code .dvc/config}, {@code
   * .dvc/.gitignore} and {@code .dvcignore}. Files that already exist are left alone.
   *
   * @return true if the {@code .dvc} directory did not exist before
   */
  public static boolean init(Path repoRoot) {
    Path dvcDir = repoRoot.resolve(".dvc");
    boolean created = !Files.isDirectory(dvcDir);
    createIfMissing(dvcDir.resolve("config"), "");
    createIfMissing(dvcDir.resolve(".gitignore"), DVC_DIR_GITIGNORE);
    createIfMissing(repoRoot.resolve(".dvcignore"), DVCIGNORE);
    return created;
  }

  private static void createIfMissing(Path file, String text) {
    if (!Files.exists(file)) {
      AtomicFiles.write(file, text);
    }
  }

  /**
   * Git-ignores a tracked path the way {@code dvc add} does: appends {@code /<name>} (gitignore
   * special characters escaped) to the {@code .gitignore} in the path's directory, first adding a
   * newline if the file does not end with one. Does nothing if that line is already there.
   *
   * @return true if the entry was added
   */
  public static boolean ignore(Path trackedPath) {
    Path abs = trackedPath.toAbsolutePath().normalize();
    Path name = abs.getFileName();
    Path dir = abs.getParent();
    if (name == null || dir == null) {
      throw new InvalidInputException(
          "Cannot git-ignore path: " + trackedPath + " (give a file or directory inside the repo)");
    }
    return addEntry(dir.resolve(".gitignore"), "/" + escape(name.toString()));
  }

  /**
   * The text of a {@code .gitignore} (null or empty when there is none) after {@code dvc add} of
   * the path {@code name} beside it: the {@code /name} line appended as {@link #ignore} does, or
   * the same text when the line is there already.
   */
  public static String withIgnoreEntry(@Nullable String gitignoreText, String name) {
    String text = gitignoreText == null ? "" : gitignoreText;
    String entry = "/" + escape(name);
    if (hasLine(text, entry)) {
      return text;
    }
    return text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + entry + "\n";
  }

  private static boolean hasLine(String text, String entry) {
    for (String line : text.split("\r?\n", -1)) {
      if (line.equals(entry)) {
        return true;
      }
    }
    return false;
  }

  /** Appends {@code entry} as a line unless present; returns true if it was added. */
  static boolean addEntry(Path gitignore, String entry) {
    String text = AtomicFiles.readIfExists(gitignore, ".gitignore");
    if (text == null) {
      text = "";
    }
    if (hasLine(text, entry)) {
      return false;
    }
    String prefix = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
    try {
      Files.writeString(
          gitignore,
          prefix + entry + "\n",
          java.nio.charset.StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new CairnException(
          "Cannot write file: " + gitignore + " (" + e.getMessage() + "; check permissions)", e);
    }
    return true;
  }

  /** Escapes gitignore pattern characters ({@code \ [ ] ! * # ?}) with a backslash. */
  static String escape(String name) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if ("\\[]!*#?".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
