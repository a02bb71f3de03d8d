package dev.cairn.core.hash;

import dev.cairn.core.Progress;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Hashes a file or a directory tree exactly as DVC 3 does ({@code dvc add}): files by plain MD5,
 * directories as a {@link Tree} of their files, walked in parallel, without following symlinked
 * directories, leaving out {@code .git}, {@code .hg/}, {@code .dvc/} and whatever the {@code
 * .dvcignore} files from the repository root down say. A {@code .dvcignore} inside the tracked
 * directory is an error, as in DVC.
 *
 * <pre>{@code
 * try (StateCache state = StateCache.open(cacheDir.resolve("state"))) {
 *   HashResult result = Hasher.builder().stateCache(state).progress(progress).build()
 *       .hash(dataDir, repoRoot);
 * }
 * }</pre>
 */
public interface Hasher {
  /**
   * Hashes {@code target}, applying the {@code .dvcignore} files between {@code repoRoot} and it.
   *
   * @param repoRoot the DVC repository root, or null to apply only the default ignores
   * @throws dev.cairn.core.InvalidInputException if the path does not exist, is not a file or
   *     directory, contains a {@code .dvcignore} or a broken symlink, or changes while read
   * @throws dev.cairn.core.ConfigurationException if a file cannot be read (permissions)
   */
  HashResult hash(Path target, @Nullable Path repoRoot);

  /** Hashes {@code target} with only the default ignores. */
  default HashResult hash(Path target) {
    return hash(target, null);
  }

  static Builder builder() {
    return new Builder();
  }

  /** Settings of a {@link Hasher}; every one is optional. */
  final class Builder {
    private int threads;
    private @Nullable StateCache stateCache;
    private Progress progress = Progress.NONE;
    private boolean legacyDos2Unix;
    private boolean followExternalLinks = true;
    private @Nullable String from;
    private @Nullable String to;
    private @Nullable Tee tee;

    private Builder() {}

    /**
     * Also writes each file it reads to {@code tee} (not the files the state cache knows, and not
     * in legacy mode), so one read both hashes and stores it.
     */
    public Builder tee(@Nullable Tee tee) {
      this.tee = tee;
      return this;
    }

    /**
     * Hashes only the files of a directory whose relpath {@code r} has {@code from <= r < to} in
     * {@link Tree#CODE_POINT_ORDER} (null: unbounded), and walks no directory whose files all lie
     * outside: one shard of a sharded snapshot. The tree returned lists only those files.
     */
    public Builder range(@Nullable String from, @Nullable String to) {
      this.from = from;
      this.to = to;
      return this;
    }

    /**
     * Whether a symbolic link to a file outside the hashed directory is followed (default: yes, as
     * DVC does). When not, such a link fails the hash, naming it: a link to a mounted Secret or
     * another volume would otherwise be hashed and uploaded with the dataset.
     */
    public Builder followExternalLinks(boolean follow) {
      this.followExternalLinks = follow;
      return this;
    }

    /** Worker threads (default: twice the cores, bounded by the open-file limit). */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("Cannot use " + threads + " threads (need at least 1)");
      }
      this.threads = threads;
      return this;
    }

    /** Remembers file hashes across runs (default: none, every file is read). */
    public Builder stateCache(StateCache stateCache) {
      this.stateCache = stateCache;
      return this;
    }

    /** Receives one {@code advance(1, size)} per file, from worker threads. */
    public Builder progress(Progress progress) {
      this.progress = progress;
      return this;
    }

    /**
     * Computes legacy DVC 2 {@code md5-dos2unix} hashes instead (to verify outputs without a {@code
     * hash:} field). The state cache is not used in this mode.
     */
    public Builder legacyDos2Unix(boolean legacyDos2Unix) {
      this.legacyDos2Unix = legacyDos2Unix;
      return this;
    }

    public Hasher build() {
      int workers = threads > 0 ? threads : defaultThreads(tee == null ? 1 : tee.parallelism());
      return new ParallelHasher(
          workers,
          legacyDos2Unix ? null : stateCache,
          progress,
          legacyDos2Unix,
          followExternalLinks,
          from,
          to,
          tee);
    }

    static int defaultThreads(int atLeast) {
      int byCores =
          Math.min(
              64, Math.max(atLeast, Math.max(2, 2 * Runtime.getRuntime().availableProcessors())));
      long fileLimit = 1024;
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
        fileLimit = unix.getMaxFileDescriptorCount() - unix.getOpenFileDescriptorCount();
      }
      // each worker holds at most one file and one directory open; leave most of the limit to
      // others
      return (int) Math.max(1, Math.min(byCores, fileLimit / 8));
    }
  }
}
