package dev.cairn.core.git;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An annotated tag to create.
 *
 * @param name the tag name
 * @param targetCommit the commit to tag; null means the change's new commit (or the head when the
 *     change makes no commit)
 * @param message the tag message
 * @param time the tagger time (Git stores whole seconds)
 */
public record NewTag(String name, @Nullable String targetCommit, String message, Instant time) {
  public NewTag {
    if (name.isBlank() || name.startsWith("refs/")) {
      throw new IllegalArgumentException("Cannot create tag: '" + name + "' (give the short name)");
    }
  }
}
