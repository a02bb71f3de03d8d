package dev.cairn.core.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed mid-push to a {@code file://} registry leaves ref locks; the next write copes.
 */
class StaleRefLockIT {
  @TempDir Path tmp;

  private GitRemoteOptions options(Path bare, String work) {
    return GitRemoteOptions.builder()
        .url(bare.toUri().toString())
        .branch("main")
        .access(GitAccess.none())
        .workDir(tmp.resolve(work))
        .retryTimeout(Duration.ofSeconds(60))
        .build();
  }

  private static WriteResult write(GitRepo repo, String file, String tag) {
    return repo.write(
        file,
        s ->
            Change.commit(
                file,
                Map.of(file, file.getBytes(UTF_8)),
                List.of(new NewTag(tag, null, tag, Instant.now()))));
  }

  private Path bareWithOneWrite() throws Exception {
    Path bare = tmp.resolve("reg.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    try (GitRepo repo = GitRepo.connect(options(bare, "first"))) {
      write(repo, "a.txt", "a@v0.0.1");
    }
    return bare;
  }

  @Test
  void write_afterAWriterDiedHoldingRefLocks_removesTheStaleLocksAndSucceeds() throws Exception {
    Path bare = bareWithOneWrite();
    FileTime old = FileTime.from(Instant.now().minus(StaleRefLocks.STALE_AFTER).minusSeconds(5));
    Path branchLock = Files.writeString(bare.resolve("refs/heads/main.lock"), "dead\n");
    Path packedLock = Files.writeString(bare.resolve("packed-refs.lock"), "dead\n");
    Files.setLastModifiedTime(branchLock, old);
    Files.setLastModifiedTime(packedLock, old);

    try (GitRepo repo = GitRepo.connect(options(bare, "second"))) {
      WriteResult result = write(repo, "b.txt", "b@v0.0.1");

      assertThat(result.tags()).containsExactly("b@v0.0.1");
    }
    assertThat(branchLock).doesNotExist();
    assertThat(packedLock).doesNotExist();
    try (Git git = Git.open(bare.toFile())) {
      assertThat(git.getRepository().exactRef("refs/tags/b@v0.0.1")).isNotNull();
    }
  }

  @Test
  void write_whileAnotherWriterHoldsAFreshLock_waitsForItAndLeavesItAlone() throws Exception {
    Path bare = bareWithOneWrite();
    SkippingClock clock = new SkippingClock();
    try (GitRepo repo = JGitRepo.connect(options(bare, "second"), clock)) {
      Path branchLock = Files.writeString(bare.resolve("refs/heads/main.lock"), "live\n");
      List<Boolean> lockThereWhenReleased = new ArrayList<>();
      // the live writer finishes 1.5 s later and removes its own lock: JGit retries a held ref lock
      // for about 3 s inside the push, so that is after the first attempt, in the skipped wait
      clock.after(
          Duration.ofMillis(1500),
          () -> lockThereWhenReleased.add(Files.deleteIfExists(branchLock)));

      WriteResult result = write(repo, "b.txt", "b@v0.0.1");

      assertThat(lockThereWhenReleased)
          .as("the live writer's lock was left alone")
          .containsExactly(true);
      assertThat(result.tags()).containsExactly("b@v0.0.1");
      assertThat(result.attempts()).isGreaterThan(1);
    }
  }

  @Test
  void clear_keepsRecentLocksAndRemovesOldOnes() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("r.git/refs/tags"));
    Path fresh = Files.writeString(repo.resolve("fresh.lock"), "");
    Path stale = Files.writeString(repo.resolve("stale.lock"), "");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(60)));

    StaleRefLocks.Found found =
        StaleRefLocks.clear(tmp.resolve("r.git"), Duration.ofSeconds(10), Instant.now());

    assertThat(found).isEqualTo(new StaleRefLocks.Found(1, 1));
    assertThat(fresh).exists();
    assertThat(stale).doesNotExist();
  }

  @Test
  void write_afterAStepDiedHoldingLocksInItsOwnMirror_succeedsWithTheSameWorkDir()
      throws Exception {
    Path bare = bareWithOneWrite();
    Path mirror = tmp.resolve("first/mirror.git");
    FileTime old = FileTime.from(Instant.now().minus(StaleRefLocks.STALE_AFTER).minusSeconds(5));
    List<Path> locks =
        List.of(
            Files.writeString(mirror.resolve("refs/heads/main.lock"), "dead\n"),
            Files.writeString(
                Files.createDirectories(mirror.resolve("refs/tags")).resolve("a@v0.0.1.lock"),
                "dead\n"),
            Files.writeString(mirror.resolve("shallow.lock"), "dead\n"));
    for (Path lock : locks) {
      Files.setLastModifiedTime(lock, old);
    }
    // another writer moves the registry on, so the mirror's branch must be updated
    try (GitRepo other = GitRepo.connect(options(bare, "other"))) {
      write(other, "c.txt", "c@v0.0.1");
    }

    try (GitRepo repo =
        GitRepo.connect(
            GitRemoteOptions.builder()
                .url(bare.toUri().toString())
                .branch("main")
                .access(GitAccess.none())
                .workDir(tmp.resolve("first"))
                .retryTimeout(Duration.ofSeconds(5))
                .build())) {
      WriteResult result = write(repo, "b.txt", "b@v0.0.1");

      assertThat(result.tags()).containsExactly("b@v0.0.1");
    }
    assertThat(locks).allSatisfy(lock -> assertThat(lock).doesNotExist());
  }

  /**
   * Real time, except that a wait returns at once and moves the clock forward instead, running what
   * was scheduled by then (another writer's actions between two attempts): the writer sees the time
   * pass without the test sleeping.
   */
  private static final class SkippingClock implements GitClock {
    private final long startNanos = System.nanoTime();
    private Duration skipped = Duration.ZERO;
    private final List<Map.Entry<Duration, ThrowingRunnable>> scheduled = new ArrayList<>();

    interface ThrowingRunnable {
      void run() throws Exception;
    }

    /** Runs {@code action} in the first wait that ends {@code delay} or more after the start. */
    void after(Duration delay, ThrowingRunnable action) {
      scheduled.add(Map.entry(delay, action));
    }

    @Override
    public Instant now() {
      return Instant.now().plus(skipped);
    }

    @Override
    public long nanoTime() {
      return System.nanoTime() + skipped.toNanos();
    }

    @Override
    public void sleep(Duration duration) {
      skipped = skipped.plus(duration);
      Duration elapsed = Duration.ofNanos(nanoTime() - startNanos);
      for (var it = scheduled.iterator(); it.hasNext(); ) {
        var next = it.next();
        if (next.getKey().compareTo(elapsed) <= 0) {
          it.remove();
          try {
            next.getValue().run();
          } catch (Exception e) {
            throw new AssertionError("scheduled action failed", e);
          }
        }
      }
    }
  }
}
