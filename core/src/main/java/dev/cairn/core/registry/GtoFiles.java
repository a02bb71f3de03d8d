package dev.cairn.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cairn.core.DidYouMean;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.git.GitCommit;
import dev.cairn.core.git.GitRepo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What gto 1.10 reads from the repository besides tags, at the branch head: its config file {@code
 * .gto} (the allowed {@code stages}; {@code types} is read but, as in gto 1.10, enforced by no
 * command) and the artifacts declared in {@code artifacts.yaml} (or the file {@code .gto} names as
 * {@code INDEX}). Immutable.
 */
public final class GtoFiles {
  /** GTO's config file at the repository root. */
  public static final String CONFIG_FILE = ".gto";

  private static final String DEFAULT_INDEX = "artifacts.yaml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern NAME_RE = Pattern.compile(GtoTag.NAME);

  /** gto's config fields; keys are matched case-insensitively, as pydantic-settings does. */
  private static final Set<String> KNOWN_KEYS =
      Set.of(
          "index",
          "config_file_name",
          "log_level",
          "debug",
          "emojis",
          "types",
          "stages",
          "enrichments",
          "autoload_enrichments");

  private final @Nullable List<String> stages;
  private final @Nullable List<String> types;
  private final String index;
  private final Map<String, DeclaredArtifact> declared;
  private final @Nullable GitCommit head;

  private GtoFiles(
      @Nullable List<String> stages,
      @Nullable List<String> types,
      String index,
      Map<String, DeclaredArtifact> declared,
      @Nullable GitCommit head) {
    this.stages = stages;
    this.types = types;
    this.index = index;
    this.declared = declared;
    this.head = head;
  }

  /** No {@code .gto}, no {@code artifacts.yaml}. */
  public static GtoFiles none() {
    return new GtoFiles(null, null, DEFAULT_INDEX, Map.of(), null);
  }

  /**
   * Reads {@code .gto} and the declarations at the branch head of {@code repo}.
   *
   * @throws InvalidInputException if either file is one gto refuses too
   */
  public static GtoFiles at(GitRepo repo) {
    Optional<String> head = repo.head();
    if (head.isEmpty()) {
      return none();
    }
    GtoFiles config = config(path -> repo.readFile(head.get(), path));
    Optional<byte[]> indexFile = repo.readFile(head.get(), config.index);
    if (indexFile.isEmpty()) {
      return config;
    }
    Map<String, DeclaredArtifact> declared = parseIndex(indexFile.get(), config.index);
    return new GtoFiles(
        config.stages,
        config.types,
        config.index,
        declared,
        declared.isEmpty() ? null : repo.commit(head.get()));
  }

