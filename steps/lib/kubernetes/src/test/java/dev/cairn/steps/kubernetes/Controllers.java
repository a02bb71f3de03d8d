package dev.cairn.steps.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Fixtures and a stand-in for the Deployment and KServe controllers, through a second client. */
final class Controllers {
  static final String NS = "serving";
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private final KubernetesClient client;

  Controllers(KubernetesClient client) {
    this.client = client;
  }

  RollableScalableResource<Deployment> deployment(String name) {
    return client.apps().deployments().inNamespace(NS).withName(name);
  }

  Resource<GenericKubernetesResource> inferenceService(String name) {
    return client
        .genericKubernetesResources(MockApiServer.INFERENCE_SERVICE_CRD)
        .inNamespace(NS)
        .withName(name);
  }

  /** A 2-replica Deployment, fully rolled out at generation 1. */
  Deployment createDeployment(String name) {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .endMetadata()
            .withNewSpec()
            .withReplicas(2)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .addToAnnotations("team", "ml")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("server")
            .withImage("model-server:1")
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    client.apps().deployments().inNamespace(NS).resource(deployment).create();
    return setDeploymentStatus(name, 2, 2, 2, null);
  }

  /**
   * Writes the status subresource as the deployment controller would for the current generation.
   */
  Deployment setDeploymentStatus(
      String name, int replicas, int updated, int available, @Nullable String progressingReason) {
    return deployment(name)
        .editStatus(
            d ->
                new DeploymentBuilder(d)
                    .withNewStatus()
                    .withObservedGeneration(d.getMetadata().getGeneration())
                    .withReplicas(replicas)
                    .withUpdatedReplicas(updated)
                    .withAvailableReplicas(available)
                    .withReadyReplicas(available)
                    .addNewCondition()
                    .withType("Progressing")
                    .withStatus(progressingReason == null ? "True" : "False")
                    .withReason(
                        progressingReason == null ? "NewReplicaSetAvailable" : progressingReason)
                    .endCondition()
                    .endStatus()
                    .build());
  }

  /** An InferenceService with {@code predictor} as its predictor spec, Ready at generation 1. */
  GenericKubernetesResource createInferenceService(String name, Map<String, Object> predictor) {
    GenericKubernetesResource isvc =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("serving.kserve.io/v1beta1")
            .withKind("InferenceService")
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .endMetadata()
            .addToAdditionalProperties("spec", Map.of("predictor", predictor))
            .build();
    client
        .genericKubernetesResources(MockApiServer.INFERENCE_SERVICE_CRD)
        .inNamespace(NS)
        .resource(isvc)
        .create();
    return setInferenceServiceStatus(name, 1L, "True", null);
  }

  /** Writes KServe's status: observedGeneration (if not null) and a Ready condition. */
  GenericKubernetesResource setInferenceServiceStatus(
      String name, @Nullable Long observedGeneration, String ready, @Nullable String reason) {
    Map<String, Object> condition =
        reason == null
            ? Map.of("type", "Ready", "status", ready)
            : Map.of("type", "Ready", "status", ready, "reason", reason, "message", "not yet");
    Map<String, Object> status =
        observedGeneration == null
            ? Map.of("conditions", List.of(condition))
            : Map.of("observedGeneration", observedGeneration, "conditions", List.of(condition));
    return inferenceService(name)
        .editStatus(
            r -> {
              r.setAdditionalProperty("status", status);
              return r;
            });
  }

  /** Polls {@code read} until {@code until} holds; bounded, fails the test if it never does. */
  static <T> T await(Supplier<T> read, Predicate<T> until) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      T value = read.get();
      if (value != null && until.test(value)) {
        return value;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("condition not reached within " + PATIENCE);
  }

  static @Nullable String restartedAt(Deployment deployment) {
    Map<String, String> annotations =
        deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(DeploymentRollout.RESTARTED_AT);
  }

  static @Nullable Object at(GenericKubernetesResource resource, String... path) {
    return KubeObjects.at(resource.getAdditionalProperties(), path);
  }
}
