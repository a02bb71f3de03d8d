package dev.cairn.core.registry;

import java.util.Optional;

/**
 * A check {@link Registry#assign(String, String, String, String, PromotionCheck)} makes inside its
 * write, against the registry state of each attempt: after a lost push race it runs again on the
 * new head, so a gate, a hold or a rollback that landed meanwhile is always seen.
 */
@FunctionalInterface
public interface PromotionCheck {
  /**
   * Why the version must not be assigned now, or empty to assign it.
   *
   * @param state the whole registry at this attempt
   * @param artifact the artifact at this attempt
   * @param holds the stage holds at this attempt
   */
  Optional<String> refusal(RegistryState state, ArtifactState artifact, StageHolds holds);
}
