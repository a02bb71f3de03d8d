package dev.cairn.core.registry;

import dev.cairn.core.git.GitCommit;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The versions of one artifact as {@code gto show NAME --json} (gto 1.x) lists them: active
 * versions, greatest SemVer first; each version's {@code stages} hold only the stages it is the
 * current holder of, one holder per stage as gto computes it (the most recent assignment among
 * active versions wins; a deregistered version holds none); entries shaped as gto's. gto's {@code
 * enrichments} (the commit's own author and message) are left out: they are not registry events.
 */
public final class GtoVersions {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx").withZone(ZoneOffset.UTC);

  /** By time only (stable: same-second events keep their chronological order). */
  private static final Comparator<RegistryEvent> OLDEST_FIRST =
      Comparator.comparing(RegistryEvent::timestamp);

  private GtoVersions() {}

  /** One (version, stage): its assignments and unassignments, oldest first. */
  private record VStage(String version, String stage, String commit, List<RegistryEvent> events) {
    List<RegistryEvent> newestFirst() {
      return reversedStable(events);
    }

    boolean active() {
      return newestFirst().get(0).action() == TagAction.ASSIGN;
    }

    /** The newest assignment: gto's activated_at, created_at and authoring event. */
    RegistryEvent authoring() {
      return newestFirst().stream()
          .filter(e -> e.action() == TagAction.ASSIGN)
          .findFirst()
          .orElseThrow();
    }
  }

  /** One version: registrations, deregistrations and stages. */
  private record Ver(
      String version,
      String commit,
      List<RegistryEvent> registrations,
      List<RegistryEvent> deregistrations,
      Map<String, VStage> stages) {
    boolean active() {
      List<RegistryEvent> direct = new ArrayList<>(registrations);
      direct.addAll(deregistrations);
      if (direct.isEmpty()) {
        return !stages.isEmpty();
      }
      direct.sort(OLDEST_FIRST);
      return reversedStable(direct).get(0).action() == TagAction.REGISTER;
    }

    List<VStage> activeStagesOldestFirst() {
      List<VStage> active =
          new ArrayList<>(stages.values().stream().filter(VStage::active).toList());
      active.sort(Comparator.comparing(s -> s.authoring().timestamp()));
      return active;
    }

    /** gto's authoring event: the newest registration, else the newest stage event. */
    RegistryEvent authoring() {
      if (!registrations.isEmpty()) {
        return reversedStable(registrations).get(0);
      }
      List<RegistryEvent> indirect = new ArrayList<>();
      stages.values().forEach(s -> indirect.addAll(s.events()));
      if (indirect.isEmpty()) {
        indirect.addAll(deregistrations); // only a deregistration tag (shown with -d)
      }
      indirect.sort(OLDEST_FIRST);
      return reversedStable(indirect).get(0);
    }
  }

  /** {@code gto show NAME --json} for {@code artifact}; empty when it is deprecated. */
  public static List<Map<String, Object>> of(ArtifactState artifact) {
    if (!artifact.active()) {
      return List.of();
    }
    return active(artifact);
  }

  /**
   * {@code gto show NAME --json} with what gto reads at the branch head: for an artifact declared
   * in {@code artifacts.yaml}, the head commit is a version too (named by its commit id, {@code
   * discovered}) unless a version is registered there, and such an artifact needs no tags.
   *
   * @throws dev.cairn.core.InvalidInputException if the artifact has no tags and is not declared
   */
  public static List<Map<String, Object>> of(String name, RegistryState state, GtoFiles files) {
    return of(name, state, files, false);
  }

  /**
   * Like {@link #of(String, RegistryState, GtoFiles)}; with {@code deprecated} as {@code gto show
   * -d NAME --json}: a deprecated artifact's versions and deregistered versions too ({@code
   * is_active: false}, holding no stage).
   */
  public static List<Map<String, Object>> of(
      String name, RegistryState state, GtoFiles files, boolean deprecated) {
    Optional<ArtifactState> tagged = state.artifact(name);
    Optional<GitCommit> head = files.declared().containsKey(name) ? files.head() : Optional.empty();
    if (tagged.isEmpty() && head.isEmpty()) {
      state.require(name);
    }
    if (tagged.isPresent() && !deprecated && !RegistryState.active(tagged.get(), files)) {
      return List.of();
    }
    List<Map<String, Object>> out =
        new ArrayList<>(tagged.map(a -> listed(a, deprecated)).orElse(List.of()));
    if (head.isEmpty()
        || (tagged.isPresent()
            && versions(tagged.get()).stream()
                .anyMatch(
                    v ->
                        v.commit().equals(head.get().id())
                            && !(v.registrations().isEmpty() && v.deregistrations().isEmpty())))) {
      return out;
    }
    out.add(headVersion(name, head.get()));
    List<Map<String, Object>> semver = new ArrayList<>();
    List<Map<String, Object>> other = new ArrayList<>();
    for (Map<String, Object> v : out) {
      (SemVer.isValid(String.valueOf(v.get("version"))) ? semver : other).add(v);
    }
    other.sort(
        Comparator.comparing((Map<String, Object> v) -> String.valueOf(v.get("version")))
            .reversed());
    semver.addAll(other);
    return semver;
  }

  /** The head commit as gto lists it for a declared artifact: a discovered version. */
  private static Map<String, Object> headVersion(String artifact, GitCommit head) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("artifact", artifact);
    m.put("commit_hexsha", head.id());
    m.put("version", head.id());
    m.put("registrations", List.of());
    m.put("deregistrations", List.of());
    m.put("stages", List.of());
    m.put("is_active", true);
    m.put("activated_at", ISO.format(head.time()));
    m.put("created_at", ISO.format(head.time()));
    m.put("author", head.authorName());
    m.put("author_email", head.authorEmail());
    m.put("message", head.message());
    m.put("ref", head.id());
    m.put("discovered", true);
    return m;
  }

  private static List<Map<String, Object>> active(ArtifactState artifact) {
    return listed(artifact, false);
  }

  /** The active versions (all with {@code all}); stages are held by active versions only. */
  private static List<Map<String, Object>> listed(ArtifactState artifact, boolean all) {
    List<Ver> every = versions(artifact);
    List<Ver> versions = every.stream().filter(Ver::active).toList();
    Map<String, VStage> holders = holders(versions);
    List<Map<String, Object>> out = new ArrayList<>();
    for (Ver v : semverDescending(all ? every : versions)) {
      out.add(version(artifact.name(), v, holders));
    }
    return out;
  }

  private static List<Ver> versions(ArtifactState artifact) {
    Map<String, Ver> byName = new LinkedHashMap<>();
    for (RegistryEvent e : artifact.history()) {
      if (e.version() == null || e.action() == TagAction.DEPRECATE) {
        continue;
      }
      Ver v =
          byName.computeIfAbsent(
              e.version(),
              k ->
                  new Ver(
                      k, e.commit(), new ArrayList<>(), new ArrayList<>(), new LinkedHashMap<>()));
      switch (e.action()) {
        case REGISTER -> v.registrations().add(e);
        case DEREGISTER -> v.deregistrations().add(e);
        case ASSIGN, UNASSIGN -> {
          String stage = Objects.requireNonNull(e.stage());
          v.stages()
              .computeIfAbsent(
                  stage, s -> new VStage(v.version(), s, v.commit(), new ArrayList<>()))
              .events()
              .add(e);
        }
        default -> {}
      }
    }
    for (Ver v : byName.values()) {
      v.registrations().sort(OLDEST_FIRST);
      v.deregistrations().sort(OLDEST_FIRST);
      v.stages().values().forEach(s -> s.events().sort(OLDEST_FIRST));
    }
    return new ArrayList<>(byName.values());
  }

  /**
   * gto's {@code get_vstages(sort=Timestamp, versions_per_stage=1)}: the active stages of active
   * versions (versions newest first), newest assignment first; the first per stage holds it.
   */
  private static Map<String, VStage> holders(List<Ver> versions) {
    List<Ver> byTime = new ArrayList<>(versions);
    byTime.sort(Comparator.comparing(v -> v.authoring().timestamp()));
    List<VStage> assignments = new ArrayList<>();
    for (Ver v : reversedStable(byTime)) {
      assignments.addAll(v.activeStagesOldestFirst());
    }
    assignments.sort(Comparator.comparing(s -> s.authoring().timestamp()));
    Map<String, VStage> holders = new LinkedHashMap<>();
    for (VStage s : reversedStable(assignments)) {
      holders.putIfAbsent(s.stage(), s);
    }
    return holders;
  }

  private static List<Ver> semverDescending(List<Ver> versions) {
    List<Ver> semver =
        new ArrayList<>(versions.stream().filter(v -> SemVer.isValid(v.version())).toList());
    semver.sort(Comparator.comparing((Ver v) -> SemVer.parse(v.version())));
    List<Ver> other =
        new ArrayList<>(versions.stream().filter(v -> !SemVer.isValid(v.version())).toList());
    other.sort(Comparator.comparing(Ver::version));
    List<Ver> result = new ArrayList<>(reversedStable(semver));
    result.addAll(reversedStable(other));
    return result;
  }

  private static Map<String, Object> version(String artifact, Ver v, Map<String, VStage> holders) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("artifact", artifact);
    m.put("commit_hexsha", v.commit());
    m.put("version", v.version());
    m.put("registrations", v.registrations().stream().map(e -> event(e, false)).toList());
    m.put("deregistrations", v.deregistrations().stream().map(e -> event(e, false)).toList());
    List<Map<String, Object>> stages = new ArrayList<>();
    for (VStage s : reversedStable(v.activeStagesOldestFirst())) {
      VStage holder = holders.get(s.stage());
      if (holder != null && holder.version().equals(s.version())) {
        stages.add(stage(artifact, s));
      }
    }
    m.put("stages", stages);
    m.put("is_active", v.active());
    RegistryEvent authoring = v.authoring();
    Instant activated =
        v.registrations().isEmpty() ? authoringOldest(v) : v.registrations().get(0).timestamp();
    m.put("activated_at", ISO.format(activated));
    authored(m, authoring);
    m.put("discovered", v.registrations().isEmpty() && v.deregistrations().isEmpty());
    return m;
  }

  private static Instant authoringOldest(Ver v) {
    return v.stages().values().stream()
        .flatMap(s -> s.events().stream())
        .map(RegistryEvent::timestamp)
        .min(Comparator.naturalOrder())
        .orElseGet(() -> v.authoring().timestamp());
  }

  private static Map<String, Object> stage(String artifact, VStage s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("artifact", artifact);
    m.put("commit_hexsha", s.commit());
    m.put("version", s.version());
    m.put("stage", s.stage());
    List<Map<String, Object>> assignments = new ArrayList<>();
    List<Map<String, Object>> unassignments = new ArrayList<>();
    for (RegistryEvent e : s.events()) {
      (e.action() == TagAction.ASSIGN ? assignments : unassignments).add(event(e, true));
    }
    m.put("assignments", assignments);
    m.put("unassignments", unassignments);
    m.put("is_active", true);
    RegistryEvent authoring = s.authoring();
    m.put("activated_at", ISO.format(authoring.timestamp()));
    authored(m, authoring);
    return m;
  }

  private static void authored(Map<String, Object> m, RegistryEvent authoring) {
    m.put("created_at", ISO.format(authoring.timestamp()));
    m.put("author", authoring.author());
    m.put("author_email", authoring.authorEmail());
    m.put("message", authoring.message());
    m.put("ref", authoring.tag());
  }

  /** An event as gto dumps it; stage events also carry {@code event}. */
  private static Map<String, Object> event(RegistryEvent e, boolean withEventName) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("priority", e.action().priority());
    m.put("addition", e.action() == TagAction.REGISTER || e.action() == TagAction.ASSIGN);
    m.put("artifact", e.artifact());
    m.put("created_at", ISO.format(e.timestamp()));
    m.put("author", e.author());
    m.put("author_email", e.authorEmail());
    m.put("message", e.message());
    m.put("commit_hexsha", e.commit());
    m.put("tag", e.tag());
    m.put("version", e.version());
    if (e.stage() != null) {
      m.put("stage", e.stage());
    }
    if (withEventName) {
      m.put("event", e.action().eventName());
    }
    return m;
  }

  /** Python's {@code sorted(...)[::-1]} of an already sorted list: the reverse order. */
  private static <T> List<T> reversedStable(List<T> sortedAscending) {
    List<T> reversed = new ArrayList<>(sortedAscending.size());
    for (int i = sortedAscending.size() - 1; i >= 0; i--) {
      reversed.add(sortedAscending.get(i));
    }
    return reversed;
  }
}
