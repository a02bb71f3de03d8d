package dev.cairn.core.registry;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A version to register.
 *
 * @param artifact the artifact name (GTO rules)
 * @param version an explicit version ({@code v1.2.3}), or null for an automatic one
 * @param bump how to derive the automatic version from the latest (null = patch, or {@code v0.0.1}
 *     for the first version, as GTO does)
 * @param files files to commit with the registration (e.g. the {@code .dvc} pointer), by repository
 *     path; empty to register the current head
 * @param commitMessage the commit message (a default is used when null)
 * @param message the tag message (GTO's default when null)
 */
public record RegisterRequest(
    String artifact,
    @Nullable String version,
    @Nullable Bump bump,
    Map<String, byte[]> files,
    @Nullable String commitMessage,
    @Nullable String message) {
  public RegisterRequest {
    GtoTag.checkFullName(artifact);
    if (version != null) {
      SemVer.parse(version);
      if (bump != null) {
        throw new IllegalArgumentException("Cannot register with both a version and a bump");
      }
    }
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /** The next automatic version of the current head. */
  public static RegisterRequest of(String artifact) {
    return new RegisterRequest(artifact, null, null, Map.of(), null, null);
  }

  public RegisterRequest withVersion(String explicit) {
    return new RegisterRequest(artifact, explicit, null, files, commitMessage, message);
  }

  public RegisterRequest withBump(Bump newBump) {
    return new RegisterRequest(artifact, null, newBump, files, commitMessage, message);
  }

  public RegisterRequest withFiles(Map<String, byte[]> newFiles, String newCommitMessage) {
    return new RegisterRequest(artifact, version, bump, newFiles, newCommitMessage, message);
  }

  public RegisterRequest withMessage(String newMessage) {
    return new RegisterRequest(artifact, version, bump, files, commitMessage, newMessage);
  }
}
