package dev.cairn.steps.rollback;

import dev.cairn.core.ops.Rollback;
import dev.cairn.core.ops.Serving;
import dev.cairn.steps.common.ErrorReporter;
import dev.cairn.steps.common.GitOptions;
import dev.cairn.steps.common.Markdown;
import dev.cairn.steps.common.OutputOptions;
import dev.cairn.steps.common.PartialFailure;
import dev.cairn.steps.common.RemoteOptions;
import dev.cairn.steps.common.RunIdentity;
import dev.cairn.steps.common.ServingOptions;
import dev.cairn.steps.common.StepResult;
import dev.cairn.steps.common.StepSession;
import dev.cairn.steps.common.WorkOptions;
import dev.cairn.steps.kubernetes.KubernetesOptions;
import dev.cairn.steps.kubernetes.ServingTarget;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code rollback-model}: puts an earlier version of a model back into a stage. Every object of the
 * target is checked on the remote and hash-checked on download, and every Kubernetes target is
 * checked for existence and the get and patch verbs, before anything changes; the model is
 * published to the serving targets; only then are the unassign and assign tags pushed. Re-running
 * after a failure at any point converges.
 */
@Command(
    name = "rollback-model",
    mixinStandardHelpOptions = true,
    version = "cairn rollback-model 0.1.0",
    description = {
      "Move a stage back to the previous (or a given) version of a model: verify, fetch,",
      "publish to serving, then write the unassign and assign tags with the reason."
    })
public final class RollbackModelCommand implements Callable<Integer> {
  /** The outputs, in the order they are printed. */
  public static final List<String> OUTPUTS =
      List.of("name", "stage", "from_version", "to_version", "commit", "changed", "dry_run");

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      defaultValue = "${env:CAIRN_NAME}",
      description = "The model's artifact name. Env: CAIRN_NAME.")
  private String name = "";

  @Option(
      names = "--stage",
      paramLabel = "STAGE",
      defaultValue = "${env:CAIRN_STAGE:-prod}",
      description = "The stage to roll back (default: ${DEFAULT-VALUE}). Env: CAIRN_STAGE.")
  private String stage = "prod";

  @Option(
      names = "--to",
      paramLabel = "previous|vX.Y.Z",
      defaultValue = "${env:CAIRN_TO:-previous}",
      description =
          "The version to go back to (default: ${DEFAULT-VALUE}, the one that held the stage before). Env: CAIRN_TO.")
  private String to = Rollback.PREVIOUS;

  @Option(
      names = "--reason",
      required = true,
      paramLabel = "TEXT",
      defaultValue = "${env:CAIRN_REASON}",
      description = "Why (recorded in the tag messages). Env: CAIRN_REASON.")
  private String reason = "";

  @Option(
      names = "--dry-run",
      defaultValue = "${env:CAIRN_DRY_RUN:-false}",
      description = {
        "Resolve the target, check its objects on the remote, the serving directory and the",
        "Kubernetes access; print the plan in words; change nothing. Env: CAIRN_DRY_RUN."
      })
  private boolean dryRun;

  @Option(
      names = "--no-hold",
      defaultValue = "${env:CAIRN_NO_HOLD:-false}",
      description = {
        "Do not hold the stage afterwards. By default a rollback holds it, so automatic promotion",
        "(train-register) does not assign it until cairn release. Env: CAIRN_NO_HOLD."
      })
  private boolean noHold;

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
    Serving targets = serving.serving(remote.endpointUrl());
    List<ServingTarget> kubeTargets = kube.targets(targets.uri() != null);
    RunIdentity identity = work.identity();
    Rollback.Request request =
        new Rollback.Request(name, stage, to, reason, identity.describe(), dryRun, !noHold);
    boolean registryOnly = targets.isEmpty() && kubeTargets.isEmpty();
    try (StepSession session = StepSession.open(git, remote, work, out)) {
      // before any tag or serving write, and in a dry run too: a target the service account may
      // not get or patch fails the step here, not after the registry says the rollback happened
      kube.check(kubeTargets);
      Rollback.Result result = Rollback.run(session.store(), request, targets);
      if (result.dryRun()) {
        out.println(result.message());
      }
      if (registryOnly) {
        spec.commandLine()
            .getErr()
            .println(
                "warning: no serving target (--serve-dir, --serve-uri, --restart): only the"
                    + " registry "
                    + (result.dryRun() ? "would change" : "changed"));
        spec.commandLine().getErr().flush();
      }
      List<String> rollouts = new ArrayList<>();
      if (!result.dryRun()) {
        try {
          rollouts.addAll(kube.apply(kubeTargets, result.serving().uriPrefix()));
        } catch (RuntimeException e) {
          outputs.write(result(result, rollouts, identity, registryOnly, e), out);
          throw PartialFailure.after(
              result.message() + " (registry and serving show " + result.toVersion() + ")",
              e,
              "fix the cause and run the same rollback-model command again; it finds "
                  + result.toVersion()
                  + " in "
                  + result.stage()
                  + " and only restarts");
        }
      }
      outputs.write(result(result, rollouts, identity, registryOnly, null), out);
    }
    return 0;
  }

  private static StepResult result(
      Rollback.Result r,
      List<String> rollouts,
      RunIdentity identity,
      boolean registryOnly,
      @Nullable RuntimeException rolloutFailure) {
    Map<String, @Nullable Object> values = new LinkedHashMap<>();
    values.put("name", r.name());
    values.put("stage", r.stage());
    values.put("from_version", r.fromVersion());
    values.put("to_version", r.toVersion());
    values.put("commit", r.commit());
    values.put("changed", r.changed());
    values.put("dry_run", r.dryRun());
    Markdown md =
        Markdown.titled(
                "rollback-model: "
                    + r.name()
                    + "#"
                    + r.stage()
                    + " "
                    + r.fromVersion()
                    + " -> "
                    + r.toVersion()
                    + (r.dryRun() ? " (dry run)" : ""))
            .row("result", r.message())
            .row("objects verified on the remote", r.objectsVerified())
            .row("objects fetched (hash-checked)", r.objectsFetched())
            .row("tags", r.tags().isEmpty() ? "none" : String.join(", ", r.tags()))
            .row("commit", r.commit());
    Serving.Outcome s = r.serving();
    if (s.dirVersion() != null) {
      md.row(
          "served from",
          s.dirVersion() + (s.dirPrevious() == null ? "" : " (was " + s.dirPrevious() + ")"));
    }
    if (s.uriPrefix() != null) {
      md.row(
          "copied to",
          s.uriPrefix()
              + " ("
              + s.uriWritten()
              + " written, "
              + s.uriSkipped()
              + " already there)");
    }
    for (String rollout : rollouts) {
      md.row("rollout", rollout);
    }
    if (rolloutFailure != null) {
      md.row("rollout failed", ErrorReporter.oneLine(rolloutFailure))
          .row("changed", "registry and serving show " + r.toVersion() + "; rollout not done");
    }
    if (r.hold() != null) {
      md.row(
          "hold",
          r.hold()
              + (r.holdPlaced() ? (r.dryRun() ? " (would be placed)" : " (placed now)") : "")
              + "; end it with cairn release "
              + r.name()
              + " --stage "
              + r.stage()
              + " --reason TEXT");
    } else {
      md.row("hold", "none (--no-hold)");
    }
    if (registryOnly) {
      md.row(
          "warning",
          "no serving target: only the registry " + (r.dryRun() ? "would change" : "changed"));
    }
    md.row("operator", identity.describe());
    return new StepResult(values, md.render());
  }
}
