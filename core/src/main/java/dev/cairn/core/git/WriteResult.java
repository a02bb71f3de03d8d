package dev.cairn.core.git;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link GitRepo#write}.
 *
 * @param commit the new commit, or null if none was made
 * @param head the branch head after the write
 * @param tags the tags created
 * @param attempts how many times the operation was applied (more than 1 after lost races)
 */
public record WriteResult(
    @Nullable String commit, @Nullable String head, List<String> tags, int attempts) {
  public WriteResult {
    tags = List.copyOf(tags);
  }

  public boolean changed() {
    return commit != null || !tags.isEmpty();
  }
}
