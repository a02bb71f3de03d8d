package dev.cairn.core.dvc;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Where DVC keeps its system and global config files, found as dvc 3 finds them ({@code
 * dvc/dirs.py} with platformdirs): {@code DVC_SYSTEM_CONFIG_DIR} / {@code DVC_GLOBAL_CONFIG_DIR}
 * first, else on Linux {@code $XDG_CONFIG_DIRS[0]/dvc} (default {@code /etc/xdg/dvc}) and {@code
 * $XDG_CONFIG_HOME/dvc} (default {@code ~/.config/dvc}); macOS {@code /Library/Application
 * Support/dvc} and {@code ~/Library/Application Support/dvc}; Windows {@code
 * %PROGRAMDATA%\iterative\dvc} and {@code %LOCALAPPDATA%\iterative\dvc}. The system properties
 * {@code cairn.dvc.system-config-dir} and {@code cairn.dvc.global-config-dir} win over both (for
 * tests).
 *
 * @param system the folder of the system-level {@code config}
 * @param global the folder of the global (per-user) {@code config}
 */
record ConfigDirs(Path system, Path global) {
  static final String SYSTEM_ENV = "DVC_SYSTEM_CONFIG_DIR";
  static final String GLOBAL_ENV = "DVC_GLOBAL_CONFIG_DIR";
  static final String SYSTEM_PROPERTY = "cairn.dvc.system-config-dir";
  static final String GLOBAL_PROPERTY = "cairn.dvc.global-config-dir";

  /** The folders for this process's environment. */
  static ConfigDirs current() {
    return of(System::getenv, System.getProperty("os.name", ""), System.getProperty("user.home"));
  }

  static ConfigDirs of(UnaryOperator<@Nullable String> env, String osName, String home) {
    String os = osName.toLowerCase(Locale.ROOT);
    Path system = given(SYSTEM_PROPERTY, env.apply(SYSTEM_ENV));
    Path global = given(GLOBAL_PROPERTY, env.apply(GLOBAL_ENV));
    if (system == null) {
      system = defaultSystem(env, os);
    }
    if (global == null) {
      global = defaultGlobal(env, os, home);
    }
    return new ConfigDirs(system, global);
  }

  private static @Nullable Path given(String property, @Nullable String envValue) {
    String value = System.getProperty(property);
    if (value == null || value.isEmpty()) {
      value = envValue;
    }
    return value == null || value.isEmpty() ? null : Path.of(value);
  }

  private static Path defaultSystem(UnaryOperator<@Nullable String> env, String os) {
    if (os.startsWith("windows")) {
      return Path.of(orElse(env.apply("PROGRAMDATA"), "C:\\ProgramData"), "iterative", "dvc");
    }
    if (os.startsWith("mac")) {
      return Path.of("/Library/Application Support/dvc");
    }
    String dirs = env.apply("XDG_CONFIG_DIRS");
    String first = dirs == null ? "" : dirs.split(":", -1)[0].strip();
    return Path.of(first.isEmpty() ? "/etc/xdg" : first, "dvc");
  }

  private static Path defaultGlobal(UnaryOperator<@Nullable String> env, String os, String home) {
    if (os.startsWith("windows")) {
      String local = orElse(env.apply("LOCALAPPDATA"), home + "\\AppData\\Local");
      return Path.of(local, "iterative", "dvc");
    }
    if (os.startsWith("mac")) {
      return Path.of(home, "Library", "Application Support", "dvc");
    }
    String xdg = env.apply("XDG_CONFIG_HOME");
    return xdg == null || xdg.isBlank()
        ? Path.of(home, ".config", "dvc")
        : Path.of(xdg.strip(), "dvc");
  }

  private static String orElse(@Nullable String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
