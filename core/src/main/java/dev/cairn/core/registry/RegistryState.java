package dev.cairn.core.registry;

import dev.cairn.core.DidYouMean;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.git.GitTag;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The whole registry, computed from tags as {@code gto show} computes it: a pure function of (tag
 * name, target commit, tagger time, tagger, message). Lightweight tags are ignored except that
 * their counters count, as in GTO. Immutable.
 */
public final class RegistryState {
  private final Map<String, ArtifactState> artifacts;

  private RegistryState(Map<String, ArtifactState> artifacts) {
    this.artifacts = artifacts;
  }

  /** Computes the state from a repository's tags (any order). */
  public static RegistryState compute(List<GitTag> tags) {
    record Parsed(GitTag git, GtoTag gto) {}
    Map<String, List<Parsed>> byArtifact = new TreeMap<>();
    Map<String, BigInteger> maxCounter = new LinkedHashMap<>();
    Map<String, Instant> lastTime = new LinkedHashMap<>();
    for (GitTag tag : tags) {
      Optional<GtoTag> parsed = GtoTag.parse(tag.name());
      if (parsed.isEmpty()) {
        continue;
      }
      GtoTag gto = parsed.get();
      BigInteger counter = gto.counter();
      if (counter != null) {
        maxCounter.merge(gto.artifact(), counter, BigInteger::max);
      }
      Instant time = tag.taggerTime();
      if (time == null || gto.action() == TagAction.CREATE) {
        continue;
      }
      lastTime.merge(gto.artifact(), time, (a, b) -> a.isAfter(b) ? a : b);
      byArtifact.computeIfAbsent(gto.artifact(), k -> new ArrayList<>()).add(new Parsed(tag, gto));
    }
    Map<String, ArtifactState> result = new LinkedHashMap<>();
    Comparator<Parsed> byTime =
        Comparator.comparing((Parsed p) -> Objects.requireNonNull(p.git().taggerTime()))
            .thenComparing(p -> p.git().name());
    for (Map.Entry<String, List<Parsed>> entry : byArtifact.entrySet()) {
      String name = entry.getKey();
      List<Parsed> list = new ArrayList<>(entry.getValue());
      list.sort(byTime);
      List<RegistryEvent> events = new ArrayList<>();
      List<ArtifactState.Ver> versions = new ArrayList<>();
      // GTO order: artifact tags, then version tags, then stage tags, each by time.
      for (Parsed p : list) {
        if (p.gto().action() == TagAction.DEPRECATE) {
          events.add(event(p.git(), p.gto(), null));
        }
      }
      for (Parsed p : list) {
        TagAction action = p.gto().action();
        if (action == TagAction.REGISTER || action == TagAction.DEREGISTER) {
          String version = Objects.requireNonNull(p.gto().version());
          ArtifactState.Ver ver = find(versions, version, p.git().targetCommit());
          Instant time = Objects.requireNonNull(p.git().taggerTime());
          (action == TagAction.REGISTER ? ver.registrations : ver.deregistrations).add(time);
          ver.touch(time);
          events.add(event(p.git(), p.gto(), version));
        }
      }
      for (Parsed p : list) {
        TagAction action = p.gto().action();
        if (action == TagAction.ASSIGN || action == TagAction.UNASSIGN) {
          ArtifactState.Ver ver = atCommit(versions, p.git().targetCommit());
          Instant time = Objects.requireNonNull(p.git().taggerTime());
          ArtifactState.Stage stage =
              ver.stages.computeIfAbsent(
                  Objects.requireNonNull(p.gto().stage()), s -> new ArtifactState.Stage());
          (action == TagAction.ASSIGN ? stage.assignments : stage.unassignments).add(time);
          ver.touch(time);
          events.add(event(p.git(), p.gto(), ver.name));
        }
      }
      result.put(
          name,
          new ArtifactState(
              name,
              events,
              versions,
              maxCounter.getOrDefault(name, BigInteger.ZERO),
              lastTime.get(name)));
    }
    return new RegistryState(java.util.Collections.unmodifiableMap(result));
  }

  private static ArtifactState.Ver find(
      List<ArtifactState.Ver> versions, String name, String commit) {
    for (ArtifactState.Ver v : versions) {
      if (v.name.equals(name) && v.commit.equals(commit)) {
        return v;
      }
    }
    ArtifactState.Ver created = new ArtifactState.Ver(name, commit);
    versions.add(created);
    return created;
  }

