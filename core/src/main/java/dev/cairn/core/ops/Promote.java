package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.Gate;
import dev.cairn.core.registry.GateResult;
import dev.cairn.core.registry.GtoTag;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.LineageReader;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryState;
import dev.cairn.core.registry.RegistryWrite;
import dev.cairn.core.registry.SemVer;
import dev.cairn.core.registry.VersionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
   * @param gates gate expressions ({@link Gate} syntax); all must pass; empty always passes
   * @param ifEmpty the verdict of comparisons with the stage when nothing is in it
   * @param message the assign tag message (GTO's default when null)
   */
  public record Request(
      String name,
      String version,
      String stage,
      List<String> gates,
      Gate.IfEmpty ifEmpty,
      @Nullable String message) {
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
      return new Request(name, version, stage, List.of(), Gate.IfEmpty.PASS, null);
    }

    public Request withGates(List<String> value, Gate.IfEmpty policy) {
      return new Request(name, version, stage, value, policy, message);
    }

    public Request withMessage(@Nullable String value) {
      return new Request(name, version, stage, gates, ifEmpty, value);
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
   * @param reason why it was rejected (null when promoted)
   * @param changed whether a stage tag was written now (false when it was already in the stage or
   *     rejected)
   */
  public record Result(
      String name,
      String version,
      String stage,
      boolean promoted,
      @Nullable String previousVersion,
      List<String> comparisons,
      @Nullable String reason,
      boolean changed) {
    public Result {
      comparisons = List.copyOf(comparisons);
    }
  }

  private Promote() {}

  /**
   * Evaluates the gates and assigns the stage if they all pass. Re-running for the version already
   * in the stage writes nothing and reports it as promoted.
   *
   * @throws dev.cairn.core.InvalidInputException if the version is not an active registered
   *     version, a gate does not parse, or a gate reads a metric that is not recorded
   */
  public static Result run(Store store, Request request) {
    List<Gate> gates = new ArrayList<>();
    for (String expression : request.gates()) {
      gates.add(Gate.parse(expression));
    }
    Registry registry = Registry.on(store.repo());
    RegistryState state = registry.state();
    ArtifactState artifact = state.require(request.name());
    VersionState candidate =
        artifact
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
    LineageReader lineage = new LineageReader(store.repo(), state);
    Optional<String> current = artifact.versionInStage(request.stage());
    boolean already = current.isPresent() && current.get().equals(candidate.version());
    // Already there: report against the version it replaced, as the first run did.
    Optional<String> compared = already ? artifact.previousInStage(request.stage()) : current;
    Map<String, Double> candidateMetrics = metrics(lineage, request.name(), request.version());
    Map<String, Double> stageMetrics =
        compared.map(v -> metrics(lineage, request.name(), v)).orElse(null);
    String where = compared.map(v -> " (" + request.stage() + " " + v + ")").orElse("");
    List<String> comparisons = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (Gate gate : gates) {
      GateResult result = gate.evaluate(candidateMetrics, stageMetrics, request.ifEmpty());
      for (String line : result.comparisons()) {
        comparisons.add(line.contains("stage.") ? line + where : line);
      }
      if (!result.passed()) {
        failed.add(gate.expression());
      }
    }
    if (already) {
      LOG.info("{}@{} is in {} already", request.name(), request.version(), request.stage());
      return new Result(
          request.name(),
          request.version(),
          request.stage(),
          true,
          compared.orElse(null),
          comparisons,
          null,
          false);
    }
    if (!failed.isEmpty()) {
      String reason =
          "gate failed: "
              + String.join("; ", failed)
              + (current.isPresent()
                  ? " (" + request.stage() + " keeps " + current.get() + ")"
                  : " (" + request.stage() + " stays empty)");
      LOG.info("Not promoting {}@{}: {}", request.name(), request.version(), reason);
      return new Result(
          request.name(),
          request.version(),
          request.stage(),
          false,
          current.orElse(null),
          comparisons,
          reason,
          false);
    }
    RegistryWrite write =
        registry.assign(request.name(), request.version(), request.stage(), request.message());
    return new Result(
        request.name(),
        request.version(),
        request.stage(),
        true,
        write.changed() ? write.previousVersion() : compared.orElse(null),
        comparisons,
        null,
        write.changed());
  }

  private static Map<String, Double> metrics(LineageReader reader, String name, String version) {
    return reader.lineageOf(name, version).map(Lineage::metrics).orElse(Map.of());
  }
}
