package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.Gate;
import dev.cairn.core.registry.GtoTag;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.LineageReader;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryState;
import dev.cairn.core.registry.RegistryWrite;
import dev.cairn.core.registry.SemVer;
import dev.cairn.core.registry.StageHold;
import dev.cairn.core.registry.VersionState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Promotion for train-register: evaluates every gate on the candidate's recorded metrics against
 * those of the version currently in the stage (both read from the lineage in their {@code .dvc}
 * files), and assigns the stage only if all pass. A rejection is a normal result.
 */
public final class Promote {
  private static final Logger LOG = LoggerFactory.getLogger(Promote.class);

  /**
   * What to promote.
   *
   * @param name the artifact
   * @param version the candidate version ({@code v1.4.0})
   * @param stage the stage to assign ({@code prod})
   * @param gates the gates, parsed once by {@link #gates}; all must pass; empty always passes
   * @param ifEmpty the verdict of comparisons with the stage when nothing is in it
   * @param message the assign tag message (GTO's default when null)
   * @param allowRolledBack promote even a version (or the same bytes as one) the stage was rolled
   *     back away from
   */
  public record Request(
      String name,
      String version,
      String stage,
      List<Gate> gates,
      Gate.IfEmpty ifEmpty,
      @Nullable String message,
      boolean allowRolledBack) {
    public Request {
      GtoTag.checkFullName(name);
      SemVer.parse(version);
      GtoTag.checkStage(stage);
      gates = List.copyOf(gates);
      if (message != null && message.isBlank()) {
        message = null;
      }
    }

    /** Promotion without a gate, an empty stage passing, the default message. */
    public static Request of(String name, String version, String stage) {
      return new Request(name, version, stage, List.of(), Gate.IfEmpty.PASS, null, false);
    }

    public Request withGates(List<Gate> value, Gate.IfEmpty policy) {
      return new Request(name, version, stage, value, policy, message, allowRolledBack);
    }

    public Request withMessage(@Nullable String value) {
      return new Request(name, version, stage, gates, ifEmpty, value, allowRolledBack);
    }

    public Request withAllowRolledBack(boolean value) {
      return new Request(name, version, stage, gates, ifEmpty, message, value);
    }
  }

  /**
   * The verdict.
   *
   * @param name the artifact
   * @param version the candidate
   * @param stage the stage
   * @param promoted whether the candidate is in the stage now (also true when it already was)
   * @param previousVersion the version that was in the stage before the candidate's assignment (for
   *     a rejection: the one still there), or null when the stage was empty
   * @param comparisons every comparison the gates made, with the values used, e.g. {@code accuracy
   *     >= stage.accuracy: 0.91 >= 0.89 -> true (prod v0.0.1)}
   * @param reason why it was rejected (null when promoted): a gate, a hold on the stage, or a
   *     version the stage was rolled back away from
   * @param changed whether a stage tag was written now (false when it was already in the stage or
   *     rejected)
   * @param hold the hold on the stage ({@link StageHold#describe()}), or null when not held
   * @param serving what serving did: the candidate published and made current when promoted; {@link
   *     Serving.Outcome#nothing} without a serving target or when not promoted
   * @param attempts how often the assignment was decided (more than 1 after lost push races)
   */
  public record Result(
      String name,
      String version,
      String stage,
      boolean promoted,
      @Nullable String previousVersion,
      List<String> comparisons,
      @Nullable String reason,
      boolean changed,
      @Nullable String hold,
      Serving.Outcome serving,
      int attempts) {
    public Result {
      comparisons = List.copyOf(comparisons);
    }
  }

  private Promote() {}

  /**
   * Parses the gate expressions of a promotion once and checks each reads only metrics the
   * candidate records and can be evaluated on them, before anything is written.
   *
   * @param stage the stage to promote to, or null when there is none
   * @param metrics the candidate's metrics
   * @throws InvalidInputException on a syntax error, gates without a stage, or a gate reading a
   *     metric the candidate does not record
   */
  public static List<Gate> gates(
      List<String> expressions, @Nullable String stage, Map<String, Double> metrics) {
    List<Gate> gates = new ArrayList<>();
    for (String expression : expressions) {
      gates.add(Gate.parse(expression));
    }
    if (!gates.isEmpty() && stage == null) {
      throw new InvalidInputException(
          "Cannot use --gate without --stage (name the stage to promote to)");
    }
    for (Gate gate : gates) {
      gate.check(metrics, null);
    }
    return List.copyOf(gates);
  }

