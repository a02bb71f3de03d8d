package dev.cairn.core.registry;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * gto's artifact shortcuts for {@code show}: {@code NAME}, {@code NAME#STAGE} (the version in the
 * stage), {@code NAME@latest} or {@code NAME@greatest} (the first version listed: the greatest
 * SemVer) and {@code NAME@vX.Y.Z} (that version). A value that is no shortcut is a plain name, as
 * in gto.
 *
 * @param name the artifact
 * @param stage the stage asked for, or null
 * @param version the version asked for, or null
 * @param latest whether {@code @latest} or {@code @greatest} was asked for
 */
public record GtoQuery(
    String name, @Nullable String stage, @Nullable String version, boolean latest) {
  private static final Pattern SHORTCUT =
      Pattern.compile(
          "(?<artifact>(?:"
              + GtoTag.DIRNAME
              + ":)?"
              + GtoTag.NAME
              + ")(?:#(?<stage>"
              + GtoTag.NAME
              + ")|@(?<version>latest|greatest|v"
              + SemVer.CORE_REGEX
              + "))");

  /** Parses {@code value} as gto's {@code parse_shortcut} does. */
  public static GtoQuery parse(String value) {
    Matcher m = SHORTCUT.matcher(value);
    if (!m.matches()) {
      return new GtoQuery(value, null, null, false);
    }
    String v = m.group("version");
    boolean latest = "latest".equals(v) || "greatest".equals(v);
    return new GtoQuery(m.group("artifact"), m.group("stage"), latest ? null : v, latest);
  }

  /** Whether a stage or version was asked for. */
  public boolean shortcut() {
    return stage != null || version != null || latest;
  }

  /** The entries of {@code gto show NAME --json} that this query selects, as gto selects them. */
  public List<Map<String, Object>> select(List<Map<String, Object>> versions) {
    if (latest) {
      return versions.isEmpty() ? List.of() : List.of(versions.get(0));
    }
    if (version != null) {
      return versions.stream().filter(v -> version.equals(v.get("version"))).toList();
    }
    if (stage != null) {
      return versions.stream()
          .filter(
              v ->
                  v.get("stages") instanceof List<?> stages
                      && stages.stream()
                          .anyMatch(s -> s instanceof Map<?, ?> m && stage.equals(m.get("stage"))))
          .toList();
    }
    return versions;
  }
}
