package dev.cairn.manifests;

import static dev.cairn.manifests.Manifests.map;

import dev.cairn.steps.common.MountPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Argo Workflows manifests: the step templates, the rollback template and a CronWorkflow. */
final class Argo {
  static final String API_VERSION = "argoproj.io/v1alpha1";
  static final String INPUTS_DIR = "/tmp/inputs";

  /**
   * The step parameter naming a PersistentVolumeClaim for the work directory; empty (the default)
   * keeps the emptyDir.
   */
  static final String WORK_VOLUME = "work-volume";

  private static final String WORK_VOLUME_REF = "inputs.parameters['" + WORK_VOLUME + "']";

  private Argo() {}

  /** The service account each step runs as (see rbac.yaml). */
  static String serviceAccount(StepModel step) {
    return switch (step.name()) {
      case "snapshot-data" -> "cairn-snapshot";
      case "train-register" -> "cairn-train";
      default -> "cairn-rollback";
    };
  }

  /** Options whose file may come from an input artifact of the same name under /tmp/inputs. */
  static List<String> artifactInputs(StepModel step) {
    return switch (step.name()) {
      case "snapshot-data" -> List.of("dataset");
      case "train-register" -> List.of("model", "metrics", "params");
      default -> List.of();
    };
  }

  static Map<String, Object> stepsTemplate(List<StepModel> steps) {
    List<Object> templates = new ArrayList<>();
    for (StepModel step : steps) {
      templates.add(stepTemplate(step));
    }
    return map(
        "apiVersion",
        API_VERSION,
        "kind",
        "WorkflowTemplate",
        "metadata",
        map("name", "cairn-steps", "labels", labels()),
        "spec",
        map("templates", templates));
  }

  private static Map<String, Object> labels() {
    return map("app.kubernetes.io/part-of", "cairn");
  }

  private static Map<String, Object> stepTemplate(StepModel step) {
    List<Object> parameters = new ArrayList<>();
    List<String> artifactNames = artifactInputs(step);
    for (StepModel.Param p : step.params()) {
      Map<String, Object> param = map("name", p.argoName());
      String value = p.defaultValue();
      if (artifactNames.contains(p.argoName()) && step.name().equals("train-register")) {
        value = p.required() ? INPUTS_DIR + "/" + p.argoName() : value;
      }
      if (value == null && !p.required()) {
        value = "";
      }
      if (value != null) {
        param.put("value", value);
      }
      if (!p.help().isEmpty()) {
        param.put("description", p.help());
      }
      parameters.add(param);
    }
    for (Manifests.SecretMount secret : Manifests.SECRETS) {
      parameters.add(
          map(
              "name",
              secret.parameter(),
              "value",
              secret.defaultSecret(),
              "description",
              "Secret mounted (optional) at " + secret.mountDir()));
    }
    parameters.add(
        map(
            "name",
            WORK_VOLUME,
            "value",
            "",
            "description",
            "PersistentVolumeClaim mounted at "
                + Manifests.WORK_DIR
                + ": the step works in "
                + workDirOnVolume(step)
                + " on it and the next run reuses its Git mirror, cache and hash state; empty:"
                + " an emptyDir. One run of this step at a time per claim (a second one exits 6,"
                + " which is retried)"));
    Map<String, Object> inputs = map("parameters", parameters);
    if (!artifactNames.isEmpty()) {
      List<Object> artifacts = new ArrayList<>();
      for (String name : artifactNames) {
        artifacts.add(map("name", name, "path", INPUTS_DIR + "/" + name, "optional", true));
      }
      inputs.put("artifacts", artifacts);
    }
    List<Object> outputParams = new ArrayList<>();
    for (String out : step.outputs()) {
      outputParams.add(
          map(
              "name",
              out,
              "valueFrom",
              map("path", Manifests.OUTPUTS_DIR + "/" + out, "default", "")));
    }
    Map<String, Object> outputs =
        map(
            "parameters",
            outputParams,
            "artifacts",
            List.of(
                map(
                    "name",
                    "summary",
                    "path",
                    Manifests.SUMMARY_PATH,
                    "archive",
                    map("none", map()))));
    return map(
        "name",
        step.name(),
        "serviceAccountName",
        serviceAccount(step),
        "inputs",
        inputs,
        "outputs",
        outputs,
        "retryStrategy",
        retryStrategy(),
        "podSpecPatch",
        workVolumePatch(),
        "securityContext",
        map(
            "runAsNonRoot",
            true,
            "runAsUser",
            65532,
            "runAsGroup",
            65532,
            "fsGroup",
            65532,
            "seccompProfile",
            map("type", "RuntimeDefault")),
        "container",
        map(
            "image",
            step.image(),
            // the image's own entrypoint, spelled out: Argo's emissary executor then never asks the
            // registry for it (an offline cluster cannot answer)
            "command",
            StepImage.entrypoint(step),
            "args",
            args(step),
            "env",
            env(),
            "resources",
            map("requests", map("cpu", "500m", "memory", "1Gi"), "limits", map("memory", "2Gi")),
            "securityContext",
            containerSecurity(),
            "volumeMounts",
            volumeMounts()),
        "volumes",
        volumes());
  }

