package dev.cairn.core.registry;

import dev.cairn.core.DidYouMean;
import dev.cairn.core.InvalidInputException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The state of one artifact, computed from its tags exactly as {@code gto show} does by default
 * (stages: the version whose assignment is the most recent wins; one version per stage). Immutable.
 */
public final class ArtifactState {
  private final String name;
  private final List<RegistryEvent> events;
  private final List<Ver> versions;
  private final BigInteger maxCounter;
  private final @Nullable Instant lastTagTime;

  /** Accumulated events of one version (package-private working type). */
  static final class Ver {
    final String name;
    final String commit;
    final List<Instant> registrations = new ArrayList<>();
    final List<Instant> deregistrations = new ArrayList<>();
    final Map<String, Stage> stages = new LinkedHashMap<>();
    @Nullable Instant firstEvent;

    Ver(String name, String commit) {
      this.name = name;
      this.commit = commit;
    }

    boolean registered() {
      return !registrations.isEmpty();
    }

    boolean discovered() {
      return registrations.isEmpty() && deregistrations.isEmpty();
    }

    boolean active() {
      if (discovered()) {
        return !stages.isEmpty();
      }
      // GTO: the newest direct event decides; a deregistration in the same second wins.
      return registered()
          && (deregistrations.isEmpty() || max(registrations).isAfter(max(deregistrations)));
    }

    Instant createdAt() {
      return registered() ? max(registrations) : Objects.requireNonNull(firstEvent);
    }

    void touch(Instant time) {
      if (firstEvent == null || time.isBefore(firstEvent)) {
        firstEvent = time;
      }
    }
  }

  /** Assignments and unassignments of one (version, stage). */
  static final class Stage {
    final List<Instant> assignments = new ArrayList<>();
    final List<Instant> unassignments = new ArrayList<>();

    boolean active() {
      // GTO: the newest event decides; an unassignment in the same second wins.
      return !assignments.isEmpty()
          && (unassignments.isEmpty() || max(assignments).isAfter(max(unassignments)));
    }

    Instant assignedAt() {
      return max(assignments);
    }
  }

  ArtifactState(
      String name,
      List<RegistryEvent> events,
      List<Ver> versions,
      BigInteger maxCounter,
      @Nullable Instant lastTagTime) {
    this.name = name;
    List<RegistryEvent> sorted = new ArrayList<>(events);
    sorted.sort(RegistryEvent.CHRONOLOGICAL);
    this.events = List.copyOf(sorted);
    this.versions = List.copyOf(versions);
    this.maxCounter = maxCounter;
    this.lastTagTime = lastTagTime;
  }

  public String name() {
    return name;
  }

  /** Every event of this artifact, oldest first (the order of {@code gto history --ascending}). */
  public List<RegistryEvent> history() {
    return events;
  }

  /** True unless the newest event is a deprecation (GTO hides such artifacts by default). */
  public boolean active() {
    Instant lastDeprecation = null;
    Instant lastOther = null;
    for (RegistryEvent e : events) {
      if (e.action() == TagAction.DEPRECATE) {
        lastDeprecation = e.timestamp();
      } else {
        lastOther = e.timestamp();
      }
    }
    if (lastDeprecation == null) {
      return lastOther != null;
    }
    return lastOther != null && !lastOther.isBefore(lastDeprecation);
  }

  /** All versions, registered and discovered, active or not; greatest SemVer first. */
  public List<VersionState> versions() {
    return sortVersions(versions).stream().map(this::toState).toList();
  }

  /** A version by name. */
  public Optional<VersionState> version(String version) {
    return versions.stream().filter(v -> v.name.equals(version)).findFirst().map(this::toState);
  }

