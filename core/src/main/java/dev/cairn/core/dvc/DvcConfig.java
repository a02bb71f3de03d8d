package dev.cairn.core.dvc;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The merged repository DVC config: {@code .dvc/config}, then {@code .dvc/config.local} (later
 * wins, key by key). Section names and keys are lowercased, as DVC reads them. Writing methods
 * change one file and rewrite it in the layout DVC writes (which, like DVC, drops comments).
 */
public final class DvcConfig {
  /** Which file a setting is written to. */
  public enum Level {
    /** {@code .dvc/config}, committed to Git. */
    REPO("config"),
    /** {@code .dvc/config.local}, git-ignored. */
    LOCAL("config.local");

    private final String fileName;

    Level(String fileName) {
      this.fileName = fileName;
    }

    public String fileName() {
      return fileName;
    }
  }

  /** The cache link types DVC uses for a local cache when {@code cache.type} is not set. */
  public static final List<String> DEFAULT_CACHE_TYPES = List.of("reflink", "copy");

  private static final Pattern URL_SCHEME = Pattern.compile("^\\w+://.*", Pattern.DOTALL);
  private static final Set<String> REMOTE_PATH_KEYS =
      Set.of(
          "url",
          "gdrive_user_credentials_file",
          "gdrive_service_account_json_file_path",
          "credentialpath",
          "configpath",
          "keyfile",
          "cert_path",
          "key_path");

  private final Path dvcDir;
  private final Map<String, Map<String, Object>> sections;

  private DvcConfig(Path dvcDir, Map<String, Map<String, Object>> sections) {
    this.dvcDir = dvcDir;
    this.sections = sections;
  }

  /**
   * Loads {@code config} and {@code config.local} from a {@code .dvc} directory. Missing files
   * count as empty.
   *
   * @throws InvalidInputException if a file is malformed
   */
  public static DvcConfig load(Path dvcDir) {
    Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
    for (Level level : Level.values()) {
      ConfigObjFile file = readFile(dvcDir, level);
      file.sections.forEach(
          (section, keys) ->
              merged.computeIfAbsent(section, s -> new LinkedHashMap<>()).putAll(keys));
    }
    return new DvcConfig(dvcDir.toAbsolutePath(), merged);
  }

  private static ConfigObjFile readFile(Path dvcDir, Level level) {
    Path path = dvcDir.resolve(level.fileName());
    String text = AtomicFiles.readIfExists(path, "DVC config");
    return text == null ? new ConfigObjFile() : ConfigObjFile.parse(text, path.toString());
  }

  /**
   * A raw merged value ({@code section} as in the file, e.g. {@code core} or {@code remote "s3"}).
   */
  public Optional<String> get(String section, String key) {
    Map<String, Object> keys = sections.get(section.toLowerCase(Locale.ROOT));
    if (keys == null) {
      return Optional.empty();
    }
    Object value = keys.get(key.toLowerCase(Locale.ROOT));
    return Optional.ofNullable(value).map(DvcConfig::text);
  }

  /** {@code core.remote}, lowercased as DVC's schema does. */
  public Optional<String> defaultRemoteName() {
    return get("core", "remote").map(s -> s.toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty());
  }

  /** The configured remote names in file order. */
  public List<String> remoteNames() {
    List<String> names = new ArrayList<>();
    sections.forEach(
        (section, keys) -> {
          Matcher m = ConfigObjFile.NAMED.matcher(section);
          if (m.matches() && m.group(1).equals("remote")) {
            names.add(m.group(2));
          }
        });
    return Collections.unmodifiableList(names);
  }

  /**
   * A remote by name (case-insensitive).
   *
   * @throws ConfigurationException if it is not configured or has no url
   */
  public RemoteConfig remote(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    Map<String, Object> keys = sections.get("remote \"" + lower + "\"");
    if (keys == null) {
      throw new ConfigurationException(
          "Cannot find DVC remote: "
              + name
              + " (configured remotes: "
              + (remoteNames().isEmpty() ? "none" : String.join(", ", remoteNames()))
              + "; add it with dvc remote add)");
    }
    Map<String, String> options = new LinkedHashMap<>();
    keys.forEach(
        (k, v) -> options.put(k, REMOTE_PATH_KEYS.contains(k) ? resolve(text(v)) : text(v)));
    String url = options.get("url");
    if (url == null || url.isBlank()) {
      throw new ConfigurationException(
          "Cannot use DVC remote: " + lower + " (it has no url; set it with dvc remote modify)");
    }
    return new RemoteConfig(lower, url, options);
  }

  /**
   * The remote named by {@code core.remote}.
   *
   * @throws ConfigurationException if none is set or it is not configured
   */
  public RemoteConfig defaultRemote() {
    String name =
        defaultRemoteName()
            .orElseThrow(
                () ->
                    new ConfigurationException(
                        "Cannot find default DVC remote: core.remote is not set (configured"
                            + " remotes: "
                            + (remoteNames().isEmpty() ? "none" : String.join(", ", remoteNames()))
                            + "; run dvc remote default NAME)"));
    return remote(name);
  }

  /** {@code cache.dir} resolved against {@code .dvc/}, or {@code .dvc/cache} when unset. */
  public Path cacheDir() {
    return get("cache", "dir")
        .filter(s -> !s.isEmpty())
        .map(s -> Path.of(resolve(s)))
        .orElse(dvcDir.resolve("cache"));
  }