  static Map<String, Object> containerSecurity() {
    return map(
        "allowPrivilegeEscalation",
        false,
        "readOnlyRootFilesystem",
        true,
        "runAsNonRoot",
        true,
        "capabilities",
        map("drop", List.of("ALL")));
  }

  /**
   * The container args. An optional option without a default is left out when its parameter is
   * empty: the expression then repeats the first {@code --output} (harmless, it is a map) because
   * an Argo arg cannot vanish.
   */
  private static List<String> args(StepModel step) {
    List<String> args = new ArrayList<>();
    args.add(
        "{{="
            + WORK_VOLUME_REF
            + " == '' ? '--work-dir="
            + Manifests.WORK_DIR
            + "' : '--work-dir="
            + workDirOnVolume(step)
            + "'}}");
    String first = step.outputs().get(0);
    String filler = "--output=" + first + "=" + Manifests.OUTPUTS_DIR + "/" + first;
    for (StepModel.Param p : step.params()) {
      String ref = "inputs.parameters['" + p.argoName() + "']";
      boolean alwaysSet =
          p.required()
              || p.defaultValue() != null
              || p.kind() == StepModel.Kind.BOOLEAN
              || (step.name().equals("train-register") && p.argoName().equals("model"));
      if (alwaysSet) {
        args.add(p.option() + "={{inputs.parameters." + p.argoName() + "}}");
      } else {
        args.add("{{=" + ref + " == '' ? '" + filler + "' : '" + p.option() + "=' + " + ref + "}}");
      }
    }
    for (String out : step.outputs()) {
      args.add("--output=" + out + "=" + Manifests.OUTPUTS_DIR + "/" + out);
    }
    args.add("--summary=" + Manifests.SUMMARY_PATH);
    return args;
  }

  /**
   * The run identity, the AWS credentials file, and the name of each mounted Secret: the volumes
   * are optional, so a missing Secret is an empty directory and the step names it from these.
   */
  private static List<Object> env() {
    List<Object> env = new ArrayList<>();
    env.add(map("name", "CAIRN_WORKFLOW_NAME", "value", "{{workflow.name}}"));
    env.add(map("name", "CAIRN_WORKFLOW_UID", "value", "{{workflow.uid}}"));
    env.add(map("name", "CAIRN_POD_NAME", "value", "{{pod.name}}"));
    env.add(map("name", "AWS_SHARED_CREDENTIALS_FILE", "value", MountPaths.AWS_CREDENTIALS));
    for (Manifests.SecretMount secret : Manifests.SECRETS) {
      env.add(
          map(
              "name",
              secret.nameEnv(),
              "value",
              "{{inputs.parameters." + secret.parameter() + "}}"));
    }
    env.add(map("name", "HOME", "value", "/tmp"));
    return env;
  }

