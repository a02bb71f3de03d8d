package dev.cairn.steps.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KubernetesServing#inCluster()} as a pod sees it: KUBERNETES_SERVICE_HOST/PORT, the service
 * account's token, CA and namespace files (Fabric8 reads system properties before environment
 * variables, so the test sets those and points the file locations at a temp dir).
 */
class InClusterTest {
  private static final String TOKEN = "in-cluster-token-for-tests";

  @TempDir Path serviceAccount;
  private final MockApiServer api = new MockApiServer(true);
  private final Map<String, @Nullable String> saved = new HashMap<>();
  private final ExecutorService controllerThread = Executors.newSingleThreadExecutor();

  @BeforeEach
  void podEnvironment() throws Exception {
    Files.writeString(serviceAccount.resolve("token"), TOKEN);
    Files.writeString(serviceAccount.resolve("namespace"), Controllers.NS);
    set("KUBERNETES_SERVICE_HOST", "127.0.0.1");
    set("KUBERNETES_SERVICE_PORT", Integer.toString(api.port()));
    set("kubernetes.auth.tryKubeConfig", "false");
    set("kubernetes.auth.serviceAccount.token", serviceAccount.resolve("token").toString());
    set("kubenamespace", serviceAccount.resolve("namespace").toString());
    set("kubernetes.certs.ca.file", api.caCertificate().toString());
  }

  @AfterEach
  void restore() throws InterruptedException {
    saved.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
    controllerThread.shutdownNow();
    controllerThread.awaitTermination(10, TimeUnit.SECONDS);
    api.close();
  }

  @Test
  void inCluster_usesServiceAccountTokenCaAndNamespace() throws Exception {
    Controllers controllers = new Controllers(api.controller());
    controllers.createDeployment("web");
    Future<?> controller =
        controllerThread.submit(
            () -> {
              Controllers.await(
                  () -> controllers.deployment("web").get(),
                  d -> Controllers.restartedAt(d) != null);
              controllers.setDeploymentStatus("web", 2, 2, 2, null);
            });

    try (KubernetesServing serving = KubernetesServing.inCluster()) {
      assertThat(serving.namespace()).isEqualTo(Controllers.NS);
      assertThat(serving.toString()).contains("https://127.0.0.1:" + api.port());

      RolloutResult result = serving.restartDeployment("web", Duration.ofSeconds(30));

      assertThat(result.status()).startsWith("successfully rolled out");
    }
    controller.get(30, TimeUnit.SECONDS);
    assertThat(patchAuthorization()).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void inCluster_explicitNamespace_overridesTheServiceAccounts() {
    try (KubernetesServing serving = KubernetesServing.inCluster("other")) {
      assertThat(serving.namespace()).isEqualTo("other");
    }
  }

  private @Nullable String patchAuthorization() throws InterruptedException {
    for (RecordedRequest r = api.server().takeRequest(1, TimeUnit.SECONDS);
        r != null;
        r = api.server().takeRequest(100, TimeUnit.MILLISECONDS)) {
      if ("PATCH".equals(r.getMethod())
          && r.getPath().split("\\?")[0].endsWith("/deployments/web")) {
        return r.getHeader("Authorization");
      }
    }
    return null;
  }

  private void set(String key, String value) {
    saved.put(key, System.getProperty(key));
    System.setProperty(key, value);
  }
}
