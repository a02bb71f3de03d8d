package dev.cairn.core.git;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A tag as read from a repository.
 *
 * @param name the name below {@code refs/tags/}
 * @param targetCommit the commit the tag points at (peeled)
 * @param taggerTime the tagger time of an annotated tag (one-second resolution); null for a
 *     lightweight tag
 * @param taggerName tagger name, empty for a lightweight tag
 * @param taggerEmail tagger e-mail, empty for a lightweight tag
 * @param message the annotated tag's message, empty for a lightweight tag
 */
public record GitTag(
    String name,
    String targetCommit,
    @Nullable Instant taggerTime,
    String taggerName,
    String taggerEmail,
    String message) {

  public boolean annotated() {
    return taggerTime != null;
  }

  /** An annotated tag. */
  public static GitTag annotated(
      String name, String targetCommit, Instant time, GitIdentity tagger, String message) {
    return new GitTag(name, targetCommit, time, tagger.name(), tagger.email(), message);
  }

  /** A lightweight tag (ignored by GTO except for counters). */
  public static GitTag lightweight(String name, String targetCommit) {
    return new GitTag(name, targetCommit, null, "", "", "");
  }
}