  /**
   * The exit codes Argo retries: 1 (unknown, I/O), 4 (remote unreachable) and 6 (concurrent-writer
   * conflict), which a re-run can fix; and a container killed by a signal (137, 143) or that never
   * reported one (-1), as when its pod is evicted or its node lost: Argo marks those Failed, not
   * Error. Never 2 (bad input), 3 (configuration), 5 (integrity) or 7 (gate rejected).
   */
  static final List<Integer> RETRIED_EXIT_CODES = List.of(-1, 1, 4, 6, 137, 143);

  /**
   * Every step is idempotent and a re-run converges, so Argo retries an Error (pod deleted,
   * executor failure) and a Failed attempt with one of {@link #RETRIED_EXIT_CODES}. The backoff has
   * no {@code maxDuration}: Argo counts it from the first attempt's start and kills a retry when it
   * runs out, which would end a long snapshot or a large model copy.
   */
  static Map<String, Object> retryStrategy() {
    String codes = String.join(", ", RETRIED_EXIT_CODES.stream().map(String::valueOf).toList());
    return map(
        "limit",
        "3",
        "retryPolicy",
        "Always",
        "expression",
        "lastRetry.status == 'Error' || (lastRetry.status == 'Failed' &&"
            + " asInt(lastRetry.exitCode) in ["
            + codes
            + "])",
        "backoff",
        map("duration", "10s", "factor", "2"));
  }

  /**
   * The step's work directory on a work volume: a sub-directory per step, so that snapshot-data,
   * train-register and rollback-model can share one claim without waiting for each other's lock.
   * The step creates it (a {@code subPath} would be created by the kubelet, owned by root).
   */
  static String workDirOnVolume(StepModel step) {
    return Manifests.WORK_DIR + "/" + step.name();
  }

  /**
   * The pod spec patch that replaces the {@code workspace} emptyDir by the PersistentVolumeClaim
   * named by {@code work-volume}; empty (no patch) when it is empty. Argo cannot make a volume
   * depend on a parameter otherwise. The JSON is spaced so that no {@code }}} ends the expression
   * early.
   */
  static String workVolumePatch() {
    return "{{="
        + WORK_VOLUME_REF
        + " == '' ? '' : '{\"volumes\": [{\"name\": \"workspace\", \"emptyDir\": null,"
        + " \"persistentVolumeClaim\": {\"claimName\": \"' + "
        + WORK_VOLUME_REF
        + " + '\"} } ] }'}}";
  }

  private static List<Object> volumeMounts() {
    List<Object> mounts = new ArrayList<>();
    mounts.add(map("name", "workspace", "mountPath", Manifests.WORK_DIR));
    mounts.add(map("name", "tmp", "mountPath", "/tmp"));
    for (Manifests.SecretMount secret : Manifests.SECRETS) {
      mounts.add(map("name", secret.volume(), "mountPath", secret.mountDir(), "readOnly", true));
    }
    return mounts;
  }

  private static List<Object> volumes() {
    List<Object> volumes = new ArrayList<>();
    volumes.add(map("name", "workspace", "emptyDir", map()));
    volumes.add(map("name", "tmp", "emptyDir", map()));
    for (Manifests.SecretMount secret : Manifests.SECRETS) {
      volumes.add(
          map(
              "name",
              secret.volume(),
              "secret",
              map(
                  "secretName",
                  "{{inputs.parameters." + secret.parameter() + "}}",
                  "defaultMode",
                  0400,
                  "optional",
                  true)));
    }
    return volumes;
  }

