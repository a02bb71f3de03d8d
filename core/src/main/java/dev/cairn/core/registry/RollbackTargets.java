package dev.cairn.core.registry;

import dev.cairn.core.InvalidInputException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How a rollback picks its versions ("previous", the versions that could be named) and what its
 * tags say.
 */
public final class RollbackTargets {
  private RollbackTargets() {}

  /**
   * Where a rollback of a stage goes: the one rule the registry write and the ops plan share.
   *
   * @param current the version in the stage now
   * @param target the version the stage goes back to (active, registered)
   * @param skipped versions "previous" passed over because the stage was rolled back away from them
   */
  public record Choice(String current, VersionState target, List<String> skipped) {
    public Choice {
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Chooses the target of a rollback of {@code stage}: {@code target} when given, else {@link
   * #previous(ArtifactState, String, String) previous} (with {@code reason}, a re-run of the same
   * rollback converges).
   *
   * @throws InvalidInputException if nothing is in the stage, no previous version qualifies, or the
   *     target is not an active registered version
   */
  public static Choice choose(
      ArtifactState artifact, String stage, @Nullable String target, @Nullable String reason) {
    String current = current(artifact, stage);
    List<String> skipped = new ArrayList<>();
    String wanted = target;
    if (wanted == null) {
      wanted = reason == null ? previous(artifact, stage) : previous(artifact, stage, reason);
      Set<String> rolledBack = RollbackMemory.of(artifact, stage).versions();
      artifact.previousInStage(stage).filter(rolledBack::contains).ifPresent(skipped::add);
    }
    return new Choice(current, artifact.requireActive(wanted), skipped);
  }

  /** The version in the stage. */
  public static String current(ArtifactState artifact, String stage) {
    return artifact
        .versionInStage(stage)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "Cannot roll back "
                        + artifact.name()
                        + "#"
                        + stage
                        + ": no version is in the stage ("
                        + artifact.stageHint(stage, "assign one first")
                        + ")"));
  }

  /**
   * "previous": the version that held the stage before the current assignment, skipping
   * deregistered versions and versions the stage was rolled back away from.
   *
   * @throws InvalidInputException when none qualifies, listing the versions that could be named
   */
  public static String previous(ArtifactState artifact, String stage) {
    RollbackMemory memory = RollbackMemory.of(artifact, stage);
    return artifact
        .previousInStage(stage, memory.versions())
        .orElseThrow(() -> noPrevious(artifact, stage, memory));
  }

  /**
   * Like {@link #previous(ArtifactState, String)}, except that when the version in the stage was
   * put there by a rollback with this {@code reason} (the same command run again: an engine's retry
   * after a later part failed, or an operator re-running it), it is the answer: the rollback is
   * done already, and running it again converges instead of going one version further back.
   */
  public static String previous(ArtifactState artifact, String stage, String reason) {
    Optional<String> current = artifact.versionInStage(stage);
    if (current.isPresent() && rolledBackTo(artifact, stage, current.get(), reason.strip())) {
      return current.get();
    }
    return previous(artifact, stage);
  }

  /** Whether the latest assignment of {@code version} to the stage is a rollback for reason. */
  private static boolean rolledBackTo(
      ArtifactState artifact, String stage, String version, String reason) {
    RegistryEvent last = null;
    for (RegistryEvent e : artifact.history()) {
      if (e.action() == TagAction.ASSIGN
          && stage.equals(e.stage())
          && version.equals(e.version())) {
        last = e;
      }
    }
    if (last == null) {
      return false;
    }
    Map<String, String> trailers = Trailers.parse(last.message());
    String recorded = trailers.get(Trailers.REASON);
    return version.equals(trailers.get(Trailers.ROLLBACK_TO))
        && recorded != null
        && (recorded.equals(reason) || recorded.startsWith(reason + "; by "));
  }

  /**
   * The versions an explicit {@code --to} could name: active, not in the stage, not rolled back.
   */
  public static List<String> candidates(ArtifactState artifact, String stage) {
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
    String names = could.isEmpty() ? "" : " with --to: " + String.join(", ", could);
    String move = artifact.name() + "#" + stage;
    if (memory.isEmpty()) {
      return new InvalidInputException(
          "Cannot roll back "
              + move
              + ": no earlier version held the stage (name a version"
              + names
              + ")");
    }
    return new InvalidInputException(
        "Cannot roll back "
            + move
            + " to previous: no earlier holder qualifies, "
            + String.join(", ", memory.versions())
            + " rolled back away from before ("
            + (could.isEmpty() ? "no other active version to name" : "name a version" + names)
            + ")");
  }

  /** The unassign and assign tags of a rollback, with the trailers {@link RollbackMemory} reads. */
  static List<dev.cairn.core.git.NewTag> tags(
      RollbackOrder order,
      VersionState from,
      VersionState to,
      @Nullable String fromContent,
      BigInteger counter,
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
            GtoTag.assign(name, stage, counter.add(BigInteger.ONE)).tagName(),
            to.commit(),
            Trailers.append(assign, trailers),
            time.plusSeconds(1)));
  }
}
