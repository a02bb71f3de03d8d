package dev.cairn.steps.train;

import dev.cairn.core.ops.Promote;
import dev.cairn.core.ops.Serving;
import dev.cairn.core.ops.Snapshot;
import dev.cairn.core.ops.Store;
import dev.cairn.core.registry.Gate;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.Registry;
import dev.cairn.steps.common.ArtifactRef;
import dev.cairn.steps.common.ErrorReporter;
import dev.cairn.steps.common.ExitCodes;
import dev.cairn.steps.common.GitOptions;
import dev.cairn.steps.common.Markdown;
import dev.cairn.steps.common.OutputOptions;
import dev.cairn.steps.common.PartialFailure;
import dev.cairn.steps.common.RemoteOptions;
import dev.cairn.steps.common.RunIdentity;
import dev.cairn.steps.common.ServingOptions;
import dev.cairn.steps.common.StepResult;
import dev.cairn.steps.common.StepSession;
import dev.cairn.steps.common.VersioningOptions;
import dev.cairn.steps.common.WorkOptions;
import dev.cairn.steps.common.WorkVolumeAdvice;
import dev.cairn.steps.kubernetes.KubernetesOptions;
import dev.cairn.steps.kubernetes.ServingTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train-register}: versions a trained model with its lineage, then evaluates the promotion
 * gate against the model in the stage and assigns the stage if it passes. A rejection is a normal
 * outcome ({@code promoted=false}, exit 0) unless {@code --fail-on-reject}.
 */
@Command(
    name = "train-register",
    mixinStandardHelpOptions = true,
    version = "cairn train-register 0.1.0",
    description = {
      "Register a trained model (file or directory) with its data, code, params and metrics;",
      "promote it to --stage if every --gate passes against the model now in the stage."
    })
