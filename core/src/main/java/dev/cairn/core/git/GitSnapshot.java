package dev.cairn.core.git;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The branch head and the tags as fetched at the start of one write attempt. */
public interface GitSnapshot {
  /** The branch head commit, or null when the branch does not exist yet. */
  @Nullable String head();

  /** Every tag (annotated and lightweight) known at this attempt. */
  List<GitTag> tags();

  /** Every marker ({@code refs/cairn/...} other than claims) known at this attempt. */
  default List<GitMarker> markers() {
    return List.of();
  }

  /** A file's bytes at the head, or empty if it does not exist there. */
  Optional<byte[]> readFile(String path);
}
