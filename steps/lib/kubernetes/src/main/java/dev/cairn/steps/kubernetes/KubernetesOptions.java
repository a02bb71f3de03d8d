package dev.cairn.steps.kubernetes;

import dev.cairn.core.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The in-cluster serving objects a step updates after it published a model: a Deployment to restart
 * and/or a KServe InferenceService to point at the new model URI.
 */
public final class KubernetesOptions {
  @Option(
      names = "--restart",
      paramLabel = "deployment/NAME",
      defaultValue = "${env:CAIRN_RESTART}",
      description =
          "Restart this Deployment (as kubectl rollout restart) and wait for the rollout."
              + " Env: CAIRN_RESTART.")
  private @Nullable String restart;

  @Option(
      names = "--patch-inferenceservice",
      paramLabel = "NAME",
      defaultValue = "${env:CAIRN_PATCH_INFERENCESERVICE}",
      description =
          "Point this KServe InferenceService's storageUri at the model copied by --serve-uri and"
              + " wait until it is Ready. Env: CAIRN_PATCH_INFERENCESERVICE.")
  private @Nullable String inferenceService;

  @Option(
      names = "--namespace",
      paramLabel = "NS",
      defaultValue = "${env:CAIRN_NAMESPACE}",
      description =
          "Namespace of those objects (default: the pod's service-account namespace)."
              + " Env: CAIRN_NAMESPACE.")
  private @Nullable String namespace;

  @Option(
      names = "--rollout-timeout",
      paramLabel = "SECONDS",
      defaultValue = "${env:CAIRN_ROLLOUT_TIMEOUT:-300}",
      description =
          "How long to wait for the rollout (default: ${DEFAULT-VALUE}). Env:"
              + " CAIRN_ROLLOUT_TIMEOUT.")
  private long timeoutSeconds = 300;

  /**
   * The targets asked for, checked before any work.
   *
   * @param serveUriGiven whether the step has a {@code --serve-uri} (an InferenceService needs one)
   * @throws InvalidInputException for a malformed target or a missing {@code --serve-uri}
   */
  public List<ServingTarget> targets(boolean serveUriGiven) {
    if (timeoutSeconds < 1) {
      throw new InvalidInputException(
          "Cannot use --rollout-timeout " + timeoutSeconds + ": give a number of seconds above 0");
    }
    List<ServingTarget> targets = new ArrayList<>();
    if (restart != null && !restart.isBlank()) {
      targets.add(ServingTarget.parse(restart.strip()));
    }
    if (inferenceService != null && !inferenceService.isBlank()) {
      if (!serveUriGiven) {
        throw new InvalidInputException(
            "Cannot patch InferenceService "
                + inferenceService
                + ": it needs a model URI (give --serve-uri s3://bucket/models/NAME)");
      }
      targets.add(ServingTarget.inferenceService(inferenceService.strip()));
    }
    return targets;
  }

  /**
   * Checks every target before the step writes anything: it exists, and the step's service account
   * may get and patch it (see {@link KubernetesServing#check}). Also for a dry run, so that it
   * reports a missing permission.
   *
   * @throws dev.cairn.core.CairnException with a one-line message for the first target that fails
   */
  public void check(List<ServingTarget> targets) {
    if (targets.isEmpty()) {
      return;
    }
    try (KubernetesServing serving = KubernetesServing.inCluster(namespace)) {
      for (ServingTarget target : targets) {
        serving.check(target);
      }
    }
  }

  /**
   * Updates every target in the cluster this pod runs in, one after the other.
   *
   * @param storageUri where the new model was copied ({@code s3://bucket/models/churn/v1.4.0}), or
   *     null without a serving URI
   * @return one line per target for the step's summary
   */
  public List<String> apply(List<ServingTarget> targets, @Nullable String storageUri) {
    List<String> done = new ArrayList<>();
    if (targets.isEmpty()) {
      return done;
    }
    try (KubernetesServing serving = KubernetesServing.inCluster(namespace)) {
      for (ServingTarget target : targets) {
        RolloutResult result =
            serving.update(
                target, storageUri == null ? "" : storageUri, Duration.ofSeconds(timeoutSeconds));
        done.add(
            result.target()
                + " in "
                + result.namespace()
                + ": "
                + result.status()
                + " after "
                + result.waited().toSeconds()
                + " s");
      }
    }
    return done;
  }
}