  /**
   * A version by name.
   *
   * @throws InvalidInputException if there is none
   */
  public VersionState requireVersion(String version) {
    return version(version)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "Cannot find version: "
                        + name
                        + "@"
                        + version
                        + " (see cairn show "
                        + name
                        + ")"));
  }

  /**
   * A registered, not deregistered version by name.
   *
   * @throws InvalidInputException if there is none or it is deregistered
   */
  public VersionState requireActive(String version) {
    VersionState state = requireVersion(version);
    if (!state.registered() || !state.active()) {
      throw new InvalidInputException(
          "Cannot use version: "
              + name
              + "@"
              + version
              + " (it is deregistered; register it again or pick another)");
    }
    return state;
  }

  /** The registered, non-deregistered version registered at {@code commit}, if any. */
  public Optional<VersionState> versionAtCommit(String commit) {
    return versions.stream()
        .filter(v -> v.commit.equals(commit) && !v.discovered())
        .findFirst()
        .map(this::toState);
  }

  /** GTO's "latest": the greatest SemVer among active registered versions. */
  public Optional<String> latest() {
    return sortVersions(versions).stream()
        .filter(v -> v.active() && v.registered() && SemVer.isValid(v.name))
        .findFirst()
        .map(v -> v.name);
  }

  /** Stage → version, as the stage columns of {@code gto show} (timestamp order, one per stage). */
  public Map<String, String> stages() {
    Map<String, String> result = new LinkedHashMap<>();
    for (Assigned a : activeAssignments()) {
      result.putIfAbsent(a.stage, a.version.name);
    }
    return result;
  }

  /** The version in {@code stage}: the target of the most recent active assignment. */
  public Optional<String> versionInStage(String stage) {
    return Optional.ofNullable(stages().get(stage));
  }

  /** Every version with an active assignment to {@code stage}, most recently assigned first. */
  public List<String> versionsInStage(String stage) {
    List<String> result = new ArrayList<>();
    for (Assigned a : activeAssignments()) {
      if (a.stage.equals(stage) && !result.contains(a.version.name)) {
        result.add(a.version.name);
      }
    }
    return result;
  }

  /**
   * The version that held {@code stage} before the current assignment, skipping versions that are
   * deregistered now. Empty when nothing held the stage before.
   */
  public Optional<String> previousInStage(String stage) {
    return previousInStage(stage, java.util.Set.of());
  }

  /**
   * Like {@link #previousInStage(String)}, also skipping the versions in {@code skip} (for example
   * those the stage was rolled back away from, see {@link RollbackMemory}).
   */
  public Optional<String> previousInStage(String stage, java.util.Set<String> skip) {
    Optional<String> current = versionInStage(stage);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Ver> byName = new LinkedHashMap<>();
    versions.forEach(v -> byName.putIfAbsent(v.name, v));
    // Replay the stage's events, recording who held it after each one.
    List<RegistryEvent> stageEvents = events.stream().filter(e -> stage.equals(e.stage())).toList();
    Map<String, Instant> lastAssign = new LinkedHashMap<>();
    Map<String, Instant> lastUnassign = new LinkedHashMap<>();
    List<@Nullable String> holders = new ArrayList<>();
    int currentAssignment = -1;
    Instant currentAt =
        Objects.requireNonNull(Objects.requireNonNull(byName.get(current.get())).stages.get(stage))
            .assignedAt();
    for (int i = 0; i < stageEvents.size(); i++) {
      RegistryEvent e = stageEvents.get(i);
      String v = Objects.requireNonNull(e.version());
      if (e.action() == TagAction.ASSIGN) {
        lastAssign.put(v, e.timestamp());
        if (v.equals(current.get()) && e.timestamp().equals(currentAt)) {
          currentAssignment = i;
        }
      } else {
        lastUnassign.put(v, e.timestamp());
      }
      holders.add(holder(lastAssign, lastUnassign));
    }
    for (int i = currentAssignment - 1; i >= 0; i--) {
      String h = holders.get(i);
      if (h != null && !h.equals(current.get()) && !skip.contains(h)) {
        Ver ver = byName.get(h);
        if (ver != null && ver.active()) {
          return Optional.of(h);
        }
      }
    }
    return Optional.empty();
  }

  private static @Nullable String holder(
      Map<String, Instant> assigns, Map<String, Instant> unassigns) {
    String best = null;
    Instant bestAt = null;
    for (Map.Entry<String, Instant> a : assigns.entrySet()) {
      Instant un = unassigns.get(a.getKey());
      boolean active = un == null || a.getValue().isAfter(un);
      if (active && (bestAt == null || !a.getValue().isBefore(bestAt))) {
        best = a.getKey();
        bestAt = a.getValue();
      }
    }
    return best;
  }

  /** Stages with an active assignment on an active version (GTO's "used stages"). */
  public List<String> usedStages() {
    return List.copyOf(new TreeSet<>(stages().keySet()));
  }

  /**
   * What to tell about {@code stage} in a message: when the artifact was never in it but has other
   * stages, that, with the close stage and the list ({@code m was never in stage 'prd'; did you
   * mean prod? stages of m: prod, staging}), so a typo is not read as an empty stage; else {@code
   * otherwise}.
   */
  public String stageHint(String stage, String otherwise) {
    List<String> known = usedStages();
    if (known.isEmpty() || known.contains(stage)) {
      return otherwise;
    }
    return name
        + " was never in stage '"
        + stage
        + "'; "
        + DidYouMean.hintAndList(stage, "stages of " + name, known);
  }

  /**
   * GTO's next counter: one more than the highest {@code #N} on any tag of this artifact (1 when
   * none has one). Unbounded, as gto's.
   */
  public BigInteger nextCounter() {
    return maxCounter.add(BigInteger.ONE);
  }

  /** The newest tagger time of any tag of this artifact, if any. */
  public Optional<Instant> lastTagTime() {
    return Optional.ofNullable(lastTagTime);
  }

  private record Assigned(Ver version, String stage, Instant at) {}

  /** GTO's get_vstages(sort=timestamp): active assignments of active versions, newest first. */
  private List<Assigned> activeAssignments() {
    List<Assigned> list = new ArrayList<>();
    for (Ver v : sortVersions(versions)) {
      if (!v.active()) {
        continue;
      }
      List<Map.Entry<String, Stage>> active =
          v.stages.entrySet().stream().filter(s -> s.getValue().active()).toList();
      List<Map.Entry<String, Stage>> ordered = new ArrayList<>(active);
      ordered.sort(Comparator.comparing(s -> s.getValue().assignedAt()));
      for (Map.Entry<String, Stage> s : ordered) {
        list.add(new Assigned(v, s.getKey(), s.getValue().assignedAt()));
      }
    }
    // Python: sorted(key=created_at)[::-1] -- stable ascending sort, then reversed.
    list.sort(Comparator.comparing(Assigned::at));
    List<Assigned> reversed = new ArrayList<>(list.size());
    for (int i = list.size() - 1; i >= 0; i--) {
      reversed.add(list.get(i));
    }
    return reversed;
  }

  /** GTO's sort_versions(SemVer, descending): SemVer versions first, then the others by name. */
  private static List<Ver> sortVersions(List<Ver> versions) {
    List<Ver> semver = new ArrayList<>();
    List<Ver> other = new ArrayList<>();
    for (Ver v : versions) {
      (SemVer.isValid(v.name) ? semver : other).add(v);
    }
    semver.sort(Comparator.comparing((Ver v) -> SemVer.parse(v.name)));
    other.sort(Comparator.comparing((Ver v) -> v.name));
    List<Ver> result = new ArrayList<>();
    for (int i = semver.size() - 1; i >= 0; i--) {
      result.add(semver.get(i));
    }
    for (int i = other.size() - 1; i >= 0; i--) {
      result.add(other.get(i));
    }
    return result;
  }

  private VersionState toState(Ver v) {
    List<Map.Entry<String, Stage>> active =
        new ArrayList<>(v.stages.entrySet().stream().filter(s -> s.getValue().active()).toList());
    active.sort(Comparator.comparing(s -> s.getValue().assignedAt()));
    return new VersionState(
        v.name,
        v.commit,
        v.registered(),
        v.discovered(),
        v.active(),
        v.createdAt(),
        active.stream().map(Map.Entry::getKey).toList());
  }

  static Instant max(List<Instant> times) {
    Instant max = times.get(0);
    for (Instant t : times) {
      if (t.isAfter(max)) {
        max = t;
      }
    }
    return max;
  }
}
