package dev.cairn.cli.registry;

import dev.cairn.core.git.Change;
import dev.cairn.core.git.GitMarker;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.git.GitSnapshot;
import dev.cairn.core.git.GitTag;
import dev.cairn.core.git.WriteResult;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A repository whose temporary mirror is deleted on close. */
final class CleaningRepo implements GitRepo {
  private final GitRepo delegate;
  private final RepoOptions options;

  CleaningRepo(GitRepo delegate, RepoOptions options) {
    this.delegate = delegate;
    this.options = options;
  }

  @Override
  public String branch() {
    return delegate.branch();
  }

  @Override
  public List<GitTag> refreshTags() {
    return delegate.refreshTags();
  }

  @Override
  public List<GitTag> tags() {
    return delegate.tags();
  }

  @Override
  public List<GitMarker> markers() {
    return delegate.markers();
  }

  @Override
  public Optional<String> head() {
    return delegate.head();
  }

  @Override
  public String resolve(String revision) {
    return delegate.resolve(revision);
  }

  @Override
  public dev.cairn.core.git.GitCommit commit(String revision) {
    return delegate.commit(revision);
  }

  @Override
  public Optional<byte[]> readFile(String revision, String path) {
    return delegate.readFile(revision, path);
  }

  @Override
  public WriteResult write(String description, Function<GitSnapshot, Change> operation) {
    return delegate.write(description, operation);
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      options.cleanUp();
    }
  }
}
