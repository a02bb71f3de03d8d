package dev.cairn.manifests;

import static dev.cairn.manifests.Manifests.map;

import dev.cairn.manifests.ArgoSpec.Container;
import dev.cairn.manifests.ArgoSpec.Mount;
import dev.cairn.manifests.ArgoSpec.Parameter;
import dev.cairn.manifests.ArgoSpec.Resources;
import dev.cairn.manifests.ArgoSpec.Task;
import dev.cairn.manifests.ArgoSpec.Template;
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
        map("name", ArgoSpec.STEPS_TEMPLATE, "labels", labels()),
        "spec",
        map("templates", templates));
  }

  private static Map<String, Object> labels() {
    return map("app.kubernetes.io/part-of", "cairn");
  }

  private static Map<String, Object> stepTemplate(StepModel step) {
    return new Template(
            step.name(),
            step.serviceAccount(),
            stepInputs(step),
            stepOutputs(step),
            retryStrategy(),
            workVolumePatch(),
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
            new Container(
                step.image(),
                // the image's own entrypoint, spelled out: Argo's emissary executor then never asks
                // the registry for it (an offline cluster cannot answer)
                StepImage.entrypoint(step),
                args(step),
                env(),
                new Resources("500m", "1Gi", "2Gi"),
                volumeMounts()),
            volumes())
        .yaml();
  }

  /** A parameter per option, one per mountable Secret, the work volume; the artifact inputs. */
  private static Map<String, Object> stepInputs(StepModel step) {
    List<Parameter> parameters = new ArrayList<>();
    for (StepModel.Param p : step.params()) {
      String value = p.defaultValue();
      if (step.artifactInputs().contains(p.argoName()) && step.defaultsToArtifactPaths()) {
        value = p.required() ? INPUTS_DIR + "/" + p.argoName() : value;
      }
      if (value == null && !p.required()) {
        value = "";
      }
      parameters.add(new Parameter(p.argoName(), value, p.help().isEmpty() ? null : p.help()));
    }
    for (Manifests.SecretMount secret : Manifests.SECRETS) {
      parameters.add(
          new Parameter(
              secret.parameter(),
              secret.defaultSecret(),
              "Secret mounted (optional) at " + secret.mountDir()));
    }
    parameters.add(
        new Parameter(
            WORK_VOLUME,
            "",
            "PersistentVolumeClaim mounted at "
                + Manifests.WORK_DIR
                + ": the step works in "
                + workDirOnVolume(step)
                + " on it and the next run reuses its Git mirror, cache and hash state; empty:"
                + " an emptyDir. One run of this step at a time per claim (a second one exits 6,"
                + " which is retried)"));
    Map<String, Object> inputs = map("parameters", ArgoSpec.parameters(parameters));
    if (!step.artifactInputs().isEmpty()) {
      List<Object> artifacts = new ArrayList<>();
      for (String name : step.artifactInputs()) {
        artifacts.add(map("name", name, "path", INPUTS_DIR + "/" + name, "optional", true));
      }
      inputs.put("artifacts", artifacts);
    }
    return inputs;
  }

  /** A parameter per output file, and the summary artifact. */
  private static Map<String, Object> stepOutputs(StepModel step) {
    List<Object> outputParams = new ArrayList<>();
    for (String out : step.outputs()) {
      outputParams.add(
          map(
              "name",
              out,
              "valueFrom",
              map("path", Manifests.OUTPUTS_DIR + "/" + out, "default", "")));
    }
    return map(
        "parameters",
        outputParams,
        "artifacts",
        List.of(
            map("name", "summary", "path", Manifests.SUMMARY_PATH, "archive", map("none", map()))));
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
      if (step.alwaysPassed(p)) {
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

  private static List<Mount> volumeMounts() {
    List<Mount> mounts = new ArrayList<>();
    mounts.add(new Mount("workspace", Manifests.WORK_DIR, false));
    mounts.add(new Mount("tmp", "/tmp", false));
    for (Manifests.SecretMount secret : Manifests.SECRETS) {
      mounts.add(new Mount(secret.volume(), secret.mountDir(), true));
    }
    return mounts;
  }

  private static List<Object> volumes() {
    List<Object> volumes = new ArrayList<>();
    volumes.add(ArgoSpec.emptyDir("workspace"));
    volumes.add(ArgoSpec.emptyDir("tmp"));
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
    List<Parameter> workflowParams = new ArrayList<>();
    List<Parameter> passed = new ArrayList<>();
    for (StepModel.Param p : rollback.params()) {
      String value = p.defaultValue();
      if (p.argoName().equals("dry-run")) {
        // an operator's submission plans first; doing it takes -p dry-run=false, said explicitly
        value = "true";
      }
      if (value == null && !p.required()) {
        value = "";
      }
      workflowParams.add(Parameter.of(p.argoName(), value));
      passed.add(Parameter.fromWorkflow(p.argoName(), p.argoName()));
    }
    workflowParams.add(workVolumeParameter());
    passed.add(Parameter.fromWorkflow(WORK_VOLUME, WORK_VOLUME));
    Task step = Task.step("rollback-model", rollback.name(), passed);
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
            rollback.serviceAccount(),
            "arguments",
            map("parameters", ArgoSpec.parameters(workflowParams)),
            "podGC",
            map("strategy", "OnWorkflowSuccess"),
            "templates",
            List.of(map("name", "rollback", "steps", List.of(List.of(step.yaml()))))));
  }

  /**
   * Snapshot the data daily; train and register when it changed or when no model version records it
   * yet (the snapshot's {@code needs_training}: a day whose training failed catches up).
   */
  static Map<String, Object> dailyRetrain(StepModel snapshot, StepModel train) {
    Map<String, Object> workflowSpec =
        map(
            "entrypoint",
            "retrain",
            "serviceAccountName",
            train.serviceAccount(),
            "arguments",
            map("parameters", ArgoSpec.parameters(retrainParameters())),
            "podGC",
            map("strategy", "OnWorkflowSuccess"),
            "templates",
            List.of(
                map("name", "retrain", "dag", map("tasks", retrainTasks(snapshot, train))),
                trainer()));
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

  /** snapshot, then train (when the snapshot needs it), then register the trained model. */
  private static List<Object> retrainTasks(StepModel snapshot, StepModel train) {
    String snap = "{{tasks.snapshot.outputs.parameters.";
    String dataset = snap + "name}}@" + snap + "version}}";
    Task snapshotTask =
        Task.step(
            "snapshot",
            snapshot.name(),
            List.of(
                Parameter.fromWorkflow("data", "data"),
                Parameter.fromWorkflow("name", "dataset-name"),
                Parameter.fromWorkflow("git-url", "git-url"),
                Parameter.fromWorkflow("remote", "remote"),
                Parameter.fromWorkflow("remote-endpoint-url", "remote-endpoint-url"),
                Parameter.fromWorkflow(WORK_VOLUME, WORK_VOLUME)));
    Task trainTask =
        ArgoSpec.localTask("train", "train", List.of(Parameter.of("dataset", dataset)))
            .after("snapshot.Succeeded")
            .when(snap + "needs_training}} == true");
    Task registerTask =
        Task.step(
                "register",
                train.name(),
                List.of(
                    Parameter.fromWorkflow("name", "model-name"),
                    Parameter.of("data", dataset),
                    Parameter.of("metrics", INPUTS_DIR + "/metrics"),
                    Parameter.fromWorkflow("stage", "stage"),
                    Parameter.fromWorkflow("gate", "gate"),
                    Parameter.fromWorkflow("git-url", "git-url"),
                    Parameter.fromWorkflow("remote", "remote"),
                    Parameter.fromWorkflow("remote-endpoint-url", "remote-endpoint-url"),
                    Parameter.fromWorkflow("serve-uri", "serve-uri"),
                    Parameter.fromWorkflow("restart", "restart"),
                    Parameter.fromWorkflow("namespace", "namespace"),
                    Parameter.fromWorkflow(WORK_VOLUME, WORK_VOLUME)))
            .after("train.Succeeded")
            .withArtifacts(
                List.of(
                    map("name", "model", "from", "{{tasks.train.outputs.artifacts.model}}"),
                    map("name", "metrics", "from", "{{tasks.train.outputs.artifacts.metrics}}")));
    return List.of(snapshotTask.yaml(), trainTask.yaml(), registerTask.yaml());
  }

  /**
   * The user's training container. No Cairn Secret here: it gets its credentials from the
   * workflow's ServiceAccount (IRSA) or the user's own mounts.
   */
  private static Map<String, Object> trainer() {
    return new Template(
            "train",
            null,
            map("parameters", List.of(map("name", "dataset"))),
            map(
                "artifacts",
                List.of(
                    map("name", "model", "path", "/tmp/outputs/model"),
                    map("name", "metrics", "path", "/tmp/outputs/metrics.json"))),
            null,
            null,
            null,
            new Container(
                "{{workflow.parameters.trainer-image}}",
                null,
                List.of(
                    "--dataset={{inputs.parameters.dataset}}",
                    "--model-dir=/tmp/outputs/model",
                    "--metrics=/tmp/outputs/metrics.json"),
                null,
                new Resources("1", "2Gi", null),
                List.of(new Mount("tmp", "/tmp", false))),
            List.of(ArgoSpec.emptyDir("tmp")))
        .yaml();
  }

  /** The CronWorkflow's parameters: example values to replace, and optional ones left empty. */
  private static List<Parameter> retrainParameters() {
    return List.of(
        Parameter.of("data", "s3://example-bucket/datasets/churn"),
        Parameter.of("dataset-name", "churn-data"),
        Parameter.of("model-name", "churn-model"),
        Parameter.of("git-url", "ssh://git@git.example.com/ml/registry.git"),
        Parameter.of("remote", "s3://example-bucket/dvc"),
        new Parameter(
            "remote-endpoint-url",
            "",
            "S3-compatible endpoint of the data remote (MinIO, Ceph); empty: AWS"),
        Parameter.of("stage", "prod"),
        Parameter.of("gate", "accuracy >= stage.accuracy"),
        new Parameter(
            "serve-uri",
            "",
            "On promotion, copy the model to URI/<version>/ (s3://...); empty: no copy"),
        new Parameter(
            "restart",
            "",
            "On promotion, restart this deployment/NAME and wait for the rollout; empty: none"),
        new Parameter(
            "namespace",
            "",
            "Namespace of the Deployment to restart; empty: the pod's service-account namespace"),
        workVolumeParameter(),
        new Parameter(
            "trainer-image",
            "registry.example.com/ml/churn-trainer:latest",
            "Your training image: reads --dataset, writes --model-dir and --metrics"));
  }

  /** The workflow's {@code work-volume} parameter, passed to each Cairn step. */
  private static Parameter workVolumeParameter() {
    return new Parameter(
        WORK_VOLUME,
        "",
        "PersistentVolumeClaim for the Cairn steps' work directories (reused by the next run);"
            + " empty: an emptyDir per pod");
  }
}
