package dev.cairn.steps.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.CairnException;
import dev.cairn.core.ConcurrentWriteException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeErrorsTest {
  private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.test-token-value";
  private static final ServingTarget WEB = ServingTarget.deployment("web");
  private final KubeErrors errors = new KubeErrors("https://10.96.0.1:443/", List.of(TOKEN, "ab"));

  private static KubernetesClientException http(int code, String message) {
    Status status = new StatusBuilder().withCode(code).withMessage(message).build();
    return new KubernetesClientException(
        "Failure executing: PATCH. Message: " + message, code, status);
  }

  @Test
  void map_404_isConfigurationErrorNamingTheObject() {
    CairnException e =
        errors.map(http(404, "deployments.apps \"web\" not found"), "patch", WEB, "ml");

    assertThat(e)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Cannot find deployment/web in namespace ml: not found (check the name and the"
                + " namespace)");
  }

  @Test
  void map_403_namesVerbResourceNamespaceAndServerReason() {
    CairnException e =
        errors.map(
            http(403, "User \"system:serviceaccount:ml:cairn\" cannot patch resource"),
            "patch",
            WEB,
            "ml");

    assertThat(e)
        .isInstanceOf(RemoteAccessException.class)
        .hasMessage(
            "Cannot patch deployments.apps/web in namespace ml: forbidden: User"
                + " \"system:serviceaccount:ml:cairn\" cannot patch resource (grant the step's"
                + " service account the RBAC verb 'patch' on deployments.apps in namespace ml)");
  }

  @Test
  void map_401_isRemoteAccessError() {
    assertThat(errors.map(http(401, "Unauthorized"), "get", WEB, "ml"))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessageStartingWith("Cannot get deployments.apps/web in namespace ml: unauthorized (");
  }

  @Test
  void map_webhookDenial_isConfigurationError() {
    ServingTarget isvc = ServingTarget.inferenceService("churn");
    CairnException e =
        errors.map(
            http(400, "admission webhook denied the request:\n exactly one predictor"),
            "patch",
            isvc,
            "ml");

    assertThat(e)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Cannot patch inferenceservices.serving.kserve.io/churn in namespace ml: rejected:"
                + " admission webhook denied the request: exactly one predictor (check the"
                + " object's spec)");
  }

  @Test
  void map_409_isConcurrentWrite() {
    assertThat(errors.map(http(409, "conflict"), "patch", WEB, "ml"))
        .isInstanceOf(ConcurrentWriteException.class);
  }

  @Test
  void map_503_isRemoteAccessErrorWithCode() {
    assertThat(errors.map(http(503, ""), "patch", WEB, "ml"))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessage(
            "Cannot patch deployments.apps/web in namespace ml: HTTP 503 (retry later or check the"
                + " API server)");
  }

  @Test
  void map_noAnswer_namesTheApiServerAndTheCause() {
    KubernetesClientException e =
        new KubernetesClientException(
            "Operation: [patch] failed", new ConnectException("Connection refused"));

    assertThat(errors.map(e, "patch", WEB, "ml"))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessageStartingWith(
            "Cannot reach the Kubernetes API at https://10.96.0.1:443/: ConnectException:"
                + " Connection refused (check KUBERNETES_SERVICE_HOST");
  }

  @Test
  void map_wrappedHttpFailure_usesTheInnerCode() {
    KubernetesClientException e =
        new KubernetesClientException("Operation failed", http(403, "nope"));

    assertThat(errors.map(e, "get", WEB, "ml"))
        .hasMessageStartingWith("Cannot get deployments.apps/web in namespace ml: forbidden: nope");
  }

  @Test
  void isTransient_onlyNoAnswerThrottlingAndServerErrors() {
    assertThat(KubeErrors.isTransient(new KubernetesClientException("x", new ConnectException())))
        .isTrue();
    assertThat(KubeErrors.isTransient(http(429, "slow down"))).isTrue();
    assertThat(KubeErrors.isTransient(http(500, "oops"))).isTrue();
    assertThat(KubeErrors.isTransient(http(503, "oops"))).isTrue();
    assertThat(KubeErrors.isTransient(http(403, "no"))).isFalse();
    assertThat(KubeErrors.isTransient(http(404, "no"))).isFalse();
    assertThat(KubeErrors.isTransient(http(422, "no"))).isFalse();
  }

  @Test
  void map_serverEchoingTheToken_neverShowsItAnywhereInTheChain() {
    KubernetesClientException echo =
        new KubernetesClientException(
            "Failure executing: GET. Authorization: Bearer " + TOKEN,
            http(403, "token " + TOKEN + " is not allowed"));

    for (int code : new int[] {401, 403, 400, 409, 503}) {
      CairnException e =
          errors.map(
              new KubernetesClientException("wrapper " + TOKEN, http(code, "bad token " + TOKEN)),
              "patch",
              WEB,
              "ml");
      assertThat(fullText(e)).doesNotContain(TOKEN).contains("<redacted>");
    }
    CairnException e = errors.map(echo, "get", WEB, "ml");
    assertThat(fullText(e)).doesNotContain(TOKEN);
    assertThat(e.getMessage()).contains("token <redacted> is not allowed");
  }

  @Test
  void redact_ignoresTooShortSecrets() {
    assertThat(errors.redact("about")).isEqualTo("about");
  }

  /** Message, causes and stack trace, as {@code --verbose} would print them. */
  static String fullText(Throwable e) {
    StringWriter out = new StringWriter();
    e.printStackTrace(new PrintWriter(out));
    return out.toString();
  }
}
