package dev.cairn.steps.rollback;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.Progress;
import dev.cairn.core.git.GitAccess;
import dev.cairn.core.git.GitIdentity;
import dev.cairn.core.git.GitRemoteOptions;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.hash.StateCache;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.ops.Promote;
import dev.cairn.core.ops.Snapshot;
import dev.cairn.core.ops.Store;
import dev.cairn.core.registry.Gate;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.Remotes;
import dev.cairn.steps.common.StepLauncher;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * rollback-model with {@code --restart deployment/web}: after the serving directory switched and
 * the tags were pushed, the step restarts the Deployment through the API server (Fabric8's mock in
 * CRUD mode, configured the way a pod is: no kubeconfig, the master from the environment) and waits
 * until a controller (a thread here) reports the rollout complete.
 */
class RollbackRestartIT {
  private static final String NS = "serving";
  private static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  @TempDir Path tmp;
  private KubernetesMockServer api;
  private KubernetesClient controller;
  private final Map<String, @Nullable String> saved = new HashMap<>();
  private final ExecutorService controllerThread = Executors.newSingleThreadExecutor();

  @BeforeEach
  void cluster() throws Exception {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    api =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            responses,
            new KubernetesMixedDispatcher(responses, List.of()),
            false);
    api.init(InetAddress.getByName("127.0.0.1"), 0);
    controller = api.createClient();
    set("kubernetes.master", "http://127.0.0.1:" + api.getPort());
    set("kubernetes.namespace", NS);
    set("kubernetes.auth.tryKubeConfig", "false");
    set("kubernetes.auth.tryServiceAccount", "false");
  }

  @AfterEach
  void stop() throws InterruptedException {
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
    controller.close();
    api.destroy();
  }

  @Test
  void rollback_restartsTheDeploymentAndWaitsForTheRollout() throws Exception {
    Path origin = tmp.resolve("registry.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call().close();
    Path remoteDir = tmp.resolve("remote");
    promoteTwoVersions(origin, remoteDir);
    createDeployment("web");
    Future<?> deploymentController =
        controllerThread.submit(
            () -> {
              Deployment restarted = awaitRestart("web");
              setStatus(restarted, 2);
              return null;
            });

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = StepLauncher.commandLine(new RollbackModelCommand());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    Path summary = tmp.resolve("summary.md");
    int code =
        cmd.execute(
            "--git-url",
            origin.toString(),
            "--remote",
            remoteDir.toString(),
            "--work-dir",
            tmp.resolve("work").toString(),
            "--name",
            "churn-model",
            "--reason",
            "bad predictions",
            "--serve-dir",
            tmp.resolve("serving").toString(),
            "--restart",
            "deployment/web",
            "--rollout-timeout",
            "60",
            "--summary",
            summary.toString(),
            "--quiet");

    assertThat(code).as("stderr: %s", err).isZero();
    deploymentController.get(30, TimeUnit.SECONDS);
    assertThat(out.toString()).contains("to_version: v0.0.1");
    Deployment after = controller.apps().deployments().inNamespace(NS).withName("web").get();
    assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey(RESTARTED_AT);
    assertThat(Files.readString(summary)).contains("| rollout | deployment/web in serving:");
    assertThat(Files.readSymbolicLink(tmp.resolve("serving/current")).toString())
        .isEqualTo("versions/v0.0.1");
  }

  private void promoteTwoVersions(Path origin, Path remoteDir) throws Exception {
    try (GitRepo repo =
            GitRepo.connect(
                GitRemoteOptions.builder()
                    .url(origin.toUri().toString())
                    .branch("main")
                    .access(GitAccess.none())
                    .workDir(tmp.resolve("setup-git"))
                    .identity(new GitIdentity("test", "test@localhost"))
                    .build());
        Remote remote = Remotes.open(remoteDir.toString(), Map.of());
        StateCache state = StateCache.inMemory()) {
      Store store =
          new Store(
              repo,
              remoteDir.toString(),
              remote,
              Cache.at(tmp.resolve("setup-cache")),
              state,
              2,
              Progress.NONE);
      for (int i = 1; i <= 2; i++) {
        Path model = Files.createDirectories(tmp.resolve("model" + i));
        Files.writeString(model.resolve("weights.txt"), "weights " + i, UTF_8);
        Snapshot.Result registered =
            Snapshot.run(
                store,
                new Snapshot.Request(
                    "churn-model",
                    model,
                    "models/churn-model",
                    Snapshot.MODEL,
                    null,
                    null,
                    Lineage.empty()));
        Promote.run(
            store,
            new Promote.Request(
                "churn-model", registered.version(), "prod", List.of(), Gate.IfEmpty.PASS, null));
      }
    }
  }

  private void createDeployment(String name) {
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
    Deployment created =
        controller.apps().deployments().inNamespace(NS).resource(deployment).create();
    setStatus(created, 2);
  }

  private Deployment awaitRestart(String name) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Deployment d = controller.apps().deployments().inNamespace(NS).withName(name).get();
      Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
      if (annotations != null && annotations.containsKey(RESTARTED_AT)) {
        return d;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("deployment/" + name + " was not restarted within 60 s");
  }

  private void setStatus(Deployment d, int replicas) {
    controller
        .apps()
        .deployments()
        .inNamespace(NS)
        .withName(d.getMetadata().getName())
        .editStatus(
            current ->
                new DeploymentBuilder(current)
                    .withNewStatus()
                    .withObservedGeneration(current.getMetadata().getGeneration())
                    .withReplicas(replicas)
                    .withUpdatedReplicas(replicas)
                    .withAvailableReplicas(replicas)
                    .withReadyReplicas(replicas)
                    .endStatus()
                    .build());
  }

  private void set(String key, String value) {
    saved.put(key, System.getProperty(key));
    System.setProperty(key, value);
  }
}
