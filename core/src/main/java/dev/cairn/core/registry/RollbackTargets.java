package dev.cairn.core.registry;

import dev.cairn.core.InvalidInputException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** How a rollback picks its versions and what its tags say. */
final class RollbackTargets {
  private RollbackTargets() {}

  /** The version in the stage. */
  static String current(ArtifactState artifact, String stage) {
    return artifact
        .versionInStage(stage)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "Cannot roll back "
                        + artifact.name()
                        + "#"
                        + stage
                        + ": no version is in the stage (assign one first)"));
  }

  /**
   * "previous": the version that held the stage before the current assignment, skipping
   * deregistered versions and versions the stage was rolled back away from.
   *
   * @throws InvalidInputException when none qualifies, listing the versions that could be named
   */
  static String previous(ArtifactState artifact, String stage) {
    RollbackMemory memory = RollbackMemory.of(artifact, stage);
    return artifact
        .previousInStage(stage, memory.versions())
        .orElseThrow(() -> noPrevious(artifact, stage, memory));
  }

  /**
   * The versions an explicit {@code --to} could name: active, not in the stage, not rolled back.
   */
  static List<String> candidates(ArtifactState artifact, String stage) {
    Set<String> rolledBack = RollbackMemory.of(artifact, stage).versions();
    String current = artifact.versionInStage(stage).orElse("");
    return artifact.versions().stream()
        .filter(v -> v.registered() && v.active())
        .map(VersionState::version)
        .filter(v -> !v.equals(current) && !rolledBack.contains(v))
        .toList();
  }

  private static InvalidInputException noPrevious(
      ArtifactState artifact, String stage, RollbackMemory memory) {
    List<String> could = candidates(artifact, stage);
    String skipped =
        memory.isEmpty()
            ? ""
            : "; rolled back away from before: " + String.join(", ", memory.versions());
    return new InvalidInputException(
        "Cannot roll back "
            + artifact.name()
            + "#"
            + stage
            + " to previous: no earlier holder qualifies"
            + skipped
            + (could.isEmpty()
                ? " (no other active version to name either)"
                : " (name one with --to: " + String.join(", ", could) + ")"));
  }

  /** The unassign and assign tags of a rollback, with the trailers {@link RollbackMemory} reads. */
  static List<dev.cairn.core.git.NewTag> tags(
      RollbackOrder order,
      VersionState from,
      VersionState to,
      @Nullable String fromContent,
      int counter,
      Instant time) {
    String name = order.name();
    String stage = order.stage();
    String why = order.reason().isEmpty() ? "" : ": " + order.reason();
    Map<String, String> trailers = new LinkedHashMap<>();
    trailers.put(Trailers.ROLLBACK_FROM, from.version());
    trailers.put(Trailers.ROLLBACK_TO, to.version());
    if (fromContent != null) {
      trailers.put(Trailers.ROLLBACK_MD5, fromContent);
    }
    if (!order.reason().isEmpty()) {
      trailers.put(Trailers.REASON, order.reason());
    }
    String unassign =
        "Unassigning stage '"
            + stage
            + "' to artifact '"
            + name
            + "' version '"
            + from.version()
            + "' (rollback to "
            + to.version()
            + why
            + ")";
    String assign =
        "Assigning stage "
            + stage
            + " to artifact "
            + name
            + " version "
            + to.version()
            + " (rollback from "
            + from.version()
            + why
            + ")";
    return List.of(
        new dev.cairn.core.git.NewTag(
            GtoTag.unassign(name, stage, counter).tagName(),
            from.commit(),
            Trailers.append(unassign, trailers),
            time),
        new dev.cairn.core.git.NewTag(
            GtoTag.assign(name, stage, counter + 1).tagName(),
            to.commit(),
            Trailers.append(assign, trailers),
            time.plusSeconds(1)));
  }
}
