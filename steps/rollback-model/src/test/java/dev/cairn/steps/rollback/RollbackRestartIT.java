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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
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
 * until a controller (a thread here) reports the rollout complete. A target the step may not get or
 * patch fails it before anything is written, in a dry run too.
 */
class RollbackRestartIT {
  private static final String NS = "serving";
  private static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

  @TempDir Path tmp;
  private KubernetesMockServer api;
  private KubernetesClient controller;
  private final Map<String, @Nullable String> saved = new HashMap<>();
  private final ExecutorService controllerThread = Executors.newSingleThreadExecutor();
  private String rolloutTimeout = "60";

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

    Path summary = tmp.resolve("summary.md");
    Run run =
        rollback(origin, remoteDir, "--restart", "deployment/web", "--summary", summary.toString());

    assertThat(run.code()).as("stderr: %s", run.err()).isZero();
    deploymentController.get(30, TimeUnit.SECONDS);
    assertThat(run.out()).contains("to_version: v0.0.1");
    Deployment after = controller.apps().deployments().inNamespace(NS).withName("web").get();
    assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey(RESTARTED_AT);
    assertThat(Files.readString(summary)).contains("| rollout | deployment/web in serving:");
    assertThat(Files.readSymbolicLink(tmp.resolve("serving/current")).toString())
        .isEqualTo("versions/v0.0.1");
  }

  @Test
  void rollback_deploymentTheStepMayNotGet_failsBeforeAnyTagOrServingWrite() throws Exception {
    Path origin = tmp.resolve("registry.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call().close();
    Path remoteDir = tmp.resolve("remote");
    promoteTwoVersions(origin, remoteDir);
    createDeployment("other-server");
    api.expect()
        .get()
        .withPath("/apis/apps/v1/namespaces/serving/deployments/other-server")
        .andReturn(
            403,
            Map.of(
                "apiVersion", "v1",
                "kind", "Status",
                "status", "Failure",
                "code", 403,
                "reason", "Forbidden",
                "message",
                    "deployments.apps \"other-server\" is forbidden: User"
                        + " \"system:serviceaccount:serving:cairn\" cannot get resource"
                        + " \"deployments\" in API group \"apps\" in the namespace \"serving\""))
        .always();
    Map<String, String> refsBefore = refs(origin);

    Run run = rollback(origin, remoteDir, "--restart", "deployment/other-server");

    assertThat(run.code()).as("stderr: %s", run.err()).isEqualTo(4);
    assertThat(run.err())
        .isEqualTo(
            "error: Cannot get deployments.apps/other-server in namespace serving: forbidden:"
                + " deployments.apps \"other-server\" is forbidden: User"
                + " \"system:serviceaccount:serving:cairn\" cannot get resource \"deployments\""
                + " in API group \"apps\" in the namespace \"serving\" (grant the step's service"
                + " account the RBAC verb 'get' on deployments.apps in namespace serving)"
                + System.lineSeparator());
    assertNothingWritten(origin, refsBefore);
  }

  @Test
  void rollback_deploymentTheStepMayNotPatch_failsBeforeAnyTagOrServingWrite() throws Exception {
    Path origin = tmp.resolve("registry.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call().close();
    Path remoteDir = tmp.resolve("remote");
    promoteTwoVersions(origin, remoteDir);
    createDeployment("other-server");
    denyPatch();
    Map<String, String> refsBefore = refs(origin);

    Run run = rollback(origin, remoteDir, "--restart", "deployment/other-server");

    assertThat(run.code()).as("stderr: %s", run.err()).isEqualTo(4);
    assertThat(run.err())
        .isEqualTo(
            "error: Cannot patch deployments.apps/other-server in namespace serving: forbidden:"
                + " access review denied (grant the step's service account the RBAC verb 'patch'"
                + " on deployments.apps in namespace serving)"
                + System.lineSeparator());
    assertNothingWritten(origin, refsBefore);
    Deployment after =
        controller.apps().deployments().inNamespace(NS).withName("other-server").get();
    assertThat(after.getSpec().getTemplate().getMetadata().getAnnotations())
        .doesNotContainKey(RESTARTED_AT);
  }

  @Test
  void rollback_dryRun_reportsAMissingPatchPermission() throws Exception {
    Path origin = tmp.resolve("registry.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call().close();
    Path remoteDir = tmp.resolve("remote");
    promoteTwoVersions(origin, remoteDir);
    createDeployment("other-server");
    denyPatch();
    Map<String, String> refsBefore = refs(origin);

    Run run = rollback(origin, remoteDir, "--restart", "deployment/other-server", "--dry-run");

    assertThat(run.code()).as("stderr: %s", run.err()).isEqualTo(4);
    assertThat(run.err())
        .startsWith("error: Cannot patch deployments.apps/other-server in namespace serving:")
        .contains("RBAC verb 'patch'");
    assertNothingWritten(origin, refsBefore);
  }

  @Test
  void rollback_dryRun_missingDeployment_isReported() throws Exception {
    Path origin = tmp.resolve("registry.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call().close();
    Path remoteDir = tmp.resolve("remote");
    promoteTwoVersions(origin, remoteDir);
    Map<String, String> refsBefore = refs(origin);

    Run run = rollback(origin, remoteDir, "--restart", "deployment/nope", "--dry-run");

    assertThat(run.code()).as("stderr: %s", run.err()).isEqualTo(3);
    assertThat(run.err())
        .isEqualTo(
            "error: Cannot find deployment/nope in namespace serving: not found (check the name"
                + " and the namespace)"
                + System.lineSeparator());
    assertNothingWritten(origin, refsBefore);
  }

  @Test
  void rollback_rolloutFailsAfterTheTags_writesOutputsAndSummary_andTheSameCommandConverges()
      throws Exception {
    Path origin = tmp.resolve("registry.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call().close();
    Path remoteDir = tmp.resolve("remote");
    promoteTwoVersions(origin, remoteDir);
    createDeployment("web");
    rolloutTimeout = "1"; // no controller reports the rollout: it times out after the tags
    Path summary = tmp.resolve("summary.md");

    Run failed =
        rollback(origin, remoteDir, "--restart", "deployment/web", "--summary", summary.toString());

    assertThat(failed.code()).as("stderr: %s", failed.err()).isNotZero();
    assertThat(failed.err())
        .contains("Rolled back churn-model#prod from v0.0.2 to v0.0.1")
        .contains("registry and serving show v0.0.1), but")
        .contains("(next: fix the cause and run the same rollback-model command again");
    assertThat(failed.out()).contains("to_version: v0.0.1").contains("changed: true");
    assertThat(Files.readString(summary))
        .contains("| rollout failed |")
        .contains("prod held at v0.0.1");
    assertThat(Files.readSymbolicLink(tmp.resolve("serving/current")).toString())
        .isEqualTo("versions/v0.0.1");

    // the same command again (an engine's retry): no further rollback, the rollout completes
    rolloutTimeout = "60";
    String firstRestart = restartedAt("web");
    Future<?> deploymentController =
        controllerThread.submit(
            () -> {
              while (java.util.Objects.equals(restartedAt("web"), firstRestart)) {
                Thread.sleep(100);
              }
              setStatus(controller.apps().deployments().inNamespace(NS).withName("web").get(), 2);
              return null;
            });
    Run again = rollback(origin, remoteDir, "--restart", "deployment/web");

    assertThat(again.code()).as("stderr: %s", again.err()).isZero();
    deploymentController.get(30, TimeUnit.SECONDS);
    assertThat(again.out()).contains("to_version: v0.0.1").contains("changed: false");
    assertThat(Files.readSymbolicLink(tmp.resolve("serving/current")).toString())
        .isEqualTo("versions/v0.0.1");
  }

  private record Run(int code, String out, String err) {}

  private Run rollback(Path origin, Path remoteDir, String... extra) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = StepLauncher.commandLine(new RollbackModelCommand());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    List<String> args =
        new ArrayList<>(
            List.of(
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
                "--rollout-timeout",
                rolloutTimeout,
                "--quiet"));
    args.addAll(List.of(extra));
    int code = cmd.execute(args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** The SelfSubjectAccessReview answer of a Role that does not grant patch on the object. */
  private void denyPatch() {
    api.expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReturn(
            201,
            Map.of(
                "apiVersion",
                "authorization.k8s.io/v1",
                "kind",
                "SelfSubjectAccessReview",
                "spec",
                Map.of(),
                "status",
                Map.of("allowed", false)))
        .always();
  }

  /** Every branch and tag of the registry, name to object id. */
  private static Map<String, String> refs(Path origin) throws Exception {
    Map<String, String> refs = new TreeMap<>();
    try (Git git = Git.open(origin.toFile())) {
      for (Ref ref : git.getRepository().getRefDatabase().getRefs()) {
        refs.put(ref.getName(), ref.getObjectId().name());
      }
    }
    return refs;
  }

  private void assertNothingWritten(Path origin, Map<String, String> refsBefore) throws Exception {
    assertThat(refs(origin)).as("no tag or branch moved").isEqualTo(refsBefore);
    assertThat(tmp.resolve("serving/current")).as("serving not switched").doesNotExist();
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
                "churn-model",
                registered.version(),
                "prod",
                List.of(),
                Gate.IfEmpty.PASS,
                null,
                false));
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

  private @Nullable String restartedAt(String name) {
    Deployment d = controller.apps().deployments().inNamespace(NS).withName(name).get();
    Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(RESTARTED_AT);
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
