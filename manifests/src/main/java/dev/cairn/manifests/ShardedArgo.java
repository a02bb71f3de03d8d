package dev.cairn.manifests;

import static dev.cairn.manifests.Manifests.map;

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
        List.of(role(snapshot, "plan", map("name", "shards", "value", param("shards")), true)));
    Map<String, Object> shard =
        role(snapshot, "shard", map("name", "shard", "value", "{{item}}"), false);
    shard.put("withParam", PLAN_SHARDS);
    steps.add(List.of(shard));
    steps.add(List.of(role(snapshot, "merge", map("name", "plan", "value", PLAN_SHARDS), true)));
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
            Argo.serviceAccount(snapshot),
            "arguments",
            map("parameters", parameters()),
            "templates",
            List.of(main)));
  }

  private static List<Object> parameters() {
    return List.of(
        map("name", "data", "value", "s3://example-bucket/lake/raw"),
        map("name", "name", "value", "lake-data"),
        map("name", "git-url", "value", "ssh://git@git.example.com/ml/registry.git"),
        map("name", "remote", "value", "s3://example-bucket/dvc"),
        map(
            "name",
            "remote-endpoint-url",
            "value",
            "",
            "description",
            "S3-compatible endpoint of the data remote (MinIO, Ceph); empty: AWS"),
        map(
            "name",
            "shards",
            "value",
            "16",
            "description",
            "How many shards the plan cuts the data into (one pod each)"),
        map(
            "name",
            Argo.WORK_VOLUME,
            "value",
            "",
            "description",
            "PersistentVolumeClaim for the plan's and the merge's work directories (reused by the"
                + " next run); empty: an emptyDir per pod. Shard pods always use an emptyDir:"
                + " they run at once"));
  }

  /** One role's step: the cairn-steps snapshot-data template with --role. */
  private static Map<String, Object> role(
      StepModel snapshot, String role, Map<String, Object> extra, boolean workVolume) {
    List<Object> parameters = new ArrayList<>();
    for (String name : COMMON) {
      parameters.add(map("name", name, "value", param(name)));
    }
    parameters.add(map("name", "role", "value", role));
    parameters.add(extra);
    parameters.add(
        map("name", Argo.WORK_VOLUME, "value", workVolume ? param(Argo.WORK_VOLUME) : ""));
    return map(
        "name",
        role,
        "templateRef",
        map("name", "cairn-steps", "template", snapshot.name()),
        "arguments",
        map("parameters", parameters));
  }

  private static String param(String name) {
    return "{{workflow.parameters." + name + "}}";
  }
}