  /** {@code argo submit --from workflowtemplate/cairn-rollback -p name=... -p reason=...}. */
  static Map<String, Object> rollbackTemplate(StepModel rollback) {
    List<Object> workflowParams = new ArrayList<>();
    List<Object> passed = new ArrayList<>();
    for (StepModel.Param p : rollback.params()) {
      Map<String, Object> param = map("name", p.argoName());
      String value = p.defaultValue();
      if (p.argoName().equals("dry-run")) {
        // an operator's submission plans first; doing it takes -p dry-run=false, said explicitly
        value = "true";
      }
      if (value == null && !p.required()) {
        value = "";
      }
      if (value != null) {
        param.put("value", value);
      }
      workflowParams.add(param);
      passed.add(
          map("name", p.argoName(), "value", "{{workflow.parameters." + p.argoName() + "}}"));
    }
    workflowParams.add(workVolumeParameter());
    passed.add(passParam(WORK_VOLUME, WORK_VOLUME));
    return map(
        "apiVersion",
        API_VERSION,
        "kind",
        "WorkflowTemplate",
        "metadata",
        map("name", "cairn-rollback", "labels", labels()),
        "spec",
        map(
            "entrypoint",
            "rollback",
            "serviceAccountName",
            serviceAccount(rollback),
            "arguments",
            map("parameters", workflowParams),
            "podGC",
            map("strategy", "OnWorkflowSuccess"),
            "templates",
            List.of(
                map(
                    "name",
                    "rollback",
                    "steps",
                    List.of(
                        List.of(
                            map(
                                "name",
                                "rollback-model",
                                "templateRef",
                                map("name", "cairn-steps", "template", rollback.name()),
                                "arguments",
                                map("parameters", passed))))))));
  }

