package dev.cairn.steps.kubernetes;

import static dev.cairn.steps.kubernetes.Controllers.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Restart and patch against Fabric8's mock API server in CRUD mode, controllers played here. */
class KubernetesServingTest {
  private static final Duration POLL = Duration.ofMillis(25);
  private static final Duration LONG = Duration.ofSeconds(30);
  private static final Duration SHORT = Duration.ofMillis(300);

  private final ExecutorService controllerThread = Executors.newSingleThreadExecutor();
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
  void stop() throws InterruptedException {
    controllerThread.shutdownNow();
    controllerThread.awaitTermination(10, TimeUnit.SECONDS);
    serving.close();
    api.close();
  }

  @Test
  void restartDeployment_controllerRollsOut_setsRestartedAtAndReturnsAfterRollout()
      throws Exception {
    controllers.createDeployment("web");
    AtomicBoolean rolledOut = new AtomicBoolean();
    Future<?> controller =
        controllerThread.submit(
            () -> {
              Controllers.await(
                  () -> controllers.deployment("web").get(),
                  d -> Controllers.restartedAt(d) != null);
              // surge: a third pod on the new template, not yet available
              controllers.setDeploymentStatus("web", 3, 1, 2, null);
              rolledOut.set(true);
              controllers.setDeploymentStatus("web", 2, 2, 2, null);
            });
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    RolloutResult result = serving.restartDeployment("web", LONG);

    Instant after = Instant.now();
    controller.get(30, TimeUnit.SECONDS);
    assertThat(rolledOut).as("returned only after the controller finished").isTrue();
    assertThat(result.target()).isEqualTo(ServingTarget.deployment("web"));
    assertThat(result.namespace()).isEqualTo(NS);
    assertThat(result.generation()).isEqualTo(2);
    assertThat(result.status())
        .isEqualTo("successfully rolled out: 2 of 2 updated replicas are available");
    assertThat(result.previousStorageUri()).isNull();
    Deployment onServer = controllers.deployment("web").get();
    String restartedAt = Controllers.restartedAt(onServer);
    assertThat(restartedAt).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(Instant.parse(restartedAt)).isBetween(before, after);
    assertThat(onServer.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("team", "ml");
    assertThat(onServer.getMetadata().getGeneration()).isEqualTo(2);
  }

  @Test
  void restartDeployment_noController_timesOutWithKubectlHintAfterPatching() {
    controllers.createDeployment("web");

    assertThatThrownBy(() -> serving.restartDeployment("web", SHORT))
        .isInstanceOf(RolloutTimeoutException.class)
        .hasMessage(
            "Cannot finish rollout of deployment/web in namespace serving: not finished in 0.3 s,"
                + " last status: waiting for the deployment controller to observe generation 2"
                + " (the restart was applied; check with kubectl rollout status deployment/web -n"
                + " serving)");
    assertThat(Controllers.restartedAt(controllers.deployment("web").get())).isNotNull();
  }

  @Test
  void restartDeployment_progressDeadlineExceeded_failsAtOnce() throws Exception {
    controllers.createDeployment("web");
    Future<?> controller =
        controllerThread.submit(
            () -> {
              Controllers.await(
                  () -> controllers.deployment("web").get(),
                  d -> Controllers.restartedAt(d) != null);
              controllers.setDeploymentStatus("web", 3, 1, 2, "ProgressDeadlineExceeded");
            });

    assertThatThrownBy(() -> serving.restartDeployment("web", LONG))
        .isInstanceOf(RolloutFailedException.class)
        .hasMessageStartingWith(
            "Cannot finish rollout of deployment/web in namespace serving: exceeded its progress"
                + " deadline (the restart was applied;");
    controller.get(30, TimeUnit.SECONDS);
  }

  @Test
  void restartDeployment_missing_isConfigurationError() {
    assertThatThrownBy(() -> serving.restartDeployment("missing", LONG))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Cannot find deployment/missing in namespace serving: not found (check the name and"
                + " the namespace)");
  }

  @Test
  void restartDeployment_forbidden_namesVerbResourceAndNamespace() {
    controllers.createDeployment("web");
    api.server()
        .expect()
        .patch()
        .withPath("/apis/apps/v1/namespaces/serving/deployments/web")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage(
                    "deployments.apps \"web\" is forbidden: User"
                        + " \"system:serviceaccount:serving:cairn\" cannot patch resource"
                        + " \"deployments\" in API group \"apps\" in the namespace \"serving\"")
                .build())
        .once();

    assertThatThrownBy(() -> serving.restartDeployment("web", LONG))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessageStartingWith(
            "Cannot patch deployments.apps/web in namespace serving: forbidden: deployments.apps"
                + " \"web\" is forbidden: User \"system:serviceaccount:serving:cairn\"")
        .hasMessageEndingWith(
            "(grant the step's service account the RBAC verb 'patch' on deployments.apps in"
                + " namespace serving)")
        .message()
        .doesNotContain("\n");
    assertThat(Controllers.restartedAt(controllers.deployment("web").get())).isNull();
  }

