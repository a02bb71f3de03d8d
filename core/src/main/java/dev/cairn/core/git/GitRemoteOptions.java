package dev.cairn.core.git;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where and how to reach a Git remote.
 *
 * @param url {@code ssh://user@host:port/path}, {@code https://...}, {@code file://...} or a path
 * @param branch the branch Cairn commits to
 * @param access credentials as file paths
 * @param workDir a directory Cairn owns for its bare mirror (reused between runs)
 * @param identity author/committer/tagger
 * @param retryTimeout how long to keep retrying a write that loses races
 */
public record GitRemoteOptions(
    String url,
    String branch,
    GitAccess access,
    Path workDir,
    GitIdentity identity,
    Duration retryTimeout) {

  public static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofMinutes(2);

  public GitRemoteOptions {
    if (url.isBlank()) {
      throw new IllegalArgumentException("Cannot use an empty Git URL");
    }
    if (branch.isBlank() || branch.startsWith("refs/") || branch.contains("..")) {
      throw new IllegalArgumentException("Cannot use branch name: '" + branch + "'");
    }
    if (retryTimeout.isNegative()) {
      throw new IllegalArgumentException("Cannot use a negative retry timeout: " + retryTimeout);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .url(url)
        .branch(branch)
        .access(access)
        .workDir(workDir)
        .identity(identity)
        .retryTimeout(retryTimeout);
  }

  /** Builds options; {@link #build} names every missing setting. */
  public static final class Builder {
    private @Nullable String url;
    private String branch = "main";
    private GitAccess access = GitAccess.none();
    private @Nullable Path workDir;
    private GitIdentity identity = GitIdentity.cairn();
    private Duration retryTimeout = DEFAULT_RETRY_TIMEOUT;

    private Builder() {}

    public Builder url(String url) {
      this.url = url;
      return this;
    }

    public Builder branch(String branch) {
      this.branch = branch;
      return this;
    }

    public Builder access(GitAccess access) {
      this.access = access;
      return this;
    }

    public Builder workDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    public Builder identity(GitIdentity identity) {
      this.identity = identity;
      return this;
    }

    public Builder retryTimeout(Duration retryTimeout) {
      this.retryTimeout = retryTimeout;
      return this;
    }

    public GitRemoteOptions build() {
      List<String> missing = new ArrayList<>();
      if (url == null) {
        missing.add("url");
      }
      if (workDir == null) {
        missing.add("workDir");
      }
      if (url == null || workDir == null) {
        throw new IllegalArgumentException(
            "Cannot build Git remote options: missing " + String.join(", ", missing));
      }
      return new GitRemoteOptions(url, branch, access, workDir, identity, retryTimeout);
    }
  }
}