  /**
   * Checks a promotion of {@code name} to {@code stage} before anything is registered: refuses a
   * stage {@code .gto} does not allow (as gto refuses it) and a gate reading a metric the version
   * now in the stage never recorded.
   *
   * @throws InvalidInputException naming the stage or the unknown metrics
   */
  public static void check(Store store, String name, String stage, List<Gate> gates) {
    Registry registry = Registry.on(store.repo());
    registry.checkStageAllowed(stage);
    if (gates.isEmpty()) {
      return;
    }
    RegistryState state = registry.cachedState();
    Optional<String> inStage = state.artifact(name).flatMap(a -> a.versionInStage(stage));
    if (inStage.isEmpty()) {
      return;
    }
    Map<String, Double> stageMetrics =
        new LineageReader(store.repo(), state)
            .lineageOf(name, inStage.get())
            .map(Lineage::metrics)
            .orElse(Map.of());
    Map<String, Double> candidate = new LinkedHashMap<>();
    for (Gate gate : gates) {
      for (String metric : gate.metrics()) {
        candidate.put(metric, 0.0);
      }
    }
    for (Gate gate : gates) {
      gate.check(candidate, stageMetrics);
    }
  }

  /** {@link #run(Store, Request, Serving)} without a serving target. */
  public static Result run(Store store, Request request) {
    return run(store, request, Serving.none());
  }

  /**
   * Decides and assigns: refuses a version the stage was rolled back away from (unless {@link
   * Request#allowRolledBack()}), a held stage, or a failing gate. When it would promote, publishes
   * the candidate to the serving targets' versioned paths first; then assigns, deciding again
   * inside every attempt of the tag push (so against the stage holder of the head that wins); only
   * after the tag landed is {@code current} switched, to the version the registry has in the stage.
   * Re-running for the version already in the stage writes nothing and reports it as promoted.
   *
   * @throws dev.cairn.core.InvalidInputException if the version is not an active registered
   *     version, or a gate reads a metric that is not recorded
   */
  public static Result run(Store store, Request request, Serving serving) {
    List<Gate> gates = request.gates();
    Registry registry = Registry.on(store.repo());
    RegistryState state = registry.state();
    ArtifactState artifact = state.require(request.name());
    VersionState candidate = requireCandidate(artifact, request);
    ServingVersion content =
        serving.isEmpty()
            ? locateOrNull(store, artifact, candidate)
            : ServingVersion.locate(store, artifact, candidate);
    String contentId = content == null ? null : content.oid().toString();
    PromotionVerdict first =
        PromotionVerdict.of(store, request, gates, state, registry.holds(), contentId);
    Serving.Outcome staged = Serving.Outcome.nothing(request.version());
    boolean published = false;
    if (first.refusal() == null && content != null && !serving.isEmpty()) {
      staged = publish(store, serving, content);
      published = true;
    }
    AtomicReference<PromotionVerdict> last = new AtomicReference<>(first);
    RegistryWrite write =
        registry.assign(
            request.name(),
            request.version(),
            request.stage(),
            request.message(),
            (now, a, holds) -> {
              PromotionVerdict verdict =
                  PromotionVerdict.of(store, request, gates, now, holds, contentId);
              last.set(verdict);
              return Optional.ofNullable(verdict.refusal());
            });
    String holder =
        registry.cachedState().require(request.name()).versionInStage(request.stage()).orElse(null);
    boolean promoted = request.version().equals(holder);
    PromotionVerdict verdict = java.util.Objects.requireNonNull(last.get());
    Serving.Outcome served = Serving.Outcome.nothing(request.version());
    if (promoted && content != null && !serving.isEmpty()) {
      if (!published) {
        staged = publish(store, serving, content);
      }
      served = ServingPublisher.follow(store, serving, request.name(), request.stage(), staged);
    }
    String reason = promoted ? null : verdict.refusal();
    if (reason == null && !promoted) {
      reason = "another writer put " + holder + " into " + request.stage() + " meanwhile";
    }
    if (reason != null) {
      LOG.info("Not promoting {}@{}: {}", request.name(), request.version(), reason);
    }
    StageHold hold = verdict.hold();
    return new Result(
        request.name(),
        request.version(),
        request.stage(),
        promoted,
        promoted && write.changed()
            ? write.previousVersion()
            : promoted ? verdict.compared() : holder,
        verdict.comparisons(),
        reason,
        promoted && write.changed(),
        hold == null ? null : hold.describe(),
        served,
        write.attempts());
  }

  private static Serving.Outcome publish(Store store, Serving serving, ServingVersion content) {
    content.verifyOnRemote(store);
    content.fetch(store);
    return ServingPublisher.prepare(store, serving, content);
  }

  /** The candidate's content, or null when its commit has no usable pointer (no serving then). */
  private static @Nullable ServingVersion locateOrNull(
      Store store, ArtifactState artifact, VersionState candidate) {
    try {
      return ServingVersion.locate(store, artifact, candidate);
    } catch (InvalidInputException e) {
      LOG.info("No content id for {}: {}", candidate.version(), e.getMessage());
      return null;
    }
  }

  private static VersionState requireCandidate(ArtifactState artifact, Request request) {
    return artifact
        .version(request.version())
        .filter(v -> v.registered() && v.active())
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "Cannot promote "
                        + request.name()
                        + "@"
                        + request.version()
                        + ": it is not an active registered version (see cairn show "
                        + request.name()
                        + ")"));
  }
}
