package dev.cairn.steps.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kubectl rollout restart deployment/NAME} followed by {@code kubectl rollout status}: sets
 * the pod template annotation {@value #RESTARTED_AT} to now (a JSON merge patch, so nothing else in
 * the object changes) and waits until the new pods are rolled out.
 */
final class DeploymentRollout {
  static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentRollout.class);

  private final KubernetesClient client;
  private final String namespace;
  private final KubeErrors errors;
  private final Waiter waiter;
  private final Clock clock;

  DeploymentRollout(
      KubernetesClient client, String namespace, KubeErrors errors, Waiter waiter, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.errors = errors;
    this.waiter = waiter;
    this.clock = clock;
  }

  RolloutResult restart(String name, Duration timeout) {
    ServingTarget target = ServingTarget.deployment(name);
    RollableScalableResource<Deployment> resource =
        client.apps().deployments().inNamespace(namespace).withName(name);
    String restartedAt = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    Map<String, Object> patch =
        Map.of(
            "spec",
            Map.of(
                "template",
                Map.of("metadata", Map.of("annotations", Map.of(RESTARTED_AT, restartedAt)))));
    Deployment patched;
    try {
      patched =
          resource.patch(
              PatchContext.of(PatchType.JSON_MERGE),
              client.getKubernetesSerialization().asJson(patch));
    } catch (KubernetesClientException e) {
      throw errors.map(e, "patch", target, namespace);
    }
    Long generation = patched.getMetadata().getGeneration();
    LOG.info(
        "Restarted {} in namespace {} ({}={}), waiting up to {} s for the rollout",
        target,
        namespace,
        RESTARTED_AT,
        restartedAt,
        Waiter.seconds(timeout));
    Waiter.Subject subject =
        new Waiter.Subject(
            target,
            namespace,
            "the restart was applied",
            "check with kubectl rollout status " + target + " -n " + namespace);
    Waiter.Waited waited =
        waiter.await(
            subject,
            timeout,
            () -> {
              Deployment current = resource.get();
              if (current == null) {
                throw errors.notFound(target, namespace, null);
              }
              return DeploymentProgress.of(current);
            });
    return new RolloutResult(
        target,
        namespace,
        generation == null ? 0 : generation,
        waited.waited(),
        waited.last().message(),
        null);
  }
}