  /** {@code cache.type} as a list, {@code [reflink, copy]} when unset. */
  public List<String> cacheTypes() {
    Map<String, Object> cache = sections.getOrDefault("cache", Map.of());
    Object value = cache.get("type");
    if (value == null) {
      return DEFAULT_CACHE_TYPES;
    }
    List<String> types = new ArrayList<>();
    List<?> raw = value instanceof List<?> l ? l : List.of(String.valueOf(value).split(","));
    for (Object item : raw) {
      String t = String.valueOf(item).strip();
      if (!t.isEmpty()) {
        types.add(t);
      }
    }
    Set<String> allowed = Set.of("reflink", "hardlink", "symlink", "copy");
    if (types.isEmpty() || !allowed.containsAll(types)) {
      throw new InvalidInputException(
          "Cannot use cache.type: "
              + text(value)
              + " (use a comma-separated subset of reflink, hardlink, symlink, copy)");
    }
    return List.copyOf(types);
  }

  private String resolve(String path) {
    if (path.isEmpty() || URL_SCHEME.matcher(path).matches() || path.startsWith("/")) {
      return path;
    }
    String expanded = path;
    if (path.equals("~") || path.startsWith("~/")) {
      expanded = System.getProperty("user.home") + path.substring(1);
    }
    if (expanded.startsWith("/")) {
      return expanded;
    }
    return dvcDir.resolve(expanded).toAbsolutePath().normalize().toString();
  }

  private static String text(@Nullable Object value) {
    if (value instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(v -> parts.add(String.valueOf(v)));
      return String.join(",", parts);
    }
    return String.valueOf(value);
  }

  // ---- writing -------------------------------------------------------------------------------

  /**
   * The text of a new {@code .dvc/config} with one remote that is also the default, exactly as
   * {@code dvc remote add -d NAME URL} writes it into an empty config (for writing into a Git
   * commit rather than a directory).
   *
   * @throws InvalidInputException if the name or url cannot be written
   */
  public static String newConfigText(String remoteName, String url) {
    if (remoteName.isBlank() || remoteName.contains("\"")) {
      throw new InvalidInputException(
          "Cannot use remote name: '" + remoteName + "' (use a non-empty name without quotes)");
    }
    String name = remoteName.toLowerCase(Locale.ROOT);
    ConfigObjFile file = new ConfigObjFile();
    try {
      ConfigObjFile.quote(url, true);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(String.valueOf(e.getMessage()) + " (remote url)");
    }
    file.sections.computeIfAbsent("core", x -> new LinkedHashMap<>()).put("remote", name);
    file.sections
        .computeIfAbsent("remote \"" + name + "\"", x -> new LinkedHashMap<>())
        .put("url", url);
    return file.write();
  }

  /**
   * Adds or changes a remote's url (as {@code dvc remote add}/{@code modify url}). A relative local
   * path is stored as given and read relative to {@code .dvc/}.
   */
  public static void setRemote(Path dvcDir, Level level, String name, String url) {
    setRemoteOption(dvcDir, level, name, "url", url);
  }

  /** Sets {@code core.remote} (as {@code dvc remote default NAME}). */
  public static void setDefaultRemote(Path dvcDir, Level level, String name) {
    set(dvcDir, level, "core", "remote", name.toLowerCase(Locale.ROOT));
  }

  /** Sets one option of a remote (as {@code dvc remote modify NAME KEY VALUE}). */
  public static void setRemoteOption(
      Path dvcDir, Level level, String name, String key, String value) {
    if (name.isBlank() || name.contains("\"")) {
      throw new InvalidInputException(
          "Cannot use remote name: '" + name + "' (use a non-empty name without quotes)");
    }
    set(dvcDir, level, "remote \"" + name.toLowerCase(Locale.ROOT) + "\"", key, value);
  }

  /** Sets {@code key} in {@code section} (e.g. {@code cache}, {@code type}, {@code copy}). */
  public static void set(Path dvcDir, Level level, String section, String key, String value) {
    edit(dvcDir, level, section, key, value);
  }

  /** Removes {@code key} from {@code section}; an emptied section disappears, as in DVC. */
  public static void unset(Path dvcDir, Level level, String section, String key) {
    edit(dvcDir, level, section, key, null);
  }

  private static void edit(
      Path dvcDir, Level level, String section, String key, @Nullable String value) {
    String s = section.strip().toLowerCase(Locale.ROOT);
    String k = key.strip().toLowerCase(Locale.ROOT);
    if (s.isEmpty() || k.isEmpty() || k.contains("=") || s.contains("[") || s.contains("]")) {
      throw new InvalidInputException(
          "Cannot set DVC config key: " + section + "." + key + " (use a plain section and key)");
    }
    ConfigObjFile file = readFile(dvcDir, level);
    if (value == null) {
      Map<String, Object> keys = file.sections.get(s);
      if (keys != null) {
        keys.remove(k);
      }
    } else {
      try {
        ConfigObjFile.quote(value, true);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(String.valueOf(e.getMessage()) + " (" + s + "." + k + ")");
      }
      file.sections.computeIfAbsent(s, x -> new LinkedHashMap<>()).put(k, value);
    }
    AtomicFiles.write(dvcDir.resolve(level.fileName()), file.write());
  }
}
