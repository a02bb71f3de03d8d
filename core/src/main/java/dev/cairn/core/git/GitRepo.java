package dev.cairn.core.git;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A Git repository as Cairn uses it: read files and tags at any revision without a checkout, and
 * write one commit plus annotated tags at a time, pushed atomically with retries when another
 * writer got there first.
 *
 * <p>Obtain one with {@link #connect} (a remote, mirrored shallowly into a private bare repository
 * under a work directory) or {@link #open} (an existing local repository, no push).
 */
public interface GitRepo extends AutoCloseable {

  /**
   * Connects to a remote: fetches the branch (depth 1) and the tags into a bare repository in
   * {@code options.workDir()}, which is reused (incrementally fetched) when it already exists.
   *
   * @throws dev.cairn.core.ConfigurationException for unusable credentials, an unknown host key or
   *     a missing branch
   * @throws dev.cairn.core.RemoteAccessException when the remote cannot be reached or the
   *     repository does not exist
   */
  static GitRepo connect(GitRemoteOptions options) {
    return JGitRepo.connect(options);
  }

  /**
   * Opens an existing local repository (working tree or bare). Writes create commits on the current
   * branch only in a bare repository; tags can be written in either. Nothing is pushed.
   */
  static GitRepo open(Path directory, GitIdentity identity) {
    return JGitRepo.open(directory, identity);
  }

  /** The branch this repository reads and writes. */
  String branch();

  /** Fetches again (when connected) and returns every tag. */
  List<GitTag> refreshTags();

  /** The tags as of the last fetch. */
  List<GitTag> tags();

  /** The markers ({@link GitMarker}) as of the last fetch. */
  default List<GitMarker> markers() {
    return List.of();
  }

  /** The branch head commit id, or empty if the branch has no commit yet. */
  Optional<String> head();

  /**
   * Resolves a commit id, branch, tag name or other revision to a full commit id.
   *
   * @throws dev.cairn.core.InvalidInputException if it does not name a commit here
   */
  String resolve(String revision);

  /**
   * A file's bytes at a revision (a commit id, tag or branch), read from the object database.
   *
   * @throws dev.cairn.core.InvalidInputException if the revision is unknown
   */
  Optional<byte[]> readFile(String revision, String path);

  /**
   * A commit's time, author and message.
   *
   * @throws dev.cairn.core.InvalidInputException if the revision is unknown
   * @throws UnsupportedOperationException if this implementation cannot read commits
   */
  default GitCommit commit(String revision) {
    throw new UnsupportedOperationException("Cannot read commit " + revision + " here");
  }

  /**
   * Applies {@code operation} to a fresh snapshot and pushes the resulting commit and tags
   * atomically. If the push is rejected because the remote moved, fetches and applies the operation
   * again on the new head, with jittered backoff, until the retry timeout.
   *
   * @param description what is being written, for messages ({@code register churn-model})
   * @throws dev.cairn.core.ConcurrentWriteException if other writers kept winning until the
   *     timeout; nothing of this write is on the remote then
   * @throws dev.cairn.core.RemoteAccessException if the remote refused the push for another reason
   *     (for example a protected branch)
   */
  WriteResult write(String description, Function<GitSnapshot, Change> operation);

  @Override
  void close();
}
