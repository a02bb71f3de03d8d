package dev.cairn.core.git;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link GitRepo} that passes every call to another one; subclasses override what they change (a
 * repository that cleans up on close, a test repository whose writes fail).
 */
public abstract class ForwardingGitRepo implements GitRepo {
  private final GitRepo delegate;

  protected ForwardingGitRepo(GitRepo delegate) {
    this.delegate = delegate;
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
  public Optional<byte[]> readFile(String revision, String path) {
    return delegate.readFile(revision, path);
  }

  @Override
  public GitCommit commit(String revision) {
    return delegate.commit(revision);
  }

  @Override
  public WriteResult write(String description, Function<GitSnapshot, Change> operation) {
    return delegate.write(description, operation);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
