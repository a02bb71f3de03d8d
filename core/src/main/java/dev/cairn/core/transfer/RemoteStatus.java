package dev.cairn.core.transfer;

import dev.cairn.core.hash.Oid;
import java.util.Set;

/**
 * Which objects of a set of versions a remote lacks, found as DVC does: a {@code .dir} on the
 * remote vouches for all its members without checking them.
 *
 * @param missingOnRemote not on the remote but in the local cache: a push uploads these
 * @param missingEverywhere neither on the remote nor in the cache (a {@code .dir} missing from both
 *     hides its members, which are then unknown)
 * @param onRemote objects present on the remote, checked or vouched for by a {@code .dir}
 */
public record RemoteStatus(Set<Oid> missingOnRemote, Set<Oid> missingEverywhere, int onRemote) {
  public RemoteStatus {
    missingOnRemote = Set.copyOf(missingOnRemote);
    missingEverywhere = Set.copyOf(missingEverywhere);
  }

  /** Whether the remote already has everything. */
  public boolean isUpToDate() {
    return missingOnRemote.isEmpty() && missingEverywhere.isEmpty();
  }
}