  @Test
  void patchInferenceService_modelLayout_patchesStorageUriAndWaitsForReadyAtNewGeneration()
      throws Exception {
    controllers.createInferenceService(
        "churn",
        Map.of(
            "model",
            Map.of(
                "modelFormat", Map.of("name", "sklearn"), "storageUri", "s3://models/churn/v1")));
    AtomicBoolean ready = new AtomicBoolean();
    Future<?> controller =
        controllerThread.submit(
            () -> {
              GenericKubernetesResource seen =
                  Controllers.await(
                      () -> controllers.inferenceService("churn").get(),
                      r ->
                          "s3://models/churn/v2"
                              .equals(
                                  Controllers.at(r, "spec", "predictor", "model", "storageUri")));
              long generation = seen.getMetadata().getGeneration();
              controllers.setInferenceServiceStatus(
                  "churn", generation, "False", "RevisionMissing");
              ready.set(true);
              controllers.setInferenceServiceStatus("churn", generation, "True", null);
            });

    RolloutResult result = serving.patchInferenceService("churn", "s3://models/churn/v2", LONG);

    controller.get(30, TimeUnit.SECONDS);
    assertThat(ready).as("returned only after Ready=True at the new generation").isTrue();
    assertThat(result.target()).isEqualTo(ServingTarget.inferenceService("churn"));
    assertThat(result.generation()).isEqualTo(2);
    assertThat(result.status()).isEqualTo("Ready=True at generation 2");
    assertThat(result.previousStorageUri()).isEqualTo("s3://models/churn/v1");
    GenericKubernetesResource onServer = controllers.inferenceService("churn").get();
    assertThat(Controllers.at(onServer, "spec", "predictor", "model", "storageUri"))
        .isEqualTo("s3://models/churn/v2");
    assertThat(Controllers.at(onServer, "spec", "predictor", "model", "modelFormat", "name"))
        .isEqualTo("sklearn");
  }

  @Test
  void patchInferenceService_frameworkLayout_patchesThatBlockOnly() throws Exception {
    controllers.createInferenceService(
        "legacy", Map.of("sklearn", Map.of("storageUri", "gs://models/legacy/v1")));
    Future<?> controller =
        controllerThread.submit(
            () -> {
              GenericKubernetesResource seen =
                  Controllers.await(
                      () -> controllers.inferenceService("legacy").get(),
                      r ->
                          "gs://models/legacy/v2"
                              .equals(
                                  Controllers.at(r, "spec", "predictor", "sklearn", "storageUri")));
              controllers.setInferenceServiceStatus(
                  "legacy", seen.getMetadata().getGeneration(), "True", null);
            });

    RolloutResult result = serving.patchInferenceService("legacy", "gs://models/legacy/v2", LONG);

    controller.get(30, TimeUnit.SECONDS);
    assertThat(result.previousStorageUri()).isEqualTo("gs://models/legacy/v1");
    GenericKubernetesResource onServer = controllers.inferenceService("legacy").get();
    assertThat(Controllers.at(onServer, "spec", "predictor", "sklearn", "storageUri"))
        .isEqualTo("gs://models/legacy/v2");
    assertThat(Controllers.at(onServer, "spec", "predictor", "model")).isNull();
  }

