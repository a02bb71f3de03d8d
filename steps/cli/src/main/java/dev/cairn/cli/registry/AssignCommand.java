package dev.cairn.cli.registry;

import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.Gate;
import dev.cairn.core.registry.GateResult;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.LineageReader;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryState;
import dev.cairn.core.registry.RegistryWrite;
import dev.cairn.core.registry.TagAction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn assign NAME --version V --stage S [--gate EXPR]}. */
@Command(
    name = "assign",
    mixinStandardHelpOptions = true,
    description =
        "Assign a stage to a version (tag NAME#STAGE#N), optionally only if a promotion gate passes.")
public final class AssignCommand extends RegistryCommand {
  @Parameters(index = "0", description = "Artifact name.")
  String name = "";

  @Option(names = "--version", required = true, description = "Version to assign, e.g. v1.2.3.")
  String version = "";

  @Option(names = "--stage", required = true, description = "Stage, e.g. prod.")
  String stage = "";

  @Option(
      names = {"-m", "--message"},
      description = "Tag message.")
  @Nullable String message;

  @Option(
      names = "--gate",
      description =
          "Promotion gate over recorded metrics, e.g. 'auc >= stage.auc + 0.002 and loss <= stage.loss'.")
  @Nullable String gate;

  @Option(
      names = "--if-empty",
      defaultValue = "fail",
      description =
          "Verdict of comparisons with the stage when it is empty: ${COMPLETION-CANDIDATES}.")
  Gate.IfEmpty ifEmpty = Gate.IfEmpty.FAIL;

  @Option(
      names = "--fail-on-reject",
      description =
          "Exit with code 7 when the gate rejects the version (default: exit 0 and print why).")
  boolean failOnReject;

  @Override
  void run(GitRepo repo) {
    Registry registry = Registry.on(repo);
    registry.checkStageAllowed(stage); // before the gate: a stage .gto refuses is bad input
    GateResult verdict = null;
    if (gate != null) {
      Gate parsed = Gate.parse(gate);
      RegistryState state = registry.state();
      LineageReader lineage = new LineageReader(repo, state);
      Map<String, Double> candidate =
          lineage.lineageOf(name, version).map(Lineage::metrics).orElse(Map.of());
      Optional<String> current = state.require(name).versionInStage(stage);
      Map<String, Double> inStage =
          current
              .map(v -> lineage.lineageOf(name, v).map(Lineage::metrics).orElse(Map.of()))
              .orElse(null);
      verdict = parsed.evaluate(candidate, inStage, ifEmpty);
      if (!verdict.passed()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("artifact", name);
        m.put("action", TagAction.ASSIGN.eventName());
        m.put("version", version);
        m.put("stage", stage);
        m.put("promoted", false);
        m.put("gate", verdict.comparisons());
        print("Not assigned: gate failed\n  " + String.join("\n  ", verdict.comparisons()), m);
        exitCode = failOnReject ? dev.cairn.steps.common.ExitCodes.GATE_REJECTED : 0;
        return;
      }
    }
    RegistryWrite w = registry.assign(name, version, stage, message);
    Map<String, Object> m = toMap(w);
    m.put("promoted", true);
    m.put("gate", verdict == null ? List.of() : verdict.comparisons());
    print(describe(w, "Assigned " + stage + " to " + name + "@" + version), m);
  }
}