  /**
   * Reads only {@code .gto} through {@code reader} (a path to the file's bytes at some commit).
   *
   * @throws InvalidInputException if gto would refuse the file
   */
  static GtoFiles config(Function<String, Optional<byte[]>> reader) {
    Optional<byte[]> bytes = reader.apply(CONFIG_FILE);
    if (bytes.isEmpty()) {
      return none();
    }
    JsonNode root = read(bytes.get(), CONFIG_FILE);
    if (root == null || root.isNull() || root.isMissingNode()) {
      return none();
    }
    if (!root.isObject()) {
      throw wrong(CONFIG_FILE, "it is not a mapping of settings");
    }
    List<String> stages = null;
    List<String> types = null;
    String index = DEFAULT_INDEX;
    Iterator<Map.Entry<String, JsonNode>> fields = root.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = field.getKey().toLowerCase(Locale.ROOT);
      if (!KNOWN_KEYS.contains(key)) {
        throw wrong(
            CONFIG_FILE,
            "unknown setting '"
                + field.getKey()
                + "'; "
                + DidYouMean.hintAndList(key, "gto's settings", KNOWN_KEYS));
      }
      JsonNode value = field.getValue();
      switch (key) {
        case "stages" -> stages = names(value, "stages");
        case "types" -> types = names(value, "types");
        case "index" -> {
          if (value.isTextual() && !value.asText().isBlank()) {
            index = value.asText();
          }
        }
        default -> {}
      }
    }
    return new GtoFiles(stages, types, index, Map.of(), null);
  }

  private static @Nullable List<String> names(JsonNode value, String key) {
    if (value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw wrong(CONFIG_FILE, key + " is not a list (write " + key + ": [a, b])");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual() || !NAME_RE.matcher(item.asText()).matches()) {
        throw wrong(
            CONFIG_FILE,
            key
                + " has the invalid name '"
                + item.asText()
                + "' (letters, digits, '-', '_' and '/' only, starting and ending with a letter"
                + " or digit)");
      }
      out.add(item.asText());
    }
    return List.copyOf(out);
  }

  private static Map<String, DeclaredArtifact> parseIndex(byte[] bytes, String file) {
    JsonNode root = read(bytes, file);
    if (root == null || root.isNull() || root.isMissingNode()) {
      return Map.of();
    }
    if (!root.isObject()) {
      throw wrong(file, "it is not a mapping of artifact names to their type, path, ...");
    }
    Map<String, DeclaredArtifact> out = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = root.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      if (!NAME_RE.matcher(name).matches()) {
        throw wrong(file, "invalid artifact name '" + name + "'");
      }
      JsonNode a = field.getValue();
      if (!a.isNull() && !a.isObject()) {
        throw wrong(file, "the entry of '" + name + "' is not a mapping");
      }
      List<String> labels = new ArrayList<>();
      for (JsonNode label : a.path("labels")) {
        labels.add(label.asText());
      }
      out.put(
          name,
          new DeclaredArtifact(
              text(a.get("type")),
              text(a.get("path")),
              a.path("virtual").asBoolean(true),
              labels,
              a.path("description").asText("")));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static @Nullable String text(@Nullable JsonNode node) {
    return node == null || node.isNull() ? null : node.asText();
  }

  private static @Nullable JsonNode read(byte[] bytes, String file) {
    try {
      return YAML.readTree(bytes);
    } catch (IOException e) {
      throw wrong(file, "it is not valid YAML");
    }
  }

  private static InvalidInputException wrong(String file, String why) {
    return new InvalidInputException(
        "Cannot read " + file + " at the branch head: " + why + " (gto refuses it too; fix it)");
  }

  /** The stages {@code .gto} allows; empty when it sets none (then every stage is allowed). */
  public Optional<List<String>> allowedStages() {
    return Optional.ofNullable(stages);
  }

  /** The types {@code .gto} lists (read, not enforced: gto 1.10 has no command that sets one). */
  public Optional<List<String>> allowedTypes() {
    return Optional.ofNullable(types);
  }

  /** The artifacts declared in {@code artifacts.yaml} at the branch head, in file order. */
  public Map<String, DeclaredArtifact> declared() {
    return declared;
  }

  /** The branch head commit, when {@link #declared()} is not empty. */
  public Optional<GitCommit> head() {
    return Optional.ofNullable(head);
  }

  /**
   * Refuses a stage {@code .gto} does not allow, as gto's assign and unassign do.
   *
   * @throws InvalidInputException naming the allowed stages
   */
  public void checkStage(String stage) {
    GtoTag.checkStage(stage);
    List<String> allowed = stages;
    if (allowed == null || allowed.contains(stage)) {
      return;
    }
    throw new InvalidInputException(
        "Cannot use stage: '"
            + stage
            + "' (not allowed by "
            + CONFIG_FILE
            + "; "
            + DidYouMean.hint(stage, allowed)
            + "allowed stages: "
            + (allowed.isEmpty() ? "none" : String.join(", ", allowed))
            + "; add it to stages: in "
            + CONFIG_FILE
            + " to use it)");
  }

  /** gto show's stage columns: the allowed stages in {@code .gto} order, else those in use. */
  public List<String> stageColumns(RegistryState state) {
    return stages != null ? stages : state.usedStages();
  }
}
