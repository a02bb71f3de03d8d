package dev.cairn.core.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the real tools the interop profile runs against ({@code dvc}, {@code gto}, {@code sshd},
 * {@code moto_server}, the KFP SDK's python). Interop tests are {@code *InteropIT} and run only
 * with {@code -Pinterop}; there a missing tool is a test failure, never a skip.
 */
public final class InteropTools {
  private InteropTools() {}

  /** The repository root (failsafe passes it; falls back to walking up from the working dir). */
  public static Path repoRoot() {
    String configured = System.getProperty("cairn.repo.root");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath();
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve(".ci"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new AssertionError("Cannot find the repository root (no .ci folder above the cwd)");
    }
    return dir;
  }

  /**
   * The executable {@code name}, looked up in {@code .venv-interop/bin}, {@code .venv-kfp/bin},
   * {@code .tools/bin} (the Argo CLI), {@code /usr/sbin} and {@code PATH}.
   *
   * @throws AssertionError if it is not installed: run {@code bash .ci/install-interop-tools}
   */
  public static Path require(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new AssertionError(
                    "interop tool '"
                        + name
                        + "' is not installed (run: bash .ci/install-interop-tools)"));
  }

  /** Like {@link #require} but empty when missing. */
  public static Optional<Path> find(String name) {
    List<Path> dirs = new ArrayList<>();
    Path root = repoRoot();
    dirs.add(root.resolve(".venv-interop/bin"));
    dirs.add(root.resolve(".venv-kfp/bin"));
    dirs.add(root.resolve(".tools/bin"));
    dirs.add(Path.of("/usr/sbin"));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(File.pathSeparator)) {
        if (!entry.isEmpty()) {
          dirs.add(Path.of(entry));
        }
      }
    }
    for (Path dir : dirs) {
      Path candidate = dir.resolve(name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The python of the venv that has {@code dvc}, {@code gto} and {@code moto}. */
  public static Path interopPython() {
    Path python = repoRoot().resolve(".venv-interop/bin/python");
    if (!Files.isExecutable(python)) {
      throw new AssertionError(
          "the interop venv is missing: " + python + " (run: bash .ci/install-interop-tools)");
    }
    return python;
  }

  /** The python of the venv that has the KFP SDK. */
  public static Path kfpPython() {
    Path python = repoRoot().resolve(".venv-kfp/bin/python");
    if (!Files.isExecutable(python)) {
      throw new AssertionError(
          "the KFP venv is missing: " + python + " (run: bash .ci/install-interop-tools)");
    }
    return python;
  }
}
