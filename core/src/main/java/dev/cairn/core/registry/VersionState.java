package dev.cairn.core.registry;

import java.time.Instant;
import java.util.List;

/**
 * One version of an artifact as {@code gto show name} presents it.
 *
 * @param version {@code v1.2.3}, or a commit id for a commit that has stage tags but no version tag
 *     ("discovered")
 * @param commit the commit the version's tags point at
 * @param registered whether a registration tag exists
 * @param discovered whether it only exists through stage tags
 * @param active registered and not deregistered since (or discovered)
 * @param createdAt time of the newest registration (or of the first event when not registered)
 * @param stages stages this version currently holds an active assignment for, oldest first
 */
public record VersionState(
    String version,
    String commit,
    boolean registered,
    boolean discovered,
    boolean active,
    Instant createdAt,
    List<String> stages) {
  public VersionState {
    stages = List.copyOf(stages);
  }
}
