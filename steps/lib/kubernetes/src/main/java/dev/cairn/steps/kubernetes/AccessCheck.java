package dev.cairn.steps.kubernetes;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The check a step runs before it writes anything: the serving object exists and can be read (a
 * GET), and the API server's authorizer lets the step patch it (a SelfSubjectAccessReview, which
 * asks without changing anything, as {@code kubectl auth can-i patch} does). So a service account
 * that lacks a verb fails the step before a stage tag moves, not after.
 *
 * <p>If the review itself cannot be asked (forbidden, or no such API), the patch check is skipped:
 * the real patch still reports a missing verb.
 */
final class AccessCheck {
  static final String GET = "get";
  static final String PATCH = "patch";
  private static final Logger LOG = LoggerFactory.getLogger(AccessCheck.class);

  private final KubernetesClient client;
  private final String namespace;
  private final KubeErrors errors;

  AccessCheck(KubernetesClient client, String namespace, KubeErrors errors) {
    this.client = client;
    this.namespace = namespace;
    this.errors = errors;
  }

  void check(ServingTarget target) {
    read(target);
    mayPatch(target);
  }

  private void read(ServingTarget target) {
    Object found;
    try {
      found =
          switch (target.kind()) {
            case DEPLOYMENT ->
                client.apps().deployments().inNamespace(namespace).withName(target.name()).get();
            case INFERENCE_SERVICE ->
                client
                    .genericKubernetesResources(InferenceServiceRollout.INFERENCE_SERVICES)
                    .inNamespace(namespace)
                    .withName(target.name())
                    .get();
          };
    } catch (KubernetesClientException e) {
      throw errors.map(e, GET, target, namespace);
    }
    if (found == null) {
      throw errors.notFound(target, namespace, null);
    }
  }

  private void mayPatch(ServingTarget target) {
    SelfSubjectAccessReview answer;
    try {
      answer = client.authorization().v1().selfSubjectAccessReview().create(review(target));
    } catch (KubernetesClientException e) {
      if (KubeErrors.isTransient(e)) {
        throw errors.map(e, "check '" + PATCH + "' access to", target, namespace);
      }
      LOG.info(
          "Cannot ask whether the step may patch {} in namespace {} (SelfSubjectAccessReview: HTTP"
              + " {}); the patch itself will tell",
          target,
          namespace,
          KubeErrors.httpCode(e));
      return;
    }
    SubjectAccessReviewStatus status = answer == null ? null : answer.getStatus();
    Boolean allowed = status == null ? null : status.getAllowed();
    if (status == null || allowed == null) {
      LOG.info(
          "The SelfSubjectAccessReview for patch on {} in namespace {} gave no answer; the patch"
              + " itself will tell",
          target,
          namespace);
      return;
    }
    if (!allowed) {
      throw errors.forbidden(PATCH, target, namespace, denial(status), null);
    }
    LOG.info("Checked {} in namespace {}: it exists and the step may patch it", target, namespace);
  }

  private SelfSubjectAccessReview review(ServingTarget target) {
    String resource = target.kind().resource();
    int dot = resource.indexOf('.');
    return new SelfSubjectAccessReviewBuilder()
        .withNewSpec()
        .withNewResourceAttributes()
        .withVerb(PATCH)
        .withGroup(resource.substring(dot + 1))
        .withResource(resource.substring(0, dot))
        .withNamespace(namespace)
        .withName(target.name())
        .endResourceAttributes()
        .endSpec()
        .build();
  }

  /** ": access review denied", with the authorizer's reason if it gave one. */
  private String denial(SubjectAccessReviewStatus status) {
    List<String> said = new ArrayList<>();
    for (@Nullable String text : new String[] {status.getReason(), status.getEvaluationError()}) {
      if (text != null && !text.isBlank()) {
        said.add(errors.redact(KubeObjects.oneLine(text)));
      }
    }
    return ": access review denied" + (said.isEmpty() ? "" : ": " + String.join("; ", said));
  }
}
