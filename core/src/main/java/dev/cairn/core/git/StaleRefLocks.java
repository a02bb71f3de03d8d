package dev.cairn.core.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ref lock files ({@code refs/…/*.lock}, {@code packed-refs.lock}, {@code shallow.lock}, {@code
 * HEAD.lock}, {@code config.lock}) left in a Git repository on this file system by a writer that
 * died mid-update: a step killed during its push to a {@code file://} registry, or while updating
 * its own mirror in the work dir. Git never removes them, so every later push would fail. A live
 * writer holds a ref lock for milliseconds; one older than {@link #STALE_AFTER} is removed.
 */
final class StaleRefLocks {
  /** Age after which a ref lock is taken to be left behind by a dead writer. */
  static final Duration STALE_AFTER = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(StaleRefLocks.class);

  /** What a look at the lock files found. */
  record Found(int removed, int recent) {}

  private StaleRefLocks() {}

  /**
   * Removes ref locks older than {@code staleAfter} at {@code now} in the repository at {@code
   * repository}.
   */
  static Found clear(Path repository, Duration staleAfter, Instant now) {
    Path gitDir =
        Files.isDirectory(repository.resolve(".git")) ? repository.resolve(".git") : repository;
    Instant cutoff = now.minus(staleAfter);
    int removed = 0;
    int recent = 0;
    for (Path lock : locks(gitDir)) {
      try {
        FileTime modified = Files.getLastModifiedTime(lock);
        if (modified.toInstant().isAfter(cutoff)) {
          recent++;
        } else if (Files.deleteIfExists(lock)) {
          removed++;
          LOG.warn(
              "Removed stale Git ref lock {} (left by a writer that stopped mid-update)", lock);
        }
      } catch (IOException e) {
        recent++; // gone meanwhile, or not ours to remove: let the retry decide
      }
    }
    return new Found(removed, recent);
  }

  private static List<Path> locks(Path gitDir) {
    try (Stream<Path> refs =
        Files.isDirectory(gitDir.resolve("refs"))
            ? Files.walk(gitDir.resolve("refs"))
            : Stream.empty()) {
      List<Path> found =
          new ArrayList<>(refs.filter(p -> p.getFileName().toString().endsWith(".lock")).toList());
      for (String name : List.of("packed-refs.lock", "shallow.lock", "HEAD.lock", "config.lock")) {
        Path lock = gitDir.resolve(name);
        if (Files.exists(lock)) {
          found.add(lock);
        }
      }
      return found;
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }
}
