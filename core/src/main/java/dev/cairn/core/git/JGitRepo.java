package dev.cairn.core.git;

import dev.cairn.core.ConcurrentWriteException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.RemoteAccessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link GitRepo} over JGit: a bare shallow mirror of one remote, or a local repository. */
final class JGitRepo implements GitRepo {
  private static final Logger LOG = LoggerFactory.getLogger(JGitRepo.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(4);

  private final Repository repo;
  private final LocalObjects objects;
  private final @Nullable RemoteEndpoint remote;
  private final String branch;
  private final Duration retryTimeout;
  private final GitClock clock;
  private List<GitTag> tags = List.of();

  /**
   * The claim refs as seen together with {@link #tags} (read before them, or in the same ref
   * advertisement), so a claim no tag of that snapshot uses is known to be stale.
   */
  private Set<String> claimsSeen = Set.of();

  private List<GitMarker> markers = List.of();
  private long lastFetchNanos;

  private JGitRepo(
      Repository repo,
      @Nullable RemoteEndpoint remote,
      String branch,
      GitIdentity identity,
      Duration retryTimeout,
      GitClock clock) {
    this.repo = repo;
    this.objects = new LocalObjects(repo, identity);
    this.remote = remote;
    this.branch = branch;
    this.retryTimeout = retryTimeout;
    this.clock = clock;
  }

  static JGitRepo connect(GitRemoteOptions options) {
    return connect(options, GitClock.SYSTEM);
  }

  /** As {@link #connect(GitRemoteOptions)}, reading and waiting on {@code clock}. */
  static JGitRepo connect(GitRemoteOptions options, GitClock clock) {
    Path mirror = options.workDir().resolve("mirror.git");
    Repository repo;
    try {
      Files.createDirectories(options.workDir());
      JGitConfigHome.useWorkDirIfHomeUnwritable(options.workDir());
      if (Files.isRegularFile(mirror.resolve("HEAD"))) {
        repo = new FileRepositoryBuilder().setGitDir(mirror.toFile()).setMustExist(true).build();
      } else {
        try (Git git =
            Git.init()
                .setBare(true)
                .setGitDir(mirror.toFile())
                .setInitialBranch(options.branch())
                .call()) {
          repo = git.getRepository();
          repo.incrementOpen();
        }
      }
    } catch (IOException e) {
      throw new ConfigurationException(
          "Cannot create Git work directory: " + options.workDir() + " (" + e.getMessage() + ")",
          e);
    } catch (GitAPIException e) {
      throw RemoteEndpoint.api(e);
    }
    RemoteEndpoint endpoint;
    try {
      endpoint =
          new RemoteEndpoint(options.url(), options.access(), options.workDir().resolve("ssh"));
    } catch (RuntimeException e) {
      repo.close();
      throw e;
    }
    JGitRepo result =
        new JGitRepo(
            repo, endpoint, options.branch(), options.identity(), options.retryTimeout(), clock);
    try {
      result.refreshTags();
    } catch (RuntimeException e) {
      result.close();
      throw e;
    }
    return result;
  }

  static JGitRepo open(Path directory, GitIdentity identity) {
    try {
      FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment();
      builder.findGitDir(directory.toFile());
      if (builder.getGitDir() == null) {
        builder.setGitDir(directory.toFile());
      }
      Repository repo = builder.setMustExist(true).build();
      String branch = repo.getBranch();
      JGitRepo result =
          new JGitRepo(
              repo,
              null,
              branch == null ? "main" : branch,
              identity,
              Duration.ofSeconds(30),
              GitClock.SYSTEM);
      result.readLocalRefs();
      result.markers = result.objects.readMarkers();
      return result;
    } catch (IOException e) {
      throw new InvalidInputException(
          "Cannot open Git repository: " + directory + " (not a Git repository)", e);
    }
  }

  @Override
  public String branch() {
    return branch;
  }

  @Override
  public synchronized List<GitTag> refreshTags() {
    if (remote != null) {
      // the mirror is Cairn's own: a step killed mid-update leaves its locks there (cleared once
      // stale, so the re-run or the next step using this work dir is not stuck behind them)
      StaleRefLocks.clear(repo.getDirectory().toPath(), StaleRefLocks.STALE_AFTER, clock.now());
      claimsSeen = fetch(remote);
      tags = objects.readTags();
    } else {
      readLocalRefs();
    }
    markers = objects.readMarkers();
    return tags;
  }

  /** Claims first, then tags: a claim taken in between comes with a tag this snapshot shows. */
  private void readLocalRefs() {
    claimsSeen = objects.refs(Change.CLAIMS_PREFIX).keySet();
    tags = objects.readTags();
  }

  @Override
  public synchronized List<GitTag> tags() {
    return tags;
  }

  @Override
  public synchronized List<GitMarker> markers() {
    return markers;
  }

  @Override
  public Optional<String> head() {
    return Optional.ofNullable(headId()).map(ObjectId::name);
  }

  @Override
  public String resolve(String revision) {
    return objects.resolveCommit(revision).name();
  }

  @Override
  public GitCommit commit(String revision) {
    return objects.commit(objects.resolveCommit(revision));
  }

  @Override
  public Optional<byte[]> readFile(String revision, String path) {
    return objects.readFile(objects.resolveCommit(revision), path);
  }

  @Override
  public synchronized WriteResult write(
      String description, Function<GitSnapshot, Change> operation) {
    long deadline = clock.nanoTime() + retryTimeout.toNanos();
    Duration backoff = FIRST_BACKOFF;
    for (int attempt = 1; ; attempt++) {
      if (attempt > 1 || clock.nanoTime() - lastFetchNanos > Duration.ofSeconds(1).toNanos()) {
        refreshTags();
      }
      ObjectId parent = headId();
      Change change = operation.apply(new Snapshot(parent, tags, markers));
      if (change.isEmpty()) {
        return new WriteResult(null, parent == null ? null : parent.name(), List.of(), attempt);
      }
      if (remote == null && !repo.isBare() && !change.files().isEmpty()) {
        throw new InvalidInputException(
            "Cannot commit files into the working tree of "
                + repo.getDirectory()
                + " (use a remote URL; Cairn never touches a checkout)");
      }
      LocalObjects.Prepared prepared = objects.prepare(change, parent);
      RemoteEndpoint.Pushed pushed = publish(prepared, parent);
      String rejection = pushed.rejection();
      if (rejection == null) {
        objects.updateLocalRefs(branch, prepared, parent);
        tags = objects.readTags();
        Set<String> claims = new HashSet<>(claimsSeen);
        claims.addAll(prepared.claimRefs(claimsSeen).keySet());
        claimsSeen = claims;
        markers = objects.readMarkers();
        ObjectId newHead = prepared.commit() != null ? prepared.commit() : parent;
        if (pushed.alreadyThere()) {
          // another writer pushed these very objects first: this run changed nothing
          LOG.info("{}: the remote already holds exactly this write (another writer)", description);
          return new WriteResult(null, newHead == null ? null : newHead.name(), List.of(), attempt);
        }
        LOG.info(
            "Wrote {} in {} attempt(s): commit {}, tags {}",
            description,
            attempt,
            prepared.commit() == null ? "-" : prepared.commit().name(),
            prepared.tags().keySet());
        return new WriteResult(
            prepared.commit() == null ? null : prepared.commit().name(),
            newHead == null ? null : newHead.name(),
            new ArrayList<>(prepared.tags().keySet()),
            attempt);
      }
      StaleRefLocks.Found locks = clearStaleLocks();
      if (locks.removed() == 0 && locks.recent() == 0 && !lostRace(parent, prepared)) {
        throw new RemoteAccessException(
            "Cannot push to Git remote: "
                + where()
                + " (rejected: "
                + rejection
                + "; the branch may be protected or the credentials lack write access)");
      }
      long now = clock.nanoTime();
      if (now >= deadline) {
        throw new ConcurrentWriteException(
            "Cannot write "
                + description
                + ": other writers kept updating "
                + where()
                + " for "
                + retryTimeout.toSeconds()
                + "s ("
                + attempt
                + " attempts; nothing of this write was pushed; re-run or raise the retry timeout)");
      }
      LOG.info(
          "Lost the race writing {} (attempt {}): {}; retrying", description, attempt, rejection);
      long jittered = (long) (backoff.toNanos() * (0.5 + ThreadLocalRandom.current().nextDouble()));
      sleepNanos(Math.min(jittered, deadline - now));
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  private RemoteEndpoint.Pushed publish(LocalObjects.Prepared prepared, @Nullable ObjectId parent) {
    if (remote == null) {
      return new RemoteEndpoint.Pushed(
          objects.updateRefsAtomically(branch, prepared, parent, claimsSeen), false);
    }
    List<RemoteRefUpdate> updates = new ArrayList<>();
    try {
      if (prepared.commit() != null) {
        updates.add(
            new RemoteRefUpdate(
                repo,
                null,
                prepared.commit(),
                "refs/heads/" + branch,
                false,
                null,
                parent == null ? ObjectId.zeroId() : parent));
      }
      for (Map.Entry<String, ObjectId> tag : prepared.tags().entrySet()) {
        updates.add(
            new RemoteRefUpdate(
                repo,
                null,
                tag.getValue(),
                "refs/tags/" + tag.getKey(),
                false,
                null,
                ObjectId.zeroId()));
      }
      for (Map.Entry<String, ObjectId> claim : prepared.claimRefs(claimsSeen).entrySet()) {
        updates.add(
            new RemoteRefUpdate(
                repo, null, claim.getValue(), claim.getKey(), false, null, ObjectId.zeroId()));
      }
      for (LocalObjects.MarkerUpdate marker : prepared.markers()) {
        updates.add(
            new RemoteRefUpdate(
                repo, null, marker.newId(), marker.ref(), false, null, marker.expected()));
      }
    } catch (IOException e) {
      throw RemoteEndpoint.io(e);
    }
    return remote.pushAtomic(repo, updates);
  }

  /**
   * For a remote on this file system: removes ref locks a dead writer left (a retry then succeeds)
   * and counts recent ones (a live writer, or one that died moments ago: retried after backoff
   * until they are stale or gone).
   */
  private StaleRefLocks.Found clearStaleLocks() {
    Path directory = remote == null ? null : remote.localDirectory();
    StaleRefLocks.Found inRemote =
        directory == null
            ? new StaleRefLocks.Found(0, 0)
            : StaleRefLocks.clear(directory, StaleRefLocks.STALE_AFTER, clock.now());
    if (remote == null) {
      return inRemote;
    }
    StaleRefLocks.Found inMirror =
        StaleRefLocks.clear(repo.getDirectory().toPath(), StaleRefLocks.STALE_AFTER, clock.now());
    return new StaleRefLocks.Found(
        inRemote.removed() + inMirror.removed(), inRemote.recent() + inMirror.recent());
  }

  /** True when the push failed because the remote moved or took one of our tag names. */
  private boolean lostRace(@Nullable ObjectId parent, LocalObjects.Prepared prepared) {
    if (remote == null) {
      return true;
    }
    Map<String, ObjectId> refs = remote.listRefs(repo);
    if (!Objects.equals(refs.get("refs/heads/" + branch), parent)) {
      return true;
    }
    return prepared.tags().keySet().stream().anyMatch(t -> refs.containsKey("refs/tags/" + t))
        || prepared.claimRefs(claimsSeen).keySet().stream().anyMatch(refs::containsKey)
        || prepared.markers().stream()
            .anyMatch(m -> !m.expected().equals(refs.getOrDefault(m.ref(), ObjectId.zeroId())));
  }

  /** Fetches the branch and tags; returns the claim refs of the same ref advertisement. */
  private Set<String> fetch(RemoteEndpoint endpoint) {
    Map<String, ObjectId> remoteRefs = endpoint.listRefs(repo);
    String branchRef = "refs/heads/" + branch;
    boolean hasBranches = remoteRefs.keySet().stream().anyMatch(n -> n.startsWith("refs/heads/"));
    if (!remoteRefs.containsKey(branchRef) && hasBranches) {
      throw new ConfigurationException(
          "Cannot find branch: "
              + branch
              + " in "
              + endpoint.displayUrl()
              + " (create it or choose an existing branch)");
    }
    List<RefSpec> specs = new ArrayList<>();
    Map<String, ObjectId> local = objects.refs("refs/");
    ObjectId remoteHead = remoteRefs.get(branchRef);
    if (remoteHead != null && !remoteHead.equals(local.get(branchRef))) {
      specs.add(new RefSpec("+" + branchRef + ":" + branchRef));
    }
    Map<String, ObjectId> wantedTags = new LinkedHashMap<>();
    for (Map.Entry<String, ObjectId> ref : remoteRefs.entrySet()) {
      String name = ref.getKey();
      if ((name.startsWith("refs/tags/") || isMarker(name))
          && !name.endsWith("^{}")
          && !ref.getValue().equals(local.get(name))) {
        wantedTags.put(name, ref.getValue());
      }
    }
    if (wantedTags.size() > 200) {
      specs.add(new RefSpec("+refs/tags/*:refs/tags/*"));
      wantedTags.keySet().stream()
          .filter(JGitRepo::isMarker)
          .forEach(n -> specs.add(new RefSpec("+" + n + ":" + n)));
    } else {
      wantedTags.keySet().forEach(n -> specs.add(new RefSpec("+" + n + ":" + n)));
    }
    // Only a new mirror fetches shallow: JGit's client mishandles the server's shallow lines when
    // deepening an existing shallow repository against git-upload-pack; new commits on the branch
    // and new tags need no depth limit once the mirror has the previous head.
    endpoint.fetch(repo, specs, !local.containsKey(branchRef));
    List<String> stale = new ArrayList<>();
    for (String name : local.keySet()) {
      if ((name.startsWith("refs/tags/") || name.equals(branchRef) || isMarker(name))
          && !remoteRefs.containsKey(name)) {
        stale.add(name);
      }
    }
    objects.deleteRefs(stale);
    lastFetchNanos = clock.nanoTime();
    Set<String> claims = new HashSet<>();
    for (String name : remoteRefs.keySet()) {
      if (name.startsWith(Change.CLAIMS_PREFIX)) {
        claims.add(name);
      }
    }
    return claims;
  }

  private static boolean isMarker(String ref) {
    return ref.startsWith(GitMarker.PREFIX) && !ref.startsWith(Change.CLAIMS_PREFIX);
  }

  private @Nullable ObjectId headId() {
    return objects.refs("refs/heads/" + branch).get("refs/heads/" + branch);
  }

  private String where() {
    return remote == null ? repo.getDirectory().toString() : remote.displayUrl();
  }

  private void sleepNanos(long nanos) {
    try {
      clock.sleep(Duration.ofNanos(nanos));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConcurrentWriteException("Cannot retry the Git write: interrupted", e);
    }
  }

  @Override
  public void close() {
    if (remote != null) {
      remote.close();
    }
    repo.close();
  }

  private final class Snapshot implements GitSnapshot {
    private final @Nullable ObjectId head;
    private final List<GitTag> tags;
    private final List<GitMarker> markers;

    Snapshot(@Nullable ObjectId head, List<GitTag> tags, List<GitMarker> markers) {
      this.head = head;
      this.tags = tags;
      this.markers = markers;
    }

    @Override
    public List<GitMarker> markers() {
      return markers;
    }

    @Override
    public @Nullable String head() {
      return head == null ? null : head.name();
    }

    @Override
    public List<GitTag> tags() {
      return tags;
    }

    @Override
    public Optional<byte[]> readFile(String path) {
      return head == null ? Optional.empty() : objects.readFile(head, path);
    }
  }
}