  /** The version a stage tag refers to: the registered one at its commit, else a discovered one. */
  private static ArtifactState.Ver atCommit(List<ArtifactState.Ver> versions, String commit) {
    ArtifactState.Ver best = null;
    for (ArtifactState.Ver v : versions) {
      if (v.commit.equals(commit)
          && !v.discovered()
          && (best == null || v.createdAt().isAfter(best.createdAt()))) {
        best = v;
      }
    }
    if (best != null) {
      return best;
    }
    for (ArtifactState.Ver v : versions) {
      if (v.commit.equals(commit) && v.name.equals(commit)) {
        return v;
      }
    }
    ArtifactState.Ver created = new ArtifactState.Ver(commit, commit);
    versions.add(created);
    return created;
  }

  private static RegistryEvent event(GitTag git, GtoTag gto, @Nullable String version) {
    return new RegistryEvent(
        Objects.requireNonNull(git.taggerTime()),
        gto.artifact(),
        gto.action(),
        version,
        gto.stage(),
        git.targetCommit(),
        git.taggerName(),
        git.taggerEmail(),
        git.message().strip(),
        git.name());
  }

  /** Every artifact that has GTO tags, by name (deprecated ones included). */
  public Map<String, ArtifactState> artifacts() {
    return artifacts;
  }

  /** One artifact, if it has tags. */
  public Optional<ArtifactState> artifact(String name) {
    return Optional.ofNullable(artifacts.get(name));
  }

  /**
   * One artifact.
   *
   * @throws InvalidInputException if it has no tags
   */
  public ArtifactState require(String name) {
    return artifact(name).orElseThrow(() -> new InvalidInputException(unknownArtifact(name)));
  }

  private String unknownArtifact(String name) {
    if (artifacts.isEmpty()) {
      return "Cannot find artifact: '"
          + name
          + "' (the registry has no artifacts yet; register a version first)";
    }
    return "Cannot find artifact: '"
        + name
        + "' ("
        + DidYouMean.hintAndList(name, "known artifacts", artifacts.keySet())
        + ")";
  }

  /** GTO's stage columns: stages in use by any artifact, sorted. */
  public List<String> usedStages() {
    TreeSet<String> stages = new TreeSet<>();
    artifacts.values().forEach(a -> stages.addAll(a.usedStages()));
    return List.copyOf(stages);
  }

  /** Every event of every artifact, oldest first. */
  public List<RegistryEvent> history() {
    List<RegistryEvent> all = new ArrayList<>();
    artifacts.values().forEach(a -> all.addAll(a.history()));
    all.sort(RegistryEvent.CHRONOLOGICAL);
    return all;
  }

  /**
   * The document {@code gto show --json} prints: {@code {name: {version, stage: {s: v|null},
   * registered, active}}}, for active artifacts (all with {@code includeDeprecated}).
   */
  public Map<String, Object> toShowJson(boolean includeDeprecated) {
    return toShowJson(includeDeprecated, GtoFiles.none());
  }

  /**
   * Like {@link #toShowJson(boolean)} with what gto reads from the branch head: one stage per stage
   * {@code .gto} allows (in its order; null when unused), and the artifacts declared in {@code
   * artifacts.yaml} that have no tags ({@code registered: false}). A declared artifact is active
   * again when the head commit is not older than its deprecation, as in gto.
   */
  public Map<String, Object> toShowJson(boolean includeDeprecated, GtoFiles files) {
    List<String> stages = files.stageColumns(this);
    Map<String, Object> out = new LinkedHashMap<>();
    for (ArtifactState a : artifacts.values()) {
      boolean active = active(a, files);
      if (!active && !includeDeprecated) {
        continue;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("version", a.latest().orElse(null));
      Map<String, Object> stageMap = new LinkedHashMap<>();
      Map<String, String> current = a.stages();
      for (String s : stages) {
        stageMap.put(s, current.get(s));
      }
      entry.put("stage", stageMap);
      entry.put("registered", true);
      entry.put("active", active);
      out.put(a.name(), entry);
    }
    for (String name : files.declared().keySet()) {
      if (artifacts.containsKey(name)) {
        continue;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("version", null);
      Map<String, Object> stageMap = new LinkedHashMap<>();
      stages.forEach(s -> stageMap.put(s, null));
      entry.put("stage", stageMap);
      entry.put("registered", false);
      entry.put("active", true);
      out.put(name, entry);
    }
    return out;
  }

  /**
   * gto's activity of an artifact: {@link ArtifactState#active()}, or, for one declared in {@code
   * artifacts.yaml}, also when the head commit (an event to gto) is not older than the newest
   * deprecation.
   */
  static boolean active(ArtifactState a, GtoFiles files) {
    if (a.active()) {
      return true;
    }
    if (!files.declared().containsKey(a.name()) || files.head().isEmpty()) {
      return false;
    }
    Instant head = files.head().get().time();
    return a.history().stream()
        .filter(e -> e.action() == TagAction.DEPRECATE)
        .map(RegistryEvent::timestamp)
        .max(java.util.Comparator.naturalOrder())
        .map(d -> !head.isBefore(d))
        .orElse(false);
  }
}
