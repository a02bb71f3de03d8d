package dev.cairn.core.ops;

import dev.cairn.core.Progress;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.hash.StateCache;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.remote.Remote;

/**
 * What the step use cases ({@code Snapshot}, {@code Promote}, {@code Rollback}) work against: the
 * Git repository holding pointer files and registry tags, the data remote, and a local cache (on
 * the step's work volume) that objects pass through. The caller owns and closes the parts.
 *
 * @param repo the registry's Git repository (connected, so writes are pushed)
 * @param remoteUrl the data remote's URL as configured (for messages and server-side copies)
 * @param remote the data remote
 * @param cache the local cache (DVC 3 layout)
 * @param state remembers file hashes between runs when the work volume persists
 * @param jobs parallel transfers
 * @param progress where progress goes
 */
public record Store(
    GitRepo repo,
    String remoteUrl,
    Remote remote,
    Cache cache,
    StateCache state,
    int jobs,
    Progress progress) {
  public Store {
    if (jobs < 1) {
      throw new IllegalArgumentException("Cannot use " + jobs + " jobs (give 1 or more)");
    }
  }
}
