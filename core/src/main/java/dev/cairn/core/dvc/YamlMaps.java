package dev.cairn.core.dvc;

import dev.cairn.core.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A DVC YAML file ({@code .dvc}, {@code dvc.yaml}) read leniently as plain Java values, through the
 * same parser as {@link DvcFile} and {@link DvcYaml}, for readers that only look values up (a
 * lineage walk over old commits) and must not fail on entries they do not use.
 */
public final class YamlMaps {
  private YamlMaps() {}

  /**
   * The document's top-level mapping as LinkedHashMap, ArrayList, String, Long, BigInteger, Double,
   * Boolean and null values; empty for an empty document.
   *
   * @throws InvalidInputException if the text is not YAML or its top level is not a mapping
   */
  @SuppressWarnings("unchecked")
  public static Map<String, @Nullable Object> parse(byte[] bytes, String name) {
    try {
      YamlDocument doc = YamlDocument.parse(new String(bytes, StandardCharsets.UTF_8), false);
      return (Map<String, @Nullable Object>) Objects.requireNonNull(YamlNode.toPlain(doc.root));
    } catch (YamlSyntaxException e) {
      throw new InvalidInputException(
          "Cannot parse YAML file: " + name + " (" + e.getMessage() + ")", e);
    }
  }
}
