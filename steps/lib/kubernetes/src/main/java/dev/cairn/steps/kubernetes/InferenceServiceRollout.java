package dev.cairn.steps.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points a KServe InferenceService at a new model URI through the generic client (no KServe model
 * classes) and waits until it is {@code Ready} at the new generation.
 */
final class InferenceServiceRollout {
  static final ResourceDefinitionContext INFERENCE_SERVICES =
      new ResourceDefinitionContext.Builder()
          .withGroup("serving.kserve.io")
          .withVersion("v1beta1")
          .withKind("InferenceService")
          .withPlural("inferenceservices")
          .withNamespaced(true)
          .build();
  private static final Logger LOG = LoggerFactory.getLogger(InferenceServiceRollout.class);

  private final KubernetesClient client;
  private final String namespace;
  private final KubeErrors errors;
  private final Waiter waiter;

  InferenceServiceRollout(
      KubernetesClient client, String namespace, KubeErrors errors, Waiter waiter) {
    this.client = client;
    this.namespace = namespace;
    this.errors = errors;
    this.waiter = waiter;
  }

  RolloutResult patch(String name, String storageUri, Duration timeout) {
    ServingTarget target = ServingTarget.inferenceService(name);
    Resource<GenericKubernetesResource> resource =
        client.genericKubernetesResources(INFERENCE_SERVICES).inNamespace(namespace).withName(name);
    GenericKubernetesResource current;
    try {
      current = read(resource, target);
    } catch (KubernetesClientException e) {
      throw errors.map(e, "get", target, namespace);
    }
    StorageUriPatch patch =
        StorageUriPatch.of(current.getAdditionalProperties(), storageUri, target);
    GenericKubernetesResource patched;
    try {
      patched =
          resource.patch(
              PatchContext.of(PatchType.JSON_MERGE),
              client.getKubernetesSerialization().asJson(patch.patch()));
    } catch (KubernetesClientException e) {
      throw errors.map(e, "patch", target, namespace);
    }
    Long patchedGeneration = patched.getMetadata().getGeneration();
    long generation = patchedGeneration == null ? 0 : patchedGeneration;
    LOG.info(
        "Patched {} in namespace {}: {} = {} (generation {}), waiting up to {} s for Ready",
        target,
        namespace,
        String.join(", ", patch.paths()),
        storageUri,
        generation,
        Waiter.seconds(timeout));
    Waiter.Subject subject =
        new Waiter.Subject(
            target,
            namespace,
            "the storageUri was patched",
            "check with kubectl wait --for=condition=Ready " + target + " -n " + namespace);
    Waiter.Waited waited =
        waiter.await(
            subject,
            timeout,
            () ->
                InferenceServiceProgress.of(
                    read(resource, target).getAdditionalProperties(), generation));
    return new RolloutResult(
        target, namespace, generation, waited.waited(), waited.last().message(), patch.previous());
  }

  /** The object; a failed request is left to the caller (the waiter retries transient ones). */
  private GenericKubernetesResource read(
      Resource<GenericKubernetesResource> resource, ServingTarget target) {
    GenericKubernetesResource current = resource.get();
    if (current == null) {
      throw errors.notFound(target, namespace, null);
    }
    return current;
  }
}
