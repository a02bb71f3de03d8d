package dev.cairn.core.dvc;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The merged DVC config: system, global, {@code .dvc/config}, then {@code .dvc/config.local} (later
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

  private static final String REMOTE_REF = "remote://";
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
   * Loads the config as DVC merges it: the system and global files (see {@link #configFiles}), then
   * {@code config} and {@code config.local} of a {@code .dvc} directory, later files winning key by
   * key. Missing files count as empty. Relative paths ({@code cache.dir}, a remote's url, keyfile,
   * ...) are resolved against the folder of the file that sets them, as DVC does.
   *
   * @throws InvalidInputException if a file is malformed
   */
  public static DvcConfig load(Path dvcDir) {
    return load(dvcDir, ConfigDirs.current());
  }

  static DvcConfig load(Path dvcDir, ConfigDirs dirs) {
    Map<String, Map<String, Object>> merged = new LinkedHashMap<>();
    for (Path path : configFiles(dvcDir, dirs)) {
      String text = AtomicFiles.readIfExists(path, "DVC config");
      if (text == null) {
        continue;
      }
      ConfigObjFile file = ConfigObjFile.parse(text, path.toString());
      Path folder = java.util.Objects.requireNonNull(path.toAbsolutePath().getParent());
      file.sections.forEach(
          (section, keys) -> {
            Map<String, Object> target =
                merged.computeIfAbsent(section, s -> new LinkedHashMap<>());
            keys.forEach(
                (key, value) ->
                    target.put(
                        key, isPathKey(section, key) ? resolve(folder, text(value)) : value));
          });
    }
    return new DvcConfig(dvcDir.toAbsolutePath(), merged);
  }

  /** The files DVC reads, lowest precedence first: system, global, repo, local. */
  static List<Path> configFiles(Path dvcDir, ConfigDirs dirs) {
    return List.of(
        dirs.system().resolve("config"),
        dirs.global().resolve("config"),
        dvcDir.resolve(Level.REPO.fileName()),
        dvcDir.resolve(Level.LOCAL.fileName()));
  }

  private static boolean isPathKey(String section, String key) {
    if (section.equals("cache")) {
      return key.equals("dir");
    }
    Matcher m = ConfigObjFile.NAMED.matcher(section);
    return m.matches() && m.group(1).equals("remote") && REMOTE_PATH_KEYS.contains(key);
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
   * A remote by name (case-insensitive). A {@code remote://base/sub} url is DVC's reference to
   * another remote: the result is {@code base}'s url joined with {@code sub}, with {@code base}'s
   * options under this remote's own.
   *
   * @throws ConfigurationException if it is not configured, has no url, or refers in a loop
   */
  public RemoteConfig remote(String name) {
    return remote(name, new LinkedHashSet<>());
  }

  private RemoteConfig remote(String name, Set<String> referring) {
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
    keys.forEach((k, v) -> options.put(k, text(v)));
    String url = options.get("url");
    if (url == null || url.isBlank()) {
      throw new ConfigurationException(
          "Cannot use DVC remote: " + lower + " (it has no url; set it with dvc remote modify)");
    }
    if (!url.regionMatches(true, 0, REMOTE_REF, 0, REMOTE_REF.length())) {
      return new RemoteConfig(lower, url, options);
    }
    if (!referring.add(lower)) {
      throw new ConfigurationException(
          "Cannot use DVC remote: "
              + lower
              + " (remote:// urls refer to each other in a loop: "
              + String.join(" -> ", referring)
              + " -> "
              + lower
              + "; point one of them at a real url with dvc remote modify)");
    }
    String rest = url.substring(REMOTE_REF.length());
    int slash = rest.indexOf('/');
    String base = slash < 0 ? rest : rest.substring(0, slash);
    String sub = slash < 0 ? "" : rest.substring(slash).replaceFirst("^/+", "");
    RemoteConfig resolved = remote(base, referring);
    // DVC joins with the filesystem's separator without normalising (dvc/fs/__init__.py)
    String joined = resolved.url() + "/" + sub;
    Map<String, String> merged = new LinkedHashMap<>(resolved.options());
    merged.putAll(options);
    merged.put("url", joined);
    return new RemoteConfig(lower, joined, merged);
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
        .map(Path::of)
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

  /** {@code core.autostage}: whether files that {@code add} writes are staged in Git. */
  public boolean autostage() {
    return get("core", "autostage")
        .map(v -> v.strip().toLowerCase(Locale.ROOT))
        .map(v -> v.equals("true") || v.equals("1") || v.equals("yes") || v.equals("on"))
        .orElse(false);
  }

  /** A path as DVC's {@code Config._resolve} reads it, relative to the config file's folder. */
  private static String resolve(Path folder, String path) {
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
    return folder.resolve(expanded).toAbsolutePath().normalize().toString();
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
    return withRemote("", remoteName, url, Map.of(), true);
  }

  /**
   * A committed config's text read on its own, as a {@code .dvc/config} in a Git commit: no other
   * level, relative paths left as written.
   *
   * @throws InvalidInputException if it is malformed
   */
  public static DvcConfig ofText(String text, String name) {
    Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
    ConfigObjFile.parse(text, name)
        .sections
        .forEach((section, keys) -> sections.put(section, new LinkedHashMap<>(keys)));
    return new DvcConfig(Path.of(".dvc"), sections);
  }

  /**
   * {@code text} (a config file, maybe empty) with a remote added or changed, as {@code dvc remote
   * add [-d]} then {@code dvc remote modify} write it: {@code url} and then each option set, other
   * keys kept.
   *
   * @param makeDefault also set {@code core.remote} to it
   * @throws InvalidInputException if the name or a value cannot be written
   */
  public static String withRemote(
      String text,
      String remoteName,
      String url,
      Map<String, String> options,
      boolean makeDefault) {
    if (remoteName.isBlank() || remoteName.contains("\"")) {
      throw new InvalidInputException(
          "Cannot use remote name: '" + remoteName + "' (use a non-empty name without quotes)");
    }
    String name = remoteName.toLowerCase(Locale.ROOT);
    ConfigObjFile file = text.isBlank() ? new ConfigObjFile() : ConfigObjFile.parse(text, "config");
    Map<String, String> values = new LinkedHashMap<>();
    values.put("url", url);
    options.forEach((k, v) -> values.put(k.toLowerCase(Locale.ROOT), v));
    values.forEach(
        (k, v) -> {
          try {
            ConfigObjFile.quote(v, true);
          } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                String.valueOf(e.getMessage()) + " (remote " + name + " " + k + ")");
          }
        });
    if (makeDefault) {
      file.sections.computeIfAbsent("core", x -> new LinkedHashMap<>()).put("remote", name);
    }
    file.sections
        .computeIfAbsent("remote \"" + name + "\"", x -> new LinkedHashMap<>())
        .putAll(values);
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