  /**
   * Snapshot the data daily; train and register when it changed or when no model version records it
   * yet (the snapshot's {@code needs_training}: a day whose training failed catches up).
   */
  static Map<String, Object> dailyRetrain(StepModel snapshot, StepModel train) {
    String snap = "{{tasks.snapshot.outputs.parameters.";
    Map<String, Object> dag =
        map(
            "tasks",
            List.of(
                map(
                    "name",
                    "snapshot",
                    "templateRef",
                    map("name", "cairn-steps", "template", snapshot.name()),
                    "arguments",
                    map(
                        "parameters",
                        List.of(
                            passParam("data", "data"),
                            passParam("name", "dataset-name"),
                            passParam("git-url", "git-url"),
                            passParam("remote", "remote"),
                            passParam("remote-endpoint-url", "remote-endpoint-url"),
                            passParam(WORK_VOLUME, WORK_VOLUME)))),
                map(
                    "name",
                    "train",
                    "depends",
                    "snapshot.Succeeded",
                    "when",
                    snap + "needs_training}} == true",
                    "template",
                    "train",
                    "arguments",
                    map(
                        "parameters",
                        List.of(
                            map(
                                "name",
                                "dataset",
                                "value",
                                snap + "name}}@" + snap + "version}}")))),
                map(
                    "name",
                    "register",
                    "depends",
                    "train.Succeeded",
                    "templateRef",
                    map("name", "cairn-steps", "template", train.name()),
                    "arguments",
                    map(
                        "parameters",
                        List.of(
                            passParam("name", "model-name"),
                            map("name", "data", "value", snap + "name}}@" + snap + "version}}"),
                            map("name", "metrics", "value", INPUTS_DIR + "/metrics"),
                            passParam("stage", "stage"),
                            passParam("gate", "gate"),
                            passParam("git-url", "git-url"),
                            passParam("remote", "remote"),
                            passParam("remote-endpoint-url", "remote-endpoint-url"),
                            passParam("serve-uri", "serve-uri"),
                            passParam("restart", "restart"),
                            passParam("namespace", "namespace"),
                            passParam(WORK_VOLUME, WORK_VOLUME)),
                        "artifacts",
                        List.of(
                            map("name", "model", "from", "{{tasks.train.outputs.artifacts.model}}"),
                            map(
                                "name",
                                "metrics",
                                "from",
                                "{{tasks.train.outputs.artifacts.metrics}}"))))));
    Map<String, Object> trainer =
        map(
            "name",
            "train",
            "inputs",
            map("parameters", List.of(map("name", "dataset"))),
            "outputs",
            map(
                "artifacts",
                List.of(
                    map("name", "model", "path", "/tmp/outputs/model"),
                    map("name", "metrics", "path", "/tmp/outputs/metrics.json"))),
            "container",
            map(
                "image",
                "{{workflow.parameters.trainer-image}}",
                "args",
                List.of(
                    "--dataset={{inputs.parameters.dataset}}",
                    "--model-dir=/tmp/outputs/model",
                    "--metrics=/tmp/outputs/metrics.json"),
                // No Cairn Secret here: the training container gets its credentials from the
                // workflow's ServiceAccount (IRSA) or the user's own mounts.
                "resources",
                map("requests", map("cpu", "1", "memory", "2Gi")),
                "securityContext",
                containerSecurity(),
                "volumeMounts",
                List.of(map("name", "tmp", "mountPath", "/tmp"))),
            "volumes",
            List.of(map("name", "tmp", "emptyDir", map())));
    Map<String, Object> workflowSpec =
        map(
            "entrypoint",
            "retrain",
            "serviceAccountName",
            serviceAccount(train),
            "arguments",
            map(
                "parameters",
                List.of(
                    map("name", "data", "value", "s3://example-bucket/datasets/churn"),
                    map("name", "dataset-name", "value", "churn-data"),
                    map("name", "model-name", "value", "churn-model"),
                    map("name", "git-url", "value", "ssh://git@git.example.com/ml/registry.git"),
                    map("name", "remote", "value", "s3://example-bucket/dvc"),
                    map(
                        "name",
                        "remote-endpoint-url",
                        "value",
                        "",
                        "description",
                        "S3-compatible endpoint of the data remote (MinIO, Ceph); empty: AWS"),
                    map("name", "stage", "value", "prod"),
                    map("name", "gate", "value", "accuracy >= stage.accuracy"),
                    map(
                        "name",
                        "serve-uri",
                        "value",
                        "",
                        "description",
                        "On promotion, copy the model to URI/<version>/ (s3://...); empty: no copy"),
                    map(
                        "name",
                        "restart",
                        "value",
                        "",
                        "description",
                        "On promotion, restart this deployment/NAME and wait for the rollout;"
                            + " empty: none"),
                    map(
                        "name",
                        "namespace",
                        "value",
                        "",
                        "description",
                        "Namespace of the Deployment to restart; empty: the pod's service-account namespace"),
                    workVolumeParameter(),
                    map(
                        "name",
                        "trainer-image",
                        "value",
                        "registry.example.com/ml/churn-trainer:latest",
                        "description",
                        "Your training image: reads --dataset, writes --model-dir and --metrics"))),
            "podGC",
            map("strategy", "OnWorkflowSuccess"),
            "templates",
            List.of(map("name", "retrain", "dag", dag), trainer));
    return map(
        "apiVersion",
        API_VERSION,
        "kind",
        "CronWorkflow",
        "metadata",
        map("name", "daily-retrain", "labels", labels()),
        "spec",
        map(
            "schedules",
            List.of("0 3 * * *"),
            "timezone",
            "UTC",
            "concurrencyPolicy",
            "Forbid",
            "startingDeadlineSeconds",
            600,
            "successfulJobsHistoryLimit",
            3,
            "failedJobsHistoryLimit",
            3,
            "workflowSpec",
            workflowSpec));
  }

  /** The workflow's {@code work-volume} parameter, passed to each Cairn step. */
  private static Map<String, Object> workVolumeParameter() {
    return map(
        "name",
        WORK_VOLUME,
        "value",
        "",
        "description",
        "PersistentVolumeClaim for the Cairn steps' work directories (reused by the next run);"
            + " empty: an emptyDir per pod");
  }

  private static Map<String, Object> passParam(String name, String workflowParam) {
    return map("name", name, "value", "{{workflow.parameters." + workflowParam + "}}");
  }
}
