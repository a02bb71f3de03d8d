package dev.cairn.steps.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The work directory of a step run without {@code --work-dir}: one per user, so two users of a
 * machine never share (or lock each other out of) a cache. {@code $XDG_CACHE_HOME/cairn/work}, else
 * {@code ~/.cache/cairn/work} when the home directory is writable, else {@code
 * <tmpdir>/cairn-work-<user>} (a pod with a random uid and no home: the uid names it).
 */
final class DefaultWorkDir {
  private DefaultWorkDir() {}

  /** The default for this process. */
  static Path forThisUser() {
    return choose(
        System.getenv(),
        System.getProperty("user.home"),
        Path.of(System.getProperty("java.io.tmpdir", "/tmp")),
        userLabel(System.getProperty("user.name")));
  }

  static Path choose(Map<String, String> env, @Nullable String home, Path tmp, String userLabel) {
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "cairn", "work");
    }
    if (home != null && !home.isBlank() && !home.equals("?")) {
      Path dir = Path.of(home);
      Path cache = dir.resolve(".cache");
      if (dir.isAbsolute()
          && (Files.isDirectory(cache) ? Files.isWritable(cache) : Files.isWritable(dir))) {
        return cache.resolve("cairn").resolve("work");
      }
    }
    return tmp.resolve("cairn-work-" + userLabel);
  }

  /** The user name when it is a plain name, else the numeric uid (no passwd entry gives "?"). */
  static String userLabel(@Nullable String userName) {
    if (userName != null && userName.matches("[A-Za-z0-9._-]{1,64}") && !userName.startsWith(".")) {
      return userName;
    }
    try {
      return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return "unknown";
    }
  }
}
