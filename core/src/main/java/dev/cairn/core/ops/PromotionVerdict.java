package dev.cairn.core.ops;

import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.Gate;
import dev.cairn.core.registry.GateResult;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.LineageReader;
import dev.cairn.core.registry.RegistryState;
import dev.cairn.core.registry.RollbackMemory;
import dev.cairn.core.registry.StageHold;
import dev.cairn.core.registry.StageHolds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether a candidate may be promoted into a stage, decided from one registry state: a version the
 * stage was rolled back away from (or the same bytes under another version) is refused unless
 * allowed, a held stage is refused, then every gate must pass against the version in the stage.
 *
 * @param already the candidate is in the stage already
 * @param compared the version the gates compared with (the one it replaced when already there)
 * @param comparisons every comparison the gates made
 * @param refusal why the candidate must not be assigned, or null
 * @param hold the hold on the stage, if any
 */
record PromotionVerdict(
    boolean already,
    @Nullable String compared,
    List<String> comparisons,
    @Nullable String refusal,
    @Nullable StageHold hold) {

  /** Evaluates the verdict; {@code content} is the candidate's object id, null when unknown. */
  static PromotionVerdict of(
      Store store,
      Promote.Request request,
      List<Gate> gates,
      RegistryState state,
      StageHolds holds,
      @Nullable String content) {
    ArtifactState artifact = state.require(request.name());
    String stage = request.stage();
    Optional<String> current = artifact.versionInStage(stage);
    boolean already = current.isPresent() && current.get().equals(request.version());
    // Already there: report against the version it replaced, as the first run did.
    Optional<String> compared = already ? artifact.previousInStage(stage) : current;
    LineageReader lineage = new LineageReader(store.repo(), state);
    Map<String, Double> candidateMetrics = metrics(lineage, request.name(), request.version());
    Map<String, Double> stageMetrics =
        compared.map(v -> metrics(lineage, request.name(), v)).orElse(null);
    String where = compared.map(v -> " (" + stage + " " + v + ")").orElse("");
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
    StageHold hold = holds.find(request.name(), stage).orElse(null);
    String keeps =
        current.map(v -> " (" + stage + " keeps " + v + ")").orElse(" (" + stage + " stays empty)");
    String refusal = null;
    if (!already) {
      String rolledBack =
          request.allowRolledBack() ? null : rolledBack(store, request, artifact, content);
      if (rolledBack != null) {
        refusal = rolledBack + keeps;
      } else if (hold != null) {
        refusal =
            "stage held: "
                + hold.describe()
                + keeps
                + "; registered only (release with cairn release "
                + request.name()
                + " --stage "
                + stage
                + " --reason TEXT)";
      } else if (!failed.isEmpty()) {
        refusal = "gate failed: " + String.join("; ", failed) + keeps;
      }
    }
    return new PromotionVerdict(already, compared.orElse(null), comparisons, refusal, hold);
  }

  private static @Nullable String rolledBack(
      Store store, Promote.Request request, ArtifactState artifact, @Nullable String content) {
    RollbackMemory memory = RollbackMemory.of(artifact, request.stage());
    for (RollbackMemory.RolledBack r : memory.entries()) {
      boolean same = r.version().equals(request.version());
      boolean sameBytes = !same && content != null && content.equals(contentOf(store, artifact, r));
      if (same || sameBytes) {
        return (same ? request.version() : "the same bytes (" + content + ") as " + r.version())
            + " was rolled back away from in "
            + request.stage()
            + " at "
            + r.at()
            + (r.reason().isEmpty() ? "" : " (" + r.reason() + ")")
            + "; not promoting it again (pass --allow-rolled-back, or cairn assign it by hand)";
      }
    }
    return null;
  }

  private static @Nullable String contentOf(
      Store store, ArtifactState artifact, RollbackMemory.RolledBack r) {
    if (r.md5() != null) {
      return r.md5();
    }
    try {
      return artifact
          .version(r.version())
          .map(v -> ServingVersion.locate(store, artifact, v).oid().toString())
          .orElse(null);
    } catch (RuntimeException e) {
      return null; // its commit or pointer is gone: only the recorded id could tell
    }
  }

  private static Map<String, Double> metrics(LineageReader reader, String name, String version) {
    return reader.lineageOf(name, version).map(Lineage::metrics).orElse(Map.of());
  }
}
