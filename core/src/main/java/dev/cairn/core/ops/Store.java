package dev.cairn.core.ops;

import dev.cairn.core.Progress;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.hash.StateCache;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.remote.Remote;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the step use cases ({@code Snapshot}, {@code Promote}, {@code Rollback}) work against: the
 * Git repository holding pointer files and registry tags, the data remote, and a local cache (on
 * the step's work volume) that objects pass through. The caller owns and closes the parts.
 *
 * @param repo the registry's Git repository (connected, so writes are pushed)
 * @param remoteUrl the data remote's URL as configured (for messages and server-side copies)
 * @param remoteName the name of the remote in the repository's committed {@code .dvc/config} the
 *     step was told to use (by name or as the default), or null when it was given a url
 * @param remoteSettings the DVC options the remote was opened with that say where the data is and
 *     are no secret ({@code endpointurl}, {@code region}; every other key is dropped): committed to
 *     {@code .dvc/config} with the url so that {@code dvc pull} in a clone reaches the data
 * @param remote the data remote
 * @param cache the local cache (DVC 3 layout)
 * @param state remembers file hashes between runs when the work volume persists
 * @param jobs parallel transfers
 * @param progress where progress goes
 */
public record Store(
    GitRepo repo,
    String remoteUrl,
    @Nullable String remoteName,
    Map<String, String> remoteSettings,
    Remote remote,
    Cache cache,
    StateCache state,
    int jobs,
    Progress progress) {
  /** The DVC remote options a step commits with the url: where the data is, never a secret. */
  public static final Set<String> COMMITTED_SETTINGS = Set.of("endpointurl", "region");

  public Store {
    if (jobs < 1) {
      throw new IllegalArgumentException("Cannot use " + jobs + " jobs (give 1 or more)");
    }
    Map<String, String> kept = new TreeMap<>();
    remoteSettings.forEach(
        (k, v) -> {
          String key = k.toLowerCase(Locale.ROOT);
          if (COMMITTED_SETTINGS.contains(key) && v != null && !v.isBlank()) {
            kept.put(key, v.strip());
          }
        });
    remoteSettings = Collections.unmodifiableMap(kept);
  }

  /** A store whose remote has no settings to commit beyond its url. */
  public Store(
      GitRepo repo,
      String remoteUrl,
      Remote remote,
      Cache cache,
      StateCache state,
      int jobs,
      Progress progress) {
    this(repo, remoteUrl, null, Map.of(), remote, cache, state, jobs, progress);
  }
}
