package dev.cairn.steps.kubernetes;

import static dev.cairn.steps.kubernetes.Controllers.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link KubernetesServing#check}: a GET of the object and a SelfSubjectAccessReview for patch,
 * before anything is written, against Fabric8's mock API server.
 */
class AccessCheckTest {
  private static final Duration POLL = Duration.ofMillis(25);
  private static final String REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";
  private static final String WEB = "/apis/apps/v1/namespaces/serving/deployments/web";

  private MockApiServer api;
  private Controllers controllers;
  private KubernetesServing serving;

  @BeforeEach
  void start() {
    api = MockApiServer.http();
    controllers = new Controllers(api.controller());
    serving = KubernetesServing.connect(api.url(), NS, null, POLL);
  }

  @AfterEach
  void stop() {
    serving.close();
    api.close();
  }

  @Test
  void check_existsAndPatchAllowed_passesAndAsksForPatchOnThatObject() throws Exception {
    controllers.createDeployment("web");
    answerReview(201, review(true, null));

    serving.check(ServingTarget.deployment("web"));

    SelfSubjectAccessReview asked = askedReview();
    assertThat(asked.getSpec().getResourceAttributes().getVerb()).isEqualTo("patch");
    assertThat(asked.getSpec().getResourceAttributes().getGroup()).isEqualTo("apps");
    assertThat(asked.getSpec().getResourceAttributes().getResource()).isEqualTo("deployments");
    assertThat(asked.getSpec().getResourceAttributes().getName()).isEqualTo("web");
    assertThat(asked.getSpec().getResourceAttributes().getNamespace()).isEqualTo(NS);
    assertThat(Controllers.restartedAt(controllers.deployment("web").get()))
        .as("a check changes nothing")
        .isNull();
  }

  @Test
  void check_getForbidden_namesTheGetVerb() {
    controllers.createDeployment("web");
    api.server()
        .expect()
        .get()
        .withPath(WEB)
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "deployments.apps \"web\" is forbidden: User"
                        + " \"system:serviceaccount:serving:cairn\" cannot get resource"
                        + " \"deployments\" in API group \"apps\" in the namespace \"serving\"")
                .build())
        .once();

    assertThatThrownBy(() -> serving.check(ServingTarget.deployment("web")))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessage(
            "Cannot get deployments.apps/web in namespace serving: forbidden: deployments.apps"
                + " \"web\" is forbidden: User \"system:serviceaccount:serving:cairn\" cannot get"
                + " resource \"deployments\" in API group \"apps\" in the namespace \"serving\""
                + " (grant the step's service account the RBAC verb 'get' on deployments.apps in"
                + " namespace serving)");
  }

  @Test
  void check_reviewDeniesPatch_namesThePatchVerb() {
    controllers.createDeployment("web");
    answerReview(201, review(false, null));

    assertThatThrownBy(() -> serving.check(ServingTarget.deployment("web")))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessage(
            "Cannot patch deployments.apps/web in namespace serving: forbidden: access review"
                + " denied (grant the step's service account the RBAC verb 'patch' on"
                + " deployments.apps in namespace serving)");
    assertThat(Controllers.restartedAt(controllers.deployment("web").get())).isNull();
  }

  @Test
  void check_reviewDeniesPatchWithAReason_keepsItOnOneLine() {
    controllers.createInferenceService(
        "churn", Map.of("model", Map.of("storageUri", "s3://models/churn/v1")));
    answerReview(201, review(false, "no RBAC policy\nmatched"));

    assertThatThrownBy(() -> serving.check(ServingTarget.inferenceService("churn")))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessage(
            "Cannot patch inferenceservices.serving.kserve.io/churn in namespace serving:"
                + " forbidden: access review denied: no RBAC policy matched (grant the step's"
                + " service account the RBAC verb 'patch' on inferenceservices.serving.kserve.io"
                + " in namespace serving)");
  }

  @Test
  void check_reviewItselfForbidden_passes() {
    controllers.createDeployment("web");
    answerReview(
        403,
        new StatusBuilder()
            .withCode(403)
            .withReason("Forbidden")
            .withMessage(
                "selfsubjectaccessreviews.authorization.k8s.io is forbidden: User"
                    + " \"system:serviceaccount:serving:cairn\" cannot create resource")
            .build());

    assertThatCode(() -> serving.check(ServingTarget.deployment("web"))).doesNotThrowAnyException();
  }

  @Test
  void check_reviewApiNotServed_passes() {
    controllers.createDeployment("web");
    answerReview(404, new StatusBuilder().withCode(404).withReason("NotFound").build());

    assertThatCode(() -> serving.check(ServingTarget.deployment("web"))).doesNotThrowAnyException();
  }

  @Test
  void check_reviewWithoutAnAnswer_passes() {
    controllers.createDeployment("web");
    answerReview(201, new SelfSubjectAccessReviewBuilder().withNewSpec().endSpec().build());

    assertThatCode(() -> serving.check(ServingTarget.deployment("web"))).doesNotThrowAnyException();
  }

  @Test
  void check_reviewServerError_failsBeforeAnythingIsWritten() {
    controllers.createDeployment("web");
    api.server()
        .expect()
        .post()
        .withPath(REVIEWS)
        .andReturn(503, new StatusBuilder().withCode(503).withMessage("etcd is down").build())
        .always();

    assertThatThrownBy(() -> serving.check(ServingTarget.deployment("web")))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessage(
            "Cannot check 'patch' access to deployments.apps/web in namespace serving: HTTP 503:"
                + " etcd is down (retry later or check the API server)");
  }

  @Test
  void check_missingDeployment_isNotFound() {
    assertThatThrownBy(() -> serving.check(ServingTarget.deployment("other-server")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Cannot find deployment/other-server in namespace serving: not found (check the name"
                + " and the namespace)");
  }

  @Test
  void check_missingInferenceService_isNotFoundWithKServeHint() {
    assertThatThrownBy(() -> serving.check(ServingTarget.inferenceService("nope")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageEndingWith("that KServe's v1beta1 API is installed)");
  }

  private void answerReview(int code, Object body) {
    api.server().expect().post().withPath(REVIEWS).andReturn(code, body).once();
  }

  private static SelfSubjectAccessReview review(boolean allowed, @Nullable String reason) {
    return new SelfSubjectAccessReviewBuilder()
        .withNewSpec()
        .endSpec()
        .withStatus(
            new SubjectAccessReviewStatusBuilder().withAllowed(allowed).withReason(reason).build())
        .build();
  }

  private SelfSubjectAccessReview askedReview() throws InterruptedException {
    List<String> seen = new ArrayList<>();
    for (RecordedRequest r = api.server().takeRequest(1, TimeUnit.SECONDS);
        r != null;
        r = api.server().takeRequest(100, TimeUnit.MILLISECONDS)) {
      seen.add(r.getMethod() + " " + r.getPath());
      if ("POST".equals(r.getMethod()) && r.getPath().startsWith(REVIEWS)) {
        return api.controller()
            .getKubernetesSerialization()
            .unmarshal(r.getUtf8Body(), SelfSubjectAccessReview.class);
      }
    }
    throw new AssertionError("no SelfSubjectAccessReview was posted; requests: " + seen);
  }
}
