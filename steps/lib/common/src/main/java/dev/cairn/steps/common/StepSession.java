package dev.cairn.steps.common;

import dev.cairn.core.ConcurrentWriteException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.Progress;
import dev.cairn.core.dvc.DvcConfig;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.hash.StateCache;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.ops.Store;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.Remotes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything a step run holds open: the lock on its work directory, the Git mirror, the data
 * remote, the cache and the hash state. Closing it releases them in reverse order.
 */
public final class StepSession implements AutoCloseable {
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final Path workDir;
  private final RunIdentity identity;
  private @Nullable Store store;
  private boolean stateWasEmpty;

  private StepSession(Path workDir, RunIdentity identity) {
    this.workDir = workDir;
    this.identity = identity;
  }

  /**
   * Locks the work directory, connects to the Git repository, reads its {@code .dvc/config} and
   * opens the data remote.
   *
   * @throws ConcurrentWriteException if another step is using the work directory
   */
  public static StepSession open(
      GitOptions git, RemoteOptions remote, WorkOptions work, PrintWriter out) {
    StepSession session = new StepSession(work.workDir(), work.identity());
    try {
      session.start(git, remote, work, out);
      return session;
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
  }

  private void start(GitOptions git, RemoteOptions remoteOptions, WorkOptions work, PrintWriter out)
      throws RuntimeException {
    lock();
    int jobs = remoteOptions.jobs();
    GitRepo repo = git.connect(workDir.resolve("git"));
    resources.push(repo);
    Optional<DvcConfig> config = dvcConfig(repo);
    RemoteSpec spec = remoteOptions.spec(config);
    Remote remote = Remotes.open(spec);
    resources.push(remote);
    Cache cache = Cache.at(workDir.resolve("cache"));
    StateCache state = StateCache.open(workDir.resolve("state"));
    resources.push(state);
    stateWasEmpty = state.size() == 0;
    Progress progress = work.quiet() ? Progress.NONE : ProgressReporter.to(out);
    store =
        new Store(
            repo,
            spec.url(),
            remoteOptions.configuredName(config),
            spec.options(),
            remote,
            cache,
            state,
            jobs,
            progress);
  }

  /** What the use cases work against. */
  public Store store() {
    Store opened = store;
    if (opened == null) {
      throw new IllegalStateException("session is not open");
    }
    return opened;
  }

  /** Who runs this step. */
  public RunIdentity identity() {
    return identity;
  }

  /**
   * Whether the work directory held no hash state when the session opened: a first run, or a work
   * directory that does not outlive the pod (see {@link WorkVolumeAdvice}).
   */
  public boolean hashStateWasEmpty() {
    return stateWasEmpty;
  }

  /** The work directory (locked by this session). */
  public Path workDir() {
    return workDir;
  }

  private Optional<DvcConfig> dvcConfig(GitRepo repo) {
    Optional<String> head = repo.head();
    if (head.isEmpty()) {
      return Optional.empty();
    }
    Optional<byte[]> bytes = repo.readFile(head.get(), ".dvc/config");
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    try {
      Path dvcDir = workDir.resolve("repo-config").resolve(".dvc");
      Files.createDirectories(dvcDir);
      Files.deleteIfExists(dvcDir.resolve("config.local"));
      Files.write(dvcDir.resolve("config"), bytes.get());
      return Optional.of(DvcConfig.load(dvcDir));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy the repository's .dvc/config", e);
    }
  }

  private void lock() {
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new ConfigurationException(
          "Cannot create work directory "
              + workDir
              + ": "
              + e.getClass().getSimpleName()
              + " (give a writable --work-dir)");
    }
    Path lockFile = workDir.resolve(".lock");
    FileChannel channel;
    try {
      channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new ConfigurationException(
          "Cannot write in work directory " + workDir + " (give a writable --work-dir)");
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new ConcurrentWriteException(
          "Cannot use work directory "
              + workDir
              + ": another step is using it (give each concurrent step its own --work-dir)");
    }
    resources.push(channel);
    FileLock held = lock;
    resources.push(held::release);
  }

  @Override
  public void close() {
    while (!resources.isEmpty()) {
      closeQuietly(resources.pop());
    }
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      // closing is best effort; the step's outcome is already decided
    }
  }
}
