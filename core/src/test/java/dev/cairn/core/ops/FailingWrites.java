package dev.cairn.core.ops;

import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.git.Change;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.git.GitSnapshot;
import dev.cairn.core.git.GitTag;
import dev.cairn.core.git.WriteResult;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** A repository whose writes fail, as if the pod died just before pushing; reads pass through. */
final class FailingWrites implements GitRepo {
  private final GitRepo delegate;

  FailingWrites(GitRepo delegate) {
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
  public List<dev.cairn.core.git.GitMarker> markers() {
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
  public WriteResult write(String description, Function<GitSnapshot, Change> operation) {
    throw new RemoteAccessException("Cannot push " + description + ": injected fault (test)");
  }

  @Override
  public void close() {}
}
