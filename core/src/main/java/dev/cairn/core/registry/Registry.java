package dev.cairn.core.registry;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.git.Change;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.git.GitSnapshot;
import dev.cairn.core.git.MarkerEdit;
import dev.cairn.core.git.NewTag;
import dev.cairn.core.git.WriteResult;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The GTO-compatible registry on a Git repository. Every write is a function of the registry state
 * that {@link GitRepo#write} re-applies on a fresh head when another writer got there first, so
 * versions and counters are always recomputed from what is really on the remote.
 *
 * <p>Tag times of stage, deregister and deprecate tags are strictly later than every earlier tag of
 * the artifact (Git stores whole seconds), so no two events of an artifact are ambiguous.
 */
public final class Registry {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Registry.class);
  private final GitRepo repo;
  private final Clock clock;

  private Registry(GitRepo repo, Clock clock) {
    this.repo = repo;
    this.clock = clock;
  }

  public static Registry on(GitRepo repo) {
    return new Registry(repo, Clock.systemUTC());
  }

  public static Registry on(GitRepo repo, Clock clock) {
    return new Registry(repo, clock);
  }

  /** Fetches the tags again and computes the state. */
  public RegistryState state() {
    return RegistryState.compute(repo.refreshTags());
  }

  /** The stage holds as last fetched (call {@link #state()} first to refresh). */
  public StageHolds holds() {
    return StageHolds.of(repo.markers());
  }

  /**
   * What gto reads at the branch head besides tags: {@code .gto} and {@code artifacts.yaml}.
   *
   * @throws InvalidInputException if gto would refuse either file
   */
  public GtoFiles files() {
    return GtoFiles.at(repo);
  }

  /**
   * Refuses, before anything is written, a stage the head's {@code .gto} does not allow (every
   * stage write checks again against the head it is applied to).
   *
   * @throws InvalidInputException naming the allowed stages
   */
  public void checkStageAllowed(String stage) {
    Optional<String> head = repo.head();
    if (head.isEmpty()) {
      GtoTag.checkStage(stage);
      return;
    }
    GtoFiles.config(path -> repo.readFile(head.get(), path)).checkStage(stage);
  }

  /** The state from the tags as last fetched. */
  public RegistryState cachedState() {
    return RegistryState.compute(repo.tags());
  }

  /**
   * Registers a version: commits {@code request.files()} (if any) and tags the commit {@code
   * name@vX.Y.Z}. Re-running with unchanged files returns the version already at the head.
   *
   * @throws InvalidInputException if the explicit version exists already, or a bump is asked for
   *     the first version
   */
  public RegistryWrite register(RegisterRequest request) {
    return register(request, snapshot -> request.files());
  }

  /**
   * Like {@link #register(RegisterRequest)}, but the files to commit are computed from each
   * attempt's snapshot of the branch head ({@code request.files()} is ignored), so edits of shared
   * files such as {@code dvc.yaml} are re-applied on top of what concurrent writers committed. The
   * function may throw to abandon the write; the exception propagates unchanged.
   */
  public RegistryWrite register(
      RegisterRequest request, Function<GitSnapshot, Map<String, byte[]>> filesAt) {
    String name = request.artifact();
    AtomicReference<String> version = new AtomicReference<>("");
    WriteResult result =
        repo.write(
            "register " + name,
            snapshot -> {
              RegistryState state = RegistryState.compute(snapshot.tags());
              Optional<ArtifactState> artifact = state.artifact(name);
              String head = snapshot.head();
              Map<String, byte[]> files = filesAt.apply(snapshot);
              boolean newContent = !files.isEmpty() && changesHead(snapshot, files);
              boolean emptyCommit = false;
              if (!newContent) {
                if (head == null) {
                  throw new InvalidInputException(
                      "Cannot register "
                          + name
                          + ": the branch has no commit (give files to commit)");
                }
                Optional<VersionState> atHead = artifact.flatMap(a -> a.versionAtCommit(head));
                if (atHead.isPresent() && atHead.get().active()) {
                  String existing = atHead.get().version();
                  if (request.version() != null && !request.version().equals(existing)) {
                    throw new InvalidInputException(
                        "Cannot register "
                            + name
                            + "@"
                            + request.version()
                            + ": commit "
                            + head
                            + " is registered as "
                            + existing
                            + " already (commit new content first)");
                  }
                  version.set(existing);
                  return Change.none();
                }
                emptyCommit = atHead.isPresent();
              }
              String next = nextVersion(name, artifact, request);
              version.set(next);
              NewTag tag =
                  new NewTag(
                      GtoTag.register(name, next).tagName(),
                      null,
                      message(
                          request.message(), "Registering artifact " + name + " version " + next),
                      now());
              String commitMessage =
                  request.commitMessage() != null
                      ? request.commitMessage()
                      : "Register " + name + " " + next;
              if (newContent || emptyCommit) {
                return new Change(commitMessage, files, List.of(tag), emptyCommit);
              }
              return Change.tags(List.of(tag));
            });
    return new RegistryWrite(
        name,
        TagAction.REGISTER,
        version.get(),
        null,
        null,
        result.tags(),
        result.commit(),
        result.attempts());
  }

  /**
   * Assigns {@code stage} to a registered version ({@code name#stage#N}). No tag is written if the
   * version is already the one in the stage.
   */
  public RegistryWrite assign(String name, String version, String stage, @Nullable String message) {
    return assign(name, version, stage, message, (state, artifact, holds) -> Optional.empty());
  }

  /**
   * Like {@link #assign(String, String, String, String)}, but asks {@code check} inside every
   * attempt of the write (so again after a lost race, against the new head) whether the version may
   * be assigned; writes nothing when it refuses. The check is not asked when the version is in the
   * stage already.
   */
  public RegistryWrite assign(
      String name, String version, String stage, @Nullable String message, PromotionCheck check) {
    GtoTag.checkStage(stage);
    AtomicReference<@Nullable String> previous = new AtomicReference<>();
    WriteResult result =
        stageWrite(
            "assign " + name + "#" + stage,
            name,
            stage,
            head -> {
              ArtifactState artifact = head.artifact();
              VersionState target = artifact.requireActive(version);
              Optional<String> current = artifact.versionInStage(stage);
              previous.set(current.orElse(null));
              if (current.isPresent() && current.get().equals(version)) {
                return Edits.NONE;
              }
              if (check.refusal(head.state(), artifact, head.holds()).isPresent()) {
                return Edits.NONE;
              }
              return Edits.tags(
                  new NewTag(
                      GtoTag.assign(name, stage, artifact.nextCounter()).tagName(),
                      target.commit(),
                      message(
                          message,
                          "Assigning stage "
                              + stage
                              + " to artifact "
                              + name
                              + " version "
                              + version),
                      strictlyAfter(artifact, 0)));
            });
    return new RegistryWrite(
        name,
        TagAction.ASSIGN,
        version,
        stage,
        previous.get(),
        result.tags(),
        result.commit(),
        result.attempts());
  }

  /**
   * Unassigns {@code stage} from a version ({@code name#stage!#N}); no-op if it does not hold it.
   */
  public RegistryWrite unassign(
      String name, String version, String stage, @Nullable String message) {
    GtoTag.checkStage(stage);
    WriteResult result =
        tagWrite(
            "unassign " + name + "#" + stage,
            name,
            stage,
            artifact -> {
              VersionState target = artifact.requireVersion(version);
              String unknownStage = artifact.stageHint(stage, "");
              if (!unknownStage.isEmpty()) {
                throw new InvalidInputException(
                    "Cannot unassign " + name + "#" + stage + ": " + unknownStage);
              }
              if (!target.stages().contains(stage)) {
                return List.of();
              }
              return List.of(
                  new NewTag(
                      GtoTag.unassign(name, stage, artifact.nextCounter()).tagName(),
                      target.commit(),
                      message(
                          message,
                          "Unassigning stage '"
                              + stage
                              + "' to artifact '"
                              + name
                              + "' version '"
                              + version
                              + "'"),
                      strictlyAfter(artifact, 0)));
            });
    return new RegistryWrite(
        name,
        TagAction.UNASSIGN,
        version,
        stage,
        null,
        result.tags(),
        result.commit(),
        result.attempts());
  }

  /** Deregisters a version ({@code name@vX.Y.Z!}); no-op if it is deregistered already. */
  public RegistryWrite deregister(String name, String version, @Nullable String message) {
    WriteResult result =
        tagWrite(
            "deregister " + name + "@" + version,
            name,
            null,
            artifact -> {
              VersionState target = artifact.requireVersion(version);
              if (!target.active()) {
                return List.of();
              }
              GtoTag tag = GtoTag.deregister(name, version, null);
              if (tagExists(artifact, tag.tagName())) {
                tag = tag.withCounter(artifact.nextCounter());
              }
              return List.of(
                  new NewTag(
                      tag.tagName(),
                      target.commit(),
                      message(message, "Deregistering artifact " + name + " version " + version),
                      strictlyAfter(artifact, 0)));
            });
    return new RegistryWrite(
        name,
        TagAction.DEREGISTER,
        version,
        null,
        null,
        result.tags(),
        result.commit(),
        result.attempts());
  }

  /** Deprecates an artifact ({@code name@deprecated}); no-op if it is deprecated already. */
  public RegistryWrite deprecate(String name, @Nullable String message) {
    WriteResult result =
        tagWrite(
            "deprecate " + name,
            name,
            null,
            artifact -> {
              if (!artifact.active()) {
                return List.of();
              }
              GtoTag tag = GtoTag.deprecate(name, null);
              if (tagExists(artifact, tag.tagName())) {
                tag = tag.withCounter(artifact.nextCounter());
              }
              String head = repoHeadOr(artifact);
              return List.of(
                  new NewTag(
                      tag.tagName(),
                      head,
                      message(message, "Deprecating artifact '" + name + "'"),
                      strictlyAfter(artifact, 0)));
            });
    return new RegistryWrite(
        name,
        TagAction.DEPRECATE,
        null,
        null,
        null,
        result.tags(),
        result.commit(),
        result.attempts());
  }

  /**
   * Moves {@code stage} back without placing a hold; see {@link #rollback(RollbackOrder)}.
   *
   * @throws InvalidInputException if nothing is in the stage, there is no previous version, or the
   *     target is not an active registered version
   */
  public RegistryWrite rollback(
      String name, String stage, @Nullable String target, @Nullable String reason) {
    return rollback(
            RollbackOrder.of(name, stage, target, reason == null ? "" : reason).withHold(false))
        .write();
  }

  /**
   * Moves {@code stage} back: an unassign tag for the current version, then an assign tag for the
   * target one second later, both recording in their messages ({@code cairn-rollback-*} trailers)
   * what was rolled back from, to and why; with {@link RollbackOrder#hold()} also a {@link
   * StageHold} in the same atomic push. Every decision is made again when the push is re-applied on
   * a new head. A null target means "previous" (see {@link RollbackOrder#target()}).
   *
   * @throws InvalidInputException if nothing is in the stage, no earlier version qualifies as
   *     previous (the message lists the versions that could be named), or the target is not an
   *     active registered version
   */
  public RollbackWrite rollback(RollbackOrder order) {
    String name = order.name();
    String stage = order.stage();
    AtomicReference<@Nullable String> from = new AtomicReference<>();
    AtomicReference<@Nullable String> to = new AtomicReference<>();
    AtomicReference<@Nullable StageHold> hold = new AtomicReference<>();
    java.util.concurrent.atomic.AtomicBoolean holdPlaced =
        new java.util.concurrent.atomic.AtomicBoolean();
    WriteResult result =
        stageWrite(
            "roll back " + name + "#" + stage,
            name,
            stage,
            head -> {
              ArtifactState artifact = head.artifact();
              RollbackTargets.Choice choice =
                  RollbackTargets.choose(artifact, stage, order.target(), null);
              String current = choice.current();
              VersionState targetVersion = choice.target();
              String wanted = targetVersion.version();
              from.set(current);
              to.set(wanted);
              Optional<StageHold> existing = head.holds().find(name, stage);
              hold.set(existing.orElse(null));
              holdPlaced.set(false);
              Instant t = strictlyAfter(artifact, 0);
              List<NewTag> tags = new ArrayList<>();
              if (!wanted.equals(current)) {
                VersionState currentVersion = artifact.requireVersion(current);
                BigInteger n = artifact.nextCounter();
                tags.addAll(
                    RollbackTargets.tags(
                        order,
                        currentVersion,
                        targetVersion,
                        order.contentId().apply(currentVersion).orElse(null),
                        n,
                        t));
              }
              List<MarkerEdit> markers = new ArrayList<>();
              // a hold already on stays as it is (markers are never moved); the summary shows it
              if (order.hold() && existing.isEmpty()) {
                String why =
                    wanted.equals(current)
                        ? order.reason()
                        : "rollback from " + current + ": " + order.reason();
                markers.add(
                    MarkerEdit.create(
                        StageHold.markerName(name, stage),
                        holdTag(name, stage, targetVersion, why, t.plusSeconds(1))));
                holdPlaced.set(true);
              }
              return new Edits(tags, markers);
            });
    RegistryWrite write =
        new RegistryWrite(
            name,
            TagAction.ASSIGN,
            to.get(),
            stage,
            from.get(),
            result.tags(),
            result.commit(),
            result.attempts());
    StageHold after = holdPlaced.get() ? holds().find(name, stage).orElse(null) : hold.get();
    return new RollbackWrite(write, after, holdPlaced.get());
  }

  /**
   * Places a hold on {@code name#stage} at the version in the stage now: until {@link #release},
   * automatic promotion does not assign the stage. No-op when the stage is held already.
   *
   * @throws InvalidInputException if no version is in the stage, or no reason is given
   */
  public HoldWrite hold(String name, String stage, String reason) {
    GtoTag.checkStage(stage);
    requireReason(reason, "hold " + name + "#" + stage);
    AtomicReference<@Nullable StageHold> found = new AtomicReference<>();
    WriteResult result =
        stageWrite(
            "hold " + name + "#" + stage,
            name,
            head -> {
              Optional<StageHold> existing = head.holds().find(name, stage);
              found.set(existing.orElse(null));
              if (existing.isPresent()) {
                return Edits.NONE;
              }
              String current = RollbackTargets.current(head.artifact(), stage);
              VersionState version = head.artifact().requireVersion(current);
              return new Edits(
                  List.of(),
                  List.of(
                      MarkerEdit.create(
                          StageHold.markerName(name, stage),
                          holdTag(name, stage, version, reason.strip(), now()))));
            });
    StageHold existing = found.get();
    StageHold hold = existing != null ? existing : holds().find(name, stage).orElseThrow();
    return new HoldWrite(hold, existing == null, result.attempts());
  }

  /**
   * Ends the hold on {@code name#stage}. Empty when the stage was not held.
   *
   * @throws InvalidInputException if no reason is given
   */
  public Optional<HoldWrite> release(String name, String stage, String reason) {
    GtoTag.checkStage(stage);
    requireReason(reason, "release " + name + "#" + stage);
    AtomicReference<@Nullable StageHold> found = new AtomicReference<>();
    WriteResult result =
        stageWrite(
            "release " + name + "#" + stage,
            name,
            head -> {
              Optional<StageHold> existing = head.holds().find(name, stage);
              found.set(existing.orElse(null));
              return existing
                  .map(
                      h ->
                          new Edits(
                              List.of(),
                              List.of(
                                  MarkerEdit.delete(
                                      StageHold.markerName(name, stage), h.objectId()))))
                  .orElse(Edits.NONE);
            });
    StageHold released = found.get();
    LOG.info(
        "Released {}#{} ({}): {}", name, stage, released == null ? "not held" : "held", reason);
    return released == null
        ? Optional.empty()
        : Optional.of(new HoldWrite(released, true, result.attempts()));
  }

  private static void requireReason(String reason, String what) {
    if (reason.isBlank()) {
      throw new InvalidInputException(
          "Cannot " + what + ": no reason given (say why, for the log)");
    }
  }

  private static NewTag holdTag(
      String name, String stage, VersionState version, String reason, Instant time) {
    Map<String, String> trailers = new java.util.LinkedHashMap<>();
    trailers.put(Trailers.HOLD_VERSION, version.version());
    trailers.put(Trailers.REASON, reason);
    return new NewTag(
        "cairn-hold",
        version.commit(),
        Trailers.append(
            "Hold " + name + "#" + stage + " at " + version.version() + ": " + reason, trailers),
        time);
  }

  /**
   * One claim per GTO counter the tags use, so two writers that computed the same counter for
   * different tags (say {@code m#dev#10} and {@code m#prod#10}) cannot both push.
   */
  private static List<String> claims(List<NewTag> tags) {
    List<String> claims = new java.util.ArrayList<>();
    for (NewTag tag : tags) {
      GtoTag.parse(tag.name())
          .filter(parsed -> parsed.counter() != null)
          .ifPresent(
              parsed ->
                  claims.add(
                      "counter/" + parsed.artifact().replace(':', '=') + "/" + parsed.counter()));
    }
    return claims;
  }

  /** The registry at one attempt of a write. */
  private record Head(RegistryState state, ArtifactState artifact, StageHolds holds) {}

  /** What one attempt of a write wants to push. */
  private record Edits(List<NewTag> tags, List<MarkerEdit> markers) {
    static final Edits NONE = new Edits(List.of(), List.of());

    static Edits tags(NewTag... tags) {
      return new Edits(List.of(tags), List.of());
    }
  }

  private WriteResult tagWrite(
      String description,
      String name,
      @Nullable String stage,
      Function<ArtifactState, List<NewTag>> tags) {
    return stageWrite(
        description, name, stage, head -> new Edits(tags.apply(head.artifact()), List.of()));
  }

  private WriteResult stageWrite(String description, String name, Function<Head, Edits> edits) {
    return stageWrite(description, name, null, edits);
  }

  /** A write that first refuses {@code stage} when the head's {@code .gto} does not allow it. */
  private WriteResult stageWrite(
      String description, String name, @Nullable String stage, Function<Head, Edits> edits) {
    GtoTag.checkFullName(name);
    return repo.write(
        description,
        snapshot -> {
          if (stage != null) {
            GtoFiles.config(snapshot::readFile).checkStage(stage);
          }
          RegistryState state = RegistryState.compute(snapshot.tags());
          Head head = new Head(state, state.require(name), StageHolds.of(snapshot.markers()));
          Edits wanted = edits.apply(head);
          if (wanted.tags().isEmpty() && wanted.markers().isEmpty()) {
            return Change.none();
          }
          Change change =
              wanted.tags().isEmpty()
                  ? Change.none()
                  : Change.tags(wanted.tags()).withClaims(claims(wanted.tags()));
          return change.withMarkers(wanted.markers());
        });
  }

  private String repoHeadOr(ArtifactState artifact) {
    Optional<String> head = repo.head();
    if (head.isPresent()) {
      return head.get();
    }
    List<RegistryEvent> events = artifact.history();
    return events.get(events.size() - 1).commit();
  }

  private static String nextVersion(
      String name, Optional<ArtifactState> artifact, RegisterRequest request) {
    List<String> taken = new ArrayList<>();
    artifact.ifPresent(a -> a.versions().forEach(v -> taken.add(v.version())));
    if (request.version() != null) {
      if (taken.contains(request.version())) {
        throw new InvalidInputException(
            "Cannot register "
                + name
                + "@"
                + request.version()
                + ": that version exists already (choose another)");
      }
      return request.version();
    }
    Optional<String> latest = artifact.flatMap(ArtifactState::latest);
    if (latest.isEmpty()) {
      if (request.bump() != null) {
        throw new InvalidInputException(
            "Cannot bump the version of "
                + name
                + ": this is its first version (omit the bump or give a version)");
      }
      SemVer first = SemVer.FIRST;
      while (taken.contains(first.toString())) {
        first = first.bump(Bump.PATCH);
      }
      return first.toString();
    }
    SemVer next =
        SemVer.parse(latest.get()).bump(request.bump() == null ? Bump.PATCH : request.bump());
    // GTO would refuse a bump onto a deregistered version's name; we move on to the next free one.
    while (taken.contains(next.toString())) {
      next = next.bump(Bump.PATCH);
    }
    return next.toString();
  }

  private static boolean changesHead(GitSnapshot snapshot, Map<String, byte[]> files) {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Optional<byte[]> current = snapshot.readFile(file.getKey());
      if (current.isEmpty() || !Arrays.equals(current.get(), file.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean tagExists(ArtifactState artifact, String tagName) {
    return artifact.history().stream().anyMatch(e -> e.tag().equals(tagName));
  }

  private static String message(@Nullable String given, String gtoDefault) {
    return given == null || given.isBlank() ? gtoDefault : given;
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  /** Now, but at least one second after the artifact's newest tag (plus {@code extra} seconds). */
  private Instant strictlyAfter(ArtifactState artifact, long extra) {
    Instant now = now();
    Instant floor = artifact.lastTagTime().map(t -> t.plusSeconds(1)).orElse(now);
    return (now.isAfter(floor) ? now : floor).plusSeconds(extra);
  }
}
