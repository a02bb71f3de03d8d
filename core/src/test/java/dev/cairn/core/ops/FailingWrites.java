package dev.cairn.core.ops;

import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.git.Change;
import dev.cairn.core.git.ForwardingGitRepo;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.git.GitSnapshot;
import dev.cairn.core.git.WriteResult;
import java.util.function.Function;

/** A repository whose writes fail, as if the pod died just before pushing; reads pass through. */
final class FailingWrites extends ForwardingGitRepo {
  FailingWrites(GitRepo delegate) {
    super(delegate);
  }

  @Override
  public WriteResult write(String description, Function<GitSnapshot, Change> operation) {
    throw new RemoteAccessException("Cannot push " + description + ": injected fault (test)");
  }

  @Override
  public void close() {}
}
