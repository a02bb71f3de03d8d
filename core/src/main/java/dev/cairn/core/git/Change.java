package dev.cairn.core.git;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one write does: optionally one commit on the branch (files replaced or added at the given
 * repository paths) plus annotated tags, pushed together atomically.
 *
 * @param commitMessage message of the commit, or null to make no commit
 * @param files new content by repository path ({@code models/m.dvc})
 * @param tags tags to create
 * @param allowEmptyCommit make the commit even if the files are unchanged
 */
public record Change(
    @Nullable String commitMessage,
    Map<String, byte[]> files,
    List<NewTag> tags,
    boolean allowEmptyCommit) {

  public Change {
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    tags = List.copyOf(tags);
    if (commitMessage == null && !files.isEmpty()) {
      throw new IllegalArgumentException("Cannot change files without a commit message");
    }
    for (String path : files.keySet()) {
      if (path.isEmpty()
          || path.startsWith("/")
          || path.contains("\\")
          || path.contains("//")
          || List.of(path.split("/")).contains("..")
          || List.of(path.split("/")).contains(".")) {
        throw new IllegalArgumentException("Cannot write repository path: '" + path + "'");
      }
    }
  }

  /** Nothing to write: the operation found the registry already in the wanted state. */
  public static Change none() {
    return new Change(null, Map.of(), List.of(), false);
  }

  /** Tags only, on existing commits. */
  public static Change tags(List<NewTag> tags) {
    return new Change(null, Map.of(), tags, false);
  }

  /** A commit of {@code files} plus tags (a null target in a tag means the new commit). */
  public static Change commit(String message, Map<String, byte[]> files, List<NewTag> tags) {
    return new Change(message, files, tags, false);
  }

  public boolean isEmpty() {
    return commitMessage == null && tags.isEmpty();
  }
}
