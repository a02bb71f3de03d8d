package dev.cairn.core.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The versions a stage was rolled back away from, read from the rollback's unassign tag messages
 * (their {@code cairn-rollback-*} trailers, or the older {@code (rollback to vX.Y.Z ...)} text). A
 * version leaves this list when it is assigned to the stage again: by an operator's {@code cairn
 * assign}, a rollback to it, or a promotion with {@code --allow-rolled-back}. Immutable.
 */
public final class RollbackMemory {
  private static final Pattern LEGACY = Pattern.compile("\\(rollback to (v[^:;) ]+)");

  /**
   * One version rolled back away from.
   *
   * @param version the version
   * @param toVersion the version the stage went back to
   * @param md5 its content's object id when the rollback recorded it ({@code abc...} or {@code
   *     abc....dir}), else null
   * @param reason the rollback's reason as recorded
   * @param at the unassign tag's time
   */
  public record RolledBack(
      String version, String toVersion, @Nullable String md5, String reason, Instant at) {}

  private final String stage;
  private final List<RolledBack> entries;

  private RollbackMemory(String stage, List<RolledBack> entries) {
    this.stage = stage;
    this.entries = List.copyOf(entries);
  }

  /** The versions {@code stage} of {@code artifact} was rolled back away from, oldest first. */
  public static RollbackMemory of(ArtifactState artifact, String stage) {
    Map<String, RolledBack> byVersion = new LinkedHashMap<>();
    for (RegistryEvent e : artifact.history()) {
      String version = e.version();
      if (!stage.equals(e.stage()) || version == null) {
        continue;
      }
      if (e.action() == TagAction.ASSIGN) {
        byVersion.remove(version);
      } else if (e.action() == TagAction.UNASSIGN) {
        parse(e, version).ifPresent(r -> byVersion.put(version, r));
      }
    }
    return new RollbackMemory(stage, new ArrayList<>(byVersion.values()));
  }

  private static Optional<RolledBack> parse(RegistryEvent e, String version) {
    Map<String, String> trailers = Trailers.parse(e.message());
    String to = trailers.get(Trailers.ROLLBACK_TO);
    if (to != null) {
      return Optional.of(
          new RolledBack(
              version,
              to,
              trailers.get(Trailers.ROLLBACK_MD5),
              trailers.getOrDefault(Trailers.REASON, ""),
              e.timestamp()));
    }
    Matcher legacy = LEGACY.matcher(e.message());
    if (legacy.find()) {
      return Optional.of(new RolledBack(version, legacy.group(1), null, "", e.timestamp()));
    }
    return Optional.empty();
  }

  public String stage() {
    return stage;
  }

  /** Every version rolled back away from (and not assigned again since), oldest first. */
  public List<RolledBack> entries() {
    return entries;
  }

  /** The versions only. */
  public Set<String> versions() {
    Set<String> result = new java.util.LinkedHashSet<>();
    entries.forEach(r -> result.add(r.version()));
    return result;
  }

  /** The entry for {@code version}, if it was rolled back away from. */
  public Optional<RolledBack> find(String version) {
    return entries.stream().filter(r -> r.version().equals(version)).findFirst();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