  @Test
  void patchInferenceService_staleReadyCondition_isNotMistakenForTheNewGeneration() {
    controllers.createInferenceService(
        "churn", Map.of("model", Map.of("storageUri", "s3://models/churn/v1")));

    assertThatThrownBy(() -> serving.patchInferenceService("churn", "s3://models/churn/v2", SHORT))
        .isInstanceOf(RolloutTimeoutException.class)
        .hasMessage(
            "Cannot finish rollout of inferenceservice/churn in namespace serving: not finished in"
                + " 0.3 s, last status: waiting for the controller to observe generation 2"
                + " (observed 1) (the storageUri was patched; check with kubectl wait"
                + " --for=condition=Ready inferenceservice/churn -n serving)");
    assertThat(
            Controllers.at(
                controllers.inferenceService("churn").get(),
                "spec",
                "predictor",
                "model",
                "storageUri"))
        .isEqualTo("s3://models/churn/v2");
  }

  @Test
  void patchInferenceService_notReady_timeoutShowsReadyReason() {
    controllers.createInferenceService(
        "churn", Map.of("model", Map.of("storageUri", "s3://models/churn/v1")));
    controllers.setInferenceServiceStatus("churn", null, "False", "RevisionMissing");

    assertThatThrownBy(() -> serving.patchInferenceService("churn", "s3://models/churn/v2", SHORT))
        .isInstanceOf(RolloutTimeoutException.class)
        .hasMessageContaining("last status: Ready=False: RevisionMissing: not yet (");
  }

  @Test
  void patchInferenceService_missing_isConfigurationError() {
    assertThatThrownBy(() -> serving.patchInferenceService("nope", "s3://m/v2", LONG))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Cannot find inferenceservice/nope in namespace serving: not found (check the name,"
                + " the namespace and that KServe's v1beta1 API is installed)");
  }

  @Test
  void patchInferenceService_forbiddenRead_namesGetOnInferenceServices() {
    api.server()
        .expect()
        .get()
        .withPath("/apis/serving.kserve.io/v1beta1/namespaces/serving/inferenceservices/churn")
        .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").build())
        .once();

    assertThatThrownBy(() -> serving.patchInferenceService("churn", "s3://m/v2", LONG))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessage(
            "Cannot get inferenceservices.serving.kserve.io/churn in namespace serving: forbidden"
                + " (grant the step's service account the RBAC verb 'get' on"
                + " inferenceservices.serving.kserve.io in namespace serving)");
  }

  @Test
  void update_dispatchesOnTheTargetKind() throws Exception {
    controllers.createDeployment("web");
    Future<?> controller =
        controllerThread.submit(
            () -> {
              Controllers.await(
                  () -> controllers.deployment("web").get(),
                  d -> Controllers.restartedAt(d) != null);
              controllers.setDeploymentStatus("web", 2, 2, 2, null);
            });

    RolloutResult result =
        serving.update(ServingTarget.parse("deployment/web"), "s3://unused", LONG);

    controller.get(30, TimeUnit.SECONDS);
    assertThat(result.target().kind()).isEqualTo(ServingTarget.Kind.DEPLOYMENT);
  }

  @Test
  void restartDeployment_noApiServer_isRemoteAccessErrorNamingTheUrl() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort;
    try (KubernetesServing unreachable = KubernetesServing.connect(url, NS, null, POLL)) {
      assertThatThrownBy(() -> unreachable.restartDeployment("web", LONG))
          .isInstanceOf(RemoteAccessException.class)
          .hasMessageStartingWith("Cannot reach the Kubernetes API at " + url)
          .hasMessageContaining("(check KUBERNETES_SERVICE_HOST");
    }
  }

  @Test
  void namespace_isTheOneConnectedTo() {
    assertThat(serving.namespace()).isEqualTo(NS);
    assertThat(serving.toString()).contains(NS).contains("127.0.0.1");
  }

  @Test
  void badArguments_areRejectedBeforeAnyRequest() {
    assertThatThrownBy(() -> serving.restartDeployment("web", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> serving.patchInferenceService("churn", " ", LONG))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> serving.patchInferenceService("Bad_Name", "s3://m", LONG))
        .isInstanceOf(dev.cairn.core.InvalidInputException.class);
    assertThatThrownBy(() -> KubernetesServing.connect(api.url(), "Bad_NS", null))
        .isInstanceOf(dev.cairn.core.InvalidInputException.class)
        .hasMessageStartingWith("Cannot use namespace 'Bad_NS'");
    assertThatThrownBy(() -> KubernetesServing.connect("ftp://x", NS, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
