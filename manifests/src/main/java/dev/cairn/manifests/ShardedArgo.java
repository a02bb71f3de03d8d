package dev.cairn.manifests;

import static dev.cairn.manifests.Manifests.map;

import dev.cairn.manifests.ArgoSpec.Parameter;
import dev.cairn.manifests.ArgoSpec.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sharded snapshot WorkflowTemplate {@code cairn-sharded-snapshot}: {@code snapshot-data --role
 * plan} once, then {@code --role shard} for each item of the plan in parallel ({@code withParam},
 * at most {@link #PARALLELISM} pods at a time, each retried by the step template's {@code
 * retryStrategy}), then {@code --role merge}. Every role runs the {@code cairn-steps} template
 * {@code snapshot-data}.
 */
final class ShardedArgo {
  static final String NAME = "cairn-sharded-snapshot";

  /** Shard pods at once, unless {@code argo submit --parallelism} caps lower. */
  static final int PARALLELISM = 8;

  private static final String PLAN_SHARDS = "{{steps.plan.outputs.parameters.shards}}";

  /** The workflow parameters every role gets. */
  private static final List<String> COMMON =
      List.of("data", "name", "git-url", "remote", "remote-endpoint-url");

  private ShardedArgo() {}

  static Map<String, Object> template(StepModel snapshot) {
    List<Object> steps = new ArrayList<>();
    steps.add(
        List.of(role(snapshot, "plan", Parameter.fromWorkflow("shards", "shards"), true).yaml()));
    steps.add(
        List.of(
            role(snapshot, "shard", Parameter.of("shard", "{{item}}"), false)
                .forEach(PLAN_SHARDS)
                .yaml()));
    steps.add(List.of(role(snapshot, "merge", Parameter.of("plan", PLAN_SHARDS), true).yaml()));
    Map<String, Object> main =
        map(
            "name",
            "sharded-snapshot",
            // at most this many shard pods at once; Argo takes only a number here (not a
            // parameter): `argo submit --parallelism N` caps the whole workflow instead
            "parallelism",
            PARALLELISM,
            "steps",
            steps);
    return map(
        "apiVersion",
        Argo.API_VERSION,
        "kind",
        "WorkflowTemplate",
        "metadata",
        map("name", NAME, "labels", map("app.kubernetes.io/part-of", "cairn")),
        "spec",
        map(
            "entrypoint",
            "sharded-snapshot",
            "serviceAccountName",
            snapshot.serviceAccount(),
            "arguments",
            map("parameters", ArgoSpec.parameters(parameters())),
            "templates",
            List.of(main)));
  }

  private static List<Parameter> parameters() {
    return List.of(
        Parameter.of("data", "s3://example-bucket/lake/raw"),
        Parameter.of("name", "lake-data"),
        Parameter.of("git-url", "ssh://git@git.example.com/ml/registry.git"),
        Parameter.of("remote", "s3://example-bucket/dvc"),
        new Parameter(
            "remote-endpoint-url",
            "",
            "S3-compatible endpoint of the data remote (MinIO, Ceph); empty: AWS"),
        new Parameter("shards", "16", "How many shards the plan cuts the data into (one pod each)"),
        new Parameter(
            Argo.WORK_VOLUME,
            "",
            "PersistentVolumeClaim for the plan's and the merge's work directories (reused by the"
                + " next run); empty: an emptyDir per pod. Shard pods always use an emptyDir:"
                + " they run at once"));
  }

  /** One role's step: the cairn-steps snapshot-data template with --role. */
  private static Task role(StepModel snapshot, String role, Parameter extra, boolean workVolume) {
    List<Parameter> parameters = new ArrayList<>();
    for (String name : COMMON) {
      parameters.add(Parameter.fromWorkflow(name, name));
    }
    parameters.add(Parameter.of("role", role));
    parameters.add(extra);
    parameters.add(
        workVolume
            ? Parameter.fromWorkflow(Argo.WORK_VOLUME, Argo.WORK_VOLUME)
            : Parameter.of(Argo.WORK_VOLUME, ""));
    return Task.step(role, snapshot.name(), parameters);
  }
}