public final class TrainRegisterCommand implements Callable<Integer> {
  /** The outputs, in the order they are printed. */
  public static final List<String> OUTPUTS =
      List.of(
          "name",
          "version",
          "md5",
          "commit",
          "changed",
          "stage",
          "promoted",
          "previous_version",
          "reason");

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "PATH",
      defaultValue = "${env:CAIRN_MODEL}",
      description =
          "The trained model: a file or directory (e.g. a KFP Model artifact path). Env: CAIRN_MODEL.")
  private Path model = Path.of("");

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      defaultValue = "${env:CAIRN_NAME}",
      description = "Artifact name in the registry (churn-model). Env: CAIRN_NAME.")
  private String name = "";

  @Option(
      names = "--path-in-repo",
      paramLabel = "PATH",
      defaultValue = "${env:CAIRN_PATH_IN_REPO}",
      description =
          "Repository path of the tracked model (default: models/<name>). Env: CAIRN_PATH_IN_REPO.")
  private @Nullable String pathInRepo;

  @Option(
      names = "--data",
      paramLabel = "NAME@VERSION",
      split = ",",
      defaultValue = "${env:CAIRN_DATA}",
      description =
          "Dataset version(s) the model was trained on (snapshot-data's outputs). Env: CAIRN_DATA.")
  private List<String> data = new ArrayList<>();

  @Option(
      names = "--metrics",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_METRICS}",
      description =
          "Metrics (JSON or YAML object; nested keys become a.b) that gates compare. Env: CAIRN_METRICS.")
  private @Nullable Path metrics;

  @Option(
      names = "--params",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_PARAMS}",
      description =
          "Training parameters (JSON or YAML object), recorded in lineage. Env: CAIRN_PARAMS.")
  private @Nullable Path params;

  @Option(
      names = "--stage",
      paramLabel = "STAGE",
      defaultValue = "${env:CAIRN_STAGE}",
      description =
          "Stage to promote to when the gates pass (none: register only). Env: CAIRN_STAGE.")
  private @Nullable String stage;

  @Option(
      names = "--gate",
      paramLabel = "EXPR",
      defaultValue = "${env:CAIRN_GATE}",
      description = {
        "Promotion condition, repeatable, all must pass, e.g. 'accuracy >= stage.accuracy' or",
        "'accuracy >= 0.8 and loss <= stage.loss * 1.05'. Env: CAIRN_GATE (one expression)."
      })
  private List<String> gates = new ArrayList<>();

  @Option(
      names = "--if-empty",
      paramLabel = "pass|fail",
      defaultValue = "${env:CAIRN_IF_EMPTY:-pass}",
      description =
          "Verdict of stage.* comparisons when the stage is empty (default: ${DEFAULT-VALUE}). Env: CAIRN_IF_EMPTY.")
  private Gate.IfEmpty ifEmpty = Gate.IfEmpty.PASS;

  @Option(
      names = "--fail-on-reject",
      defaultValue = "${env:CAIRN_FAIL_ON_REJECT:-false}",
      description =
          "Exit with code 7 when the gate rejects the model (outputs are still written). Env: CAIRN_FAIL_ON_REJECT.")
  private boolean failOnReject;

  @Option(
      names = "--allow-rolled-back",
      defaultValue = "${env:CAIRN_ALLOW_ROLLED_BACK:-false}",
      description = {
        "Promote even a version (or the same bytes as one) that --stage was rolled back away from",
        "(refused by default). Env: CAIRN_ALLOW_ROLLED_BACK."
      })
  private boolean allowRolledBack;

  @Mixin private VersioningOptions versioning = new VersioningOptions();
  @Mixin private GitOptions git = new GitOptions();
  @Mixin private RemoteOptions remote = new RemoteOptions();
  @Mixin private ServingOptions serving = new ServingOptions();
  @Mixin private KubernetesOptions kube = new KubernetesOptions();
  @Mixin private WorkOptions work = new WorkOptions();
  @Mixin private OutputOptions outputs = new OutputOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    outputs.check(new HashSet<>(OUTPUTS));
    List<ArtifactRef> inputs = new ArrayList<>();
    for (String ref : data) {
      if (!ref.isBlank()) {
        inputs.add(ArtifactRef.parse(ref.strip(), "--data"));
      }
    }
    Map<String, Double> metricValues =
        metrics == null ? Map.of() : ValuesFile.metrics(metrics, "--metrics");
    Map<String, Object> paramValues =
        params == null ? Map.of() : ValuesFile.params(params, "--params");
    List<Gate> parsedGates = Promote.gates(gates, stageOrNull(), metricValues);
    String path =
        pathInRepo != null && !pathInRepo.isBlank()
            ? pathInRepo
            : Snapshot.defaultPathInRepo(name, Snapshot.MODEL);
    Path modelPath = dev.cairn.steps.common.SourcePaths.requireContent(model, "--model", "model");
    Serving targets = serving.serving(remote.endpointUrl());
    List<ServingTarget> kubeTargets = kube.targets(targets.uri() != null);
    try (StepSession session = StepSession.open(git, remote, work, out)) {
      Store store = session.store();
      ArtifactRef.requireRegistered(store, inputs, "--data", "the snapshot-data output");
      if (stageOrNull() != null) {
        // a stage .gto does not allow, or a gate the stage's model cannot be compared on, is
        // refused before anything is registered
        Promote.check(store, name, Objects.requireNonNull(stageOrNull()), parsedGates);
        // a promotion may restart or patch these: check them before anything is registered, so a
        // missing permission does not leave the stage assigned with serving never updated
        kube.check(kubeTargets);
        // and the serving directory, so a full or read-only one fails before anything is written
        targets.check();
      }
      RunIdentity identity = session.identity();
      Lineage lineage =
          new Lineage(
              inputs.stream().map(ArtifactRef::input).toList(),
              versioning.code(git.url()),
              paramValues,
              metricValues,
              identity.lineage());
      Snapshot.Result registered =
          Snapshot.run(
              store,
              new Snapshot.Request(
                  name,
                  modelPath,
                  path,
                  Snapshot.MODEL,
                  versioning.bump(),
                  versioning.messageOr(
                      "Registering model "
                          + name
                          + " (train-register by "
                          + identity.describe()
                          + ")"),
                  lineage,
                  versioning.followExternalLinks(),
                  versioning.rehashAll()));
      Optional<String> advice =
          WorkVolumeAdvice.of(
              session.hashStateWasEmpty(),
              registered.rehashed(),
              registered.rehashed() == registered.files() ? registered.bytes() : 0);
      advice.ifPresent(text -> out.println("work directory: " + text));
      Promote.@Nullable Result promoted = null;
      List<String> rollouts = new ArrayList<>();
      String target = stageOrNull();
      if (target != null) {
        try {
          promoted =
              Promote.run(
                  store,
                  new Promote.Request(
                      name,
                      registered.version(),
                      target,
                      parsedGates,
                      ifEmpty,
                      "Promoted by " + identity.describe(),
                      allowRolledBack),
                  targets);
          if (promoted.promoted()) {
            rollouts.addAll(kube.apply(kubeTargets, promoted.serving().uriPrefix()));
          }
        } catch (RuntimeException e) {
          throw partialFailure(store, registered, promoted, target, identity, e, out);
        }
        if (!promoted.promoted()) {
          out.println("not promoted: " + promoted.reason());
          for (String comparison : promoted.comparisons()) {
            out.println("  gate: " + comparison);
          }
        }
      }
      if (promoted == null || promoted.promoted()) {
        out.println(headline(registered, promoted));
      }
      outputs.write(result(registered, promoted, rollouts, identity, null, advice), out);
      if (promoted != null && !promoted.promoted() && failOnReject) {
        return ExitCodes.GATE_REJECTED;
      }
    }
    return 0;
  }

  /**
   * After the version was registered: writes the outputs and the summary of what changed, and
   * returns the one-line failure saying what to run next.
   */
  private PartialFailure partialFailure(
      Store store,
      Snapshot.Result registered,
      Promote.@Nullable Result promoted,
      String target,
      RunIdentity identity,
      RuntimeException failure,
      PrintWriter out) {
    boolean inStage =
        Registry.on(store.repo())
            .cachedState()
            .artifact(name)
            .flatMap(a -> a.versionInStage(target))
            .filter(registered.version()::equals)
            .isPresent();
    outputs.write(
        result(
            registered,
            promoted,
            List.of(),
            identity,
            new Failed(inStage, failure),
            Optional.empty()),
        out);
    String done =
        "Registered "
            + name
            + " "
            + registered.version()
            + (inStage ? " and assigned " + target : ", " + target + " not assigned");
    String next =
        inStage
            ? "fix the cause and re-run the step; it finds the version in "
                + target
                + " and completes serving and rollout"
            : "fix the cause and re-run the step (the same bytes give the same version), or cairn"
                + " assign "
                + name
                + " --version "
                + registered.version()
                + " --stage "
                + target;
    return PartialFailure.after(done, failure, next);
  }

  /** What happened, in words: the first line a reader of the step's log needs. */
  static String headline(Snapshot.Result registered, Promote.@Nullable Result promoted) {
    String ref = registered.name() + "@" + registered.version();
    String first =
        registered.changed()
            ? "registered " + ref
            : ref + " already holds these bytes (nothing registered)";
    if (promoted == null) {
      return first + "; no --stage, so no promotion";
    }
    if (!promoted.changed()) {
      return first + "; already in " + promoted.stage();
    }
    return first
        + "; promoted to "
        + promoted.stage()
        + (promoted.previousVersion() == null ? "" : " (was " + promoted.previousVersion() + ")");
  }

  /** How a promotion failed after registration. */
  private record Failed(boolean inStage, RuntimeException cause) {}

  private @Nullable String stageOrNull() {
    return stage == null || stage.isBlank() ? null : stage;
  }

  private StepResult result(
      Snapshot.Result r,
      Promote.@Nullable Result p,
      List<String> rollouts,
      RunIdentity identity,
      @Nullable Failed failed,
      Optional<String> workVolumeAdvice) {
    boolean promoted = failed != null ? failed.inStage() : p != null && p.promoted();
    String reason =
        failed != null && !promoted
            ? "failed: " + ErrorReporter.oneLine(failed.cause())
            : p == null ? null : p.reason();
    Map<String, @Nullable Object> values = new LinkedHashMap<>();
    values.put("name", r.name());
    values.put("version", r.version());
    values.put("md5", r.md5());
    values.put("commit", r.commit());
    values.put("changed", r.changed());
    values.put("stage", stageOrNull());
    values.put("promoted", promoted);
    values.put("previous_version", p == null ? null : p.previousVersion());
    values.put("reason", reason);
    Markdown md =
        Markdown.titled("train-register: " + r.name() + " " + r.version())
            .row(
                "version",
                r.version()
                    + (r.changed() ? " (new)" : " (same bytes as before, nothing registered)"))
            .row("md5", r.md5())
            .row("commit", r.commit());
    if (failed != null) {
      md.row("failed", ErrorReporter.oneLine(failed.cause()))
          .row("stage assigned", failed.inStage() ? "yes" : "no")
          .row("serving and rollout", "not completed (re-run the step)");
    } else if (p == null) {
      md.row("promotion", "none (no --stage)");
    } else {
      md.row("stage", p.stage())
          .row(
              "gate",
              p.promoted() ? "passed" : "rejected" + (p.reason() == null ? "" : ": " + p.reason()))
          .row(
              "promoted",
              p.promoted() ? "yes" + (p.changed() ? "" : " (already in the stage)") : "no")
          .row(
              "previous version in stage",
              p.previousVersion() == null ? "none" : p.previousVersion());
      if (p.hold() != null) {
        md.row("hold", p.hold());
      }
      for (String comparison : p.comparisons()) {
        md.note(comparison);
      }
      Serving.Outcome served = p.serving();
      if (served.dirVersion() != null) {
        md.row("served from", served.dirVersion().toString());
      }
      if (served.uriPrefix() != null) {
        md.row("copied to", served.uriPrefix());
      }
    }
    for (String rollout : rollouts) {
      md.row("rollout", rollout);
    }
    WorkVolumeAdvice.addTo(md, workVolumeAdvice);
    md.row("run", identity.describe());
    return new StepResult(values, md.render());
  }
}
