package dev.cairn.cli.registry;

import dev.cairn.core.git.ForwardingGitRepo;
import dev.cairn.core.git.GitRepo;

/** A repository whose temporary mirror is deleted on close. */
final class CleaningRepo extends ForwardingGitRepo {
  private final RepoOptions options;

  CleaningRepo(GitRepo delegate, RepoOptions options) {
    super(delegate);
    this.options = options;
  }

  @Override
  public void close() {
    try {
      super.close();
    } finally {
      options.cleanUp();
    }
  }
}
