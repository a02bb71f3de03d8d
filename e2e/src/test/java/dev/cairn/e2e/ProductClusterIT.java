package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import dev.cairn.core.testing.InteropTools;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The product where its users run it: the chart installed into a real API server, the step images
 * run by a real Argo controller from the generated templates (unchanged), data in MinIO, versions
 * in a Git registry over SSH with the key and known_hosts from Secrets, and a serving Deployment
 * restarted through the API with the chart's Role. The scenarios build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductClusterIT {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(6);
  private static final String BUCKET = "cairn-e2e";
  private static final String SERVER = "model-server";
  private static final String[] STEPS = {"snapshot-data", "train-register", "rollback-model"};

  private ClusterProvider cluster;
  private KubernetesClient kube;
  private Minio minio;
  private Registry registry;
  private Workflows workflows;
  private String namespace;
  private String remotePrefix;
  private Path work;
  private Path data;

  @BeforeAll
  void setUp() throws Exception {
    Path root = InteropTools.repoRoot();
    work = root.resolve("e2e/target/e2e-work");
    E2eFiles.deleteTree(work);
    Files.createDirectories(work);
    cluster = ClusterProvider.fromEnvironment(work);
    System.out.println("e2e: " + cluster.describe());
    kube =
        new KubernetesClientBuilder()
            .withConfig(
                Config.fromKubeconfig(
                    Files.readString(cluster.kubeconfig(), StandardCharsets.UTF_8)))
            .build();
    cluster.loadImages(
        Stream.of(STEPS)
            .map(s -> root.resolve("steps/" + s + "/target/cluster-image.tar"))
            .toList());

    namespace = "cairn-e2e-" + Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    kube.namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
        .create();
    workflows = new Workflows(kube, cluster.kubeconfig(), namespace);

    minio = Minio.fromEnvironment();
    minio.createBucket(BUCKET);
    remotePrefix = namespace + "/dvc";
    registry =
        Registry.start(work.resolve("git"), "s3://" + BUCKET + "/" + remotePrefix, minio.endpoint);

    secret(
        "cairn-git-ssh",
        "kubernetes.io/ssh-auth",
        Map.of("ssh-privatekey", read(registry.privateKey)));
    secret("cairn-known-hosts", "Opaque", Map.of("known_hosts", read(registry.knownHosts)));
    secret(
        "cairn-aws",
        "Opaque",
        Map.of(
            "credentials",
            "[default]\naws_access_key_id = "
                + minio.accessKey
                + "\naws_secret_access_key = "
                + minio.secretKey
                + "\n"));
    secret(
        "cairn-e2e-artifacts",
        "Opaque",
        Map.of("accesskey", minio.accessKey, "secretkey", minio.secretKey));

    data = Path.of(E2eEnv.require("CAIRN_E2E_SHARED_DIR")).resolve("data");
    E2eFiles.deleteTree(data);
    E2eFiles.writeDay1(data);
    servingDeployment(SERVER);
  }

  @AfterAll
  void tearDown() {
    if (kube != null && namespace != null && !"true".equals(System.getenv("CAIRN_E2E_KEEP"))) {
      kube.namespaces().withName(namespace).delete();
    }
    if (registry != null) {
      registry.close();
    }
    if (minio != null) {
      minio.close();
    }
    if (kube != null) {
      kube.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void helmInstall_createsTheTemplatesRbacAndCronWorkflow() throws IOException {
    Path values = work.resolve("values.yaml");
    Files.writeString(
        values,
        String.join(
            "\n",
            "rbac:",
            "  serving:",
            "    deployments: [" + SERVER + "]",
            "cronWorkflow:",
            "  enabled: true",
            "  parameters:",
            "    data: /e2e/data",
            "    datasetName: churn-data",
            "    modelName: churn-model",
            "    gitUrl: " + registry.url(),
            "    remote: minio",
            "    stage: prod",
            "    gate: accuracy >= stage.accuracy",
            "    restart: deployment/" + SERVER,
            "  training:",
            "    image: docker.io/local/cairn-e2e-trainer:1",
            ""));
    Release release =
        new Helm(InteropTools.repoRoot().resolve("helm/cairn"))
            .install()
            .withName("cairn")
            .withNamespace(namespace)
            .withKubeConfig(cluster.kubeconfig())
            .withValuesFile(values)
            .call();

    assertThat(release.getStatus()).isEqualTo("deployed");
    Set<String> templates = names("WorkflowTemplate");
    assertThat(templates).contains("cairn-steps", "cairn-rollback");
    assertThat(names("CronWorkflow")).contains("daily-retrain");
    assertThat(kube.serviceAccounts().inNamespace(namespace).list().getItems())
        .extracting(sa -> sa.getMetadata().getName())
        .contains("cairn-snapshot", "cairn-train", "cairn-rollback");
    assertThat(kube.rbac().roles().inNamespace(namespace).list().getItems()).isNotEmpty();
  }

  @Test
  @Order(2)
  void day1_snapshotTrainRegisterPromote_restartsServing() throws Exception {
    int revision = revision(SERVER);
    Workflows.Run run = daily();

    assertThat(run.phase()).as(workflows.describe(run)).isEqualTo("Succeeded");
    assertThat(run.outputs("snapshot"))
        .containsEntry("changed", "true")
        .containsEntry("version", "v0.0.1");
    assertThat(run.exitCode("snapshot")).isEqualTo("0");
    assertThat(run.nodePhase("train")).isEqualTo("Succeeded");
    assertThat(run.outputs("register"))
        .containsEntry("version", "v0.0.1")
        .containsEntry("promoted", "true");
    assertThat(run.exitCode("register")).isEqualTo("0");

    assertThat(revision(SERVER))
        .as("the step restarted the serving Deployment")
        .isGreaterThan(revision);
    assertThat(restartedAt(SERVER)).isNotNull();
    assertThat(registry.tags()).contains("churn-data@v0.0.1", "churn-model@v0.0.1");
    assertThat(registry.gtoWhich("churn-model", "prod")).isEqualTo("v0.0.1");
    assertThat(minio.verifyContentAddressed(BUCKET, remotePrefix)).isGreaterThanOrEqualTo(4);
    Path clone = registry.dvcPull("churn-data@v0.0.1", "data/churn-data.dvc", minio);
    E2eFiles.assertSameTree(data, clone.resolve("data/churn-data"));
  }

  @Test
  @Order(3)
  void day2_changedData_newVersionsPromoted() throws Exception {
    E2eFiles.writeDay2(data);
    int revision = revision(SERVER);
    Workflows.Run run = daily();

    assertThat(run.phase()).as(workflows.describe(run)).isEqualTo("Succeeded");
    assertThat(run.outputs("snapshot"))
        .containsEntry("changed", "true")
        .containsEntry("version", "v0.0.2")
        .containsEntry("previous_version", "v0.0.1");
    assertThat(run.outputs("register"))
        .containsEntry("version", "v0.0.2")
        .containsEntry("promoted", "true");
    assertThat(revision(SERVER)).isGreaterThan(revision);
    assertThat(registry.gtoWhich("churn-model", "prod")).isEqualTo("v0.0.2");
    minio.verifyContentAddressed(BUCKET, remotePrefix);
    Path clone = registry.dvcPull("churn-data@v0.0.2", "data/churn-data.dvc", minio);
    E2eFiles.assertSameTree(data, clone.resolve("data/churn-data"));
  }

  @Test
  @Order(4)
  void day3_unchangedData_trainingSkipped_nothingWritten() throws Exception {
    TreeSet<String> tags = registry.tags();
    int revision = revision(SERVER);
    Workflows.Run run = daily();

    assertThat(run.phase()).as(workflows.describe(run)).isEqualTo("Succeeded");
    assertThat(run.outputs("snapshot"))
        .containsEntry("changed", "false")
        .containsEntry("version", "v0.0.2");
    assertThat(run.nodePhase("train")).isIn("Omitted", "Skipped");
    assertThat(run.nodePhase("register")).isIn("Omitted", "Skipped", "absent");
    assertThat(registry.tags()).isEqualTo(tags);
    assertThat(revision(SERVER)).isEqualTo(revision);
  }

  @Test
  @Order(5)
  void rollback_dryRunChangesNothing_thenTheDocumentedCommandRollsBack() throws Exception {
    TreeSet<String> tags = registry.tags();
    int revision = revision(SERVER);
    String dry = workflows.submit(rollbackArgs("e2e: dry run", "dry-run=true"));
    Workflows.Run dryRun = workflows.await(dry, RUN_TIMEOUT);
    assertThat(dryRun.phase()).as(workflows.describe(dryRun)).isEqualTo("Succeeded");
    assertThat(dryRun.outputs("rollback-model"))
        .containsEntry("dry_run", "true")
        .containsEntry("from_version", "v0.0.2")
        .containsEntry("to_version", "v0.0.1");
    assertThat(registry.tags()).as("a dry run writes no tag").isEqualTo(tags);
    assertThat(revision(SERVER)).as("a dry run restarts nothing").isEqualTo(revision);

    String real = workflows.submit(rollbackArgs("e2e: accuracy dropped", "dry-run=false"));
    Workflows.Run run = workflows.await(real, RUN_TIMEOUT);
    assertThat(run.phase()).as(workflows.describe(run)).isEqualTo("Succeeded");
    assertThat(run.outputs("rollback-model"))
        .containsEntry("from_version", "v0.0.2")
        .containsEntry("to_version", "v0.0.1")
        .containsEntry("changed", "true");
    assertThat(revision(SERVER)).as("the rollback restarted serving").isGreaterThan(revision);
    assertThat(registry.gtoWhich("churn-model", "prod")).isEqualTo("v0.0.1");
    assertThat(registry.gtoShow()).contains("churn-model");
  }

  @Test
  @Order(6)
  void fault_podDeletedMidSnapshot_isRetriedToTheSameFinalState() throws Exception {
    Path big = data.resolveSibling("big");
    E2eFiles.deleteTree(big);
    Files.createDirectories(big);
    java.util.Random random = new java.util.Random(42);
    byte[] chunk = new byte[256 * 1024];
    for (int i = 0; i < 400; i++) {
      random.nextBytes(chunk);
      Files.write(big.resolve("part-" + i + ".bin"), chunk);
    }
    String name = workflows.submit(snapshotArgs("data=/e2e/big", "name=big-data"));
    String pod =
        workflows.awaitRunningPod(
            name, "snapshot-data", Duration.ofSeconds(3), Duration.ofMinutes(2));
    String deletedUid = workflows.deletePod(pod);
    Workflows.Run run = workflows.await(name, RUN_TIMEOUT);

    assertThat(run.phase()).as(workflows.describe(run)).isEqualTo("Succeeded");
    // Argo v3.6 re-creates a pod deleted while its node runs (same name, new UID); a pod that
    // failed instead is retried as a new attempt (retryStrategy): either way a new pod finished it
    assertThat(workflows.podUids(run, "snapshot-data"))
        .as("the step ran again in a new pod")
        .isNotEmpty()
        .doesNotContain(deletedUid);
    assertThat(run.exitCode("snapshot-data")).isEqualTo("0");
    assertThat(run.outputs("snapshot-data")).containsEntry("version", "v0.0.1");
    assertThat(registry.tags()).contains("big-data@v0.0.1").doesNotContain("big-data@v0.0.2");
    minio.verifyContentAddressed(BUCKET, remotePrefix);
    Path clone = registry.dvcPull("big-data@v0.0.1", "data/big-data.dvc", minio);
    E2eFiles.assertSameTree(big, clone.resolve("data/big-data"));
  }

  @Test
  @Order(7)
  void fault_missingSecret_failsWithAMessageNamingIt() throws Exception {
    TreeSet<String> tags = registry.tags();
    String name =
        workflows.submit(
            snapshotArgs("data=/e2e/data", "name=churn-data", "git-ssh-secret=no-such-git-key"));
    Workflows.Run run = workflows.await(name, RUN_TIMEOUT);

    assertThat(run.phase()).isEqualTo("Failed");
    assertThat(run.exitCode("snapshot-data")).isEqualTo("3");
    assertThat(run.attempts("snapshot-data")).as("a configuration error is not retried").hasSize(1);
    String log = workflows.mainLogs(run, "snapshot-data");
    assertThat(log).contains("no-such-git-key");
    assertThat(log.strip().lines().filter(l -> l.startsWith("error")).count()).isEqualTo(1);
    assertThat(registry.tags()).isEqualTo(tags);
  }

  @Test
  @Order(8)
  void fault_serviceAccountWithoutTheRole_failsNamingTheVerbAndResource() throws Exception {
    servingDeployment("other-server");
    TreeSet<String> tags = registry.tags();
    String name =
        workflows.submit(
            rollbackArgs(
                "e2e: not allowed",
                "dry-run=false",
                "to=v0.0.2",
                "restart=deployment/other-server"));
    Workflows.Run run = workflows.await(name, RUN_TIMEOUT);

    assertThat(run.phase()).isEqualTo("Failed");
    assertThat(run.exitCode("rollback-model")).isEqualTo("4");
    String log = workflows.mainLogs(run, "rollback-model");
    assertThat(log)
        .contains("forbidden")
        .contains("deployments")
        .containsPattern("verb '(get|patch)'");
    assertThat(registry.tags()).as("nothing was written").isEqualTo(tags);
    assertThat(registry.gtoWhich("churn-model", "prod")).isEqualTo("v0.0.1");
  }

  @Test
  @Order(9)
  void images_startUpArchive_isTheOneTheJvmMaps() throws Exception {
    // -XX:AOTMode=on turns "use the archive if it fits" into "fail if it does not": the archive the
    // build made with the base's JVM, for the jars Jib put in the image, must be the one the pod
    // maps
    for (String step : STEPS) {
      String pod = "startup-" + step;
      kube.pods()
          .inNamespace(namespace)
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName(pod)
                  .endMetadata()
                  .withNewSpec()
                  .withRestartPolicy("Never")
                  .addNewContainer()
                  .withName("main")
                  .withImage(clusterImage(step))
                  .withImagePullPolicy("IfNotPresent")
                  .withArgs("--version")
                  .addNewEnv()
                  .withName("JDK_JAVA_OPTIONS")
                  .withValue("-XX:AOTMode=on")
                  .endEnv()
                  .endContainer()
                  .endSpec()
                  .build())
          .create();
      Pod done =
          kube.pods()
              .inNamespace(namespace)
              .withName(pod)
              .waitUntilCondition(
                  p ->
                      p != null
                          && p.getStatus() != null
                          && Set.of("Succeeded", "Failed").contains(p.getStatus().getPhase()),
                  2,
                  TimeUnit.MINUTES);
      String log = kube.pods().inNamespace(namespace).withName(pod).getLog();
      assertThat(done.getStatus().getPhase()).as(step + ": " + log).isEqualTo("Succeeded");
      assertThat(log).as(step).contains("cairn " + step + " ").doesNotContain("AOT cache");
    }
  }

  @Test
  @Order(10)
  void sharded_fourShardPods_oneDeleted_registerWhatOnePodWould() throws Exception {
    Path lake = data.resolveSibling("lake");
    E2eFiles.deleteTree(lake);
    java.util.Random random = new java.util.Random(19);
    byte[] chunk = new byte[256 * 1024];
    for (int d = 0; d < 8; d++) {
      Path dir = Files.createDirectories(lake.resolve("part=" + d).resolve("sub dir"));
      for (int i = 0; i < 50; i++) {
        random.nextBytes(chunk);
        Files.write(dir.resolve("f" + i + ".bin"), chunk);
      }
    }
    // shard 1 (from part=2) gets a big file, so its pod is still at work when the test deletes it
    byte[] big = new byte[256 * 1024 * 1024];
    random.nextBytes(big);
    Files.write(lake.resolve("part=2").resolve("big.bin"), big);
    // a name the step's JVM can only open with a UTF-8 locale in the image
    Files.writeString(
        lake.resolve("part=3").resolve("r\u00e9sum\u00e9 \u6570\u636e \u2713.txt"), "caf\u00e9");
    Files.createDirectories(lake.resolve("empty/dir"));
    String name =
        workflows.submit(
            "--from",
            "workflowtemplate/cairn-sharded-snapshot",
            "-p",
            "data=/e2e/lake",
            "-p",
            "name=lake",
            "-p",
            "shards=4",
            "-p",
            "git-url=" + registry.url(),
            "-p",
            "remote=minio");
    String shard = awaitNode(name, "shard(1:", "Retry", Duration.ofMinutes(3));
    String pod = workflows.awaitRunningPod(name, shard, Duration.ZERO, Duration.ofMinutes(2));
    String deletedUid = workflows.deletePod(pod);
    Workflows.Run run = workflows.await(name, RUN_TIMEOUT);

    assertThat(run.phase()).as(workflows.describe(run)).isEqualTo("Succeeded");
    // the shard pod deleted mid-run was replaced: Argo v3.6 re-creates a pod deleted while its
    // node runs (same name, new UID), and a pod that failed instead is retried as a new attempt
    assertThat(workflows.podUids(run, shard))
        .as("the shard ran again in a new pod: " + workflows.describe(run))
        .isNotEmpty()
        .doesNotContain(deletedUid);
    List<com.fasterxml.jackson.databind.JsonNode> attempts = run.attempts(shard);
    assertThat(attempts.get(attempts.size() - 1).path("phase").asText()).isEqualTo("Succeeded");
    assertThat(run.outputs("plan")).containsEntry("count", "4").containsEntry("files", "402");
    Map<String, String> merged = run.outputs("merge");
    assertThat(merged).containsEntry("version", "v0.0.1").containsEntry("changed", "true");
    assertThat(registry.tags()).contains("lake@v0.0.1").doesNotContain("lake@v0.0.2");

    // one pod on the same data: the same version, nothing new
    Workflows.Run single =
        workflows.await(workflows.submit(snapshotArgs("data=/e2e/lake", "name=lake")), RUN_TIMEOUT);
    assertThat(single.phase()).as(workflows.describe(single)).isEqualTo("Succeeded");
    assertThat(single.outputs("snapshot-data"))
        .containsEntry("version", "v0.0.1")
        .containsEntry("changed", "false")
        .containsEntry("md5", merged.get("md5"));
    minio.verifyContentAddressed(BUCKET, remotePrefix);
    Path clone = registry.dvcPull("lake@v0.0.1", "data/lake.dvc", minio);
    E2eFiles.assertSameTree(lake, clone.resolve("data/lake"));
  }

  /**
   * The display name of the first node of {@code type} (a step with a retryStrategy is a {@code
   * Retry} node over its attempts) whose display name starts with {@code prefix}.
   */
  private String awaitNode(String workflow, String prefix, String type, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (com.fasterxml.jackson.databind.JsonNode node :
          workflows.get(workflow).path("status").path("nodes")) {
        if (node.path("displayName").asText().startsWith(prefix)
            && node.path("type").asText().equals(type)) {
          return node.path("displayName").asText();
        }
      }
      Thread.sleep(500);
    }
    throw new AssertionError("no node " + prefix + "... in " + workflow);
  }

  /** The name Jib gave a step's cluster image (its {@code cluster-image.json}). */
  private static String clusterImage(String step) throws IOException {
    String json =
        read(InteropTools.repoRoot().resolve("steps/" + step + "/target/cluster-image.json"));
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("\"image\":\"([^\"]+)\"").matcher(json);
    if (!m.find()) {
      throw new AssertionError("no image name in the cluster-image.json of " + step);
    }
    return m.group(1);
  }

  /** One step of {@code cairn-steps} on its own: {@code argo submit --entrypoint snapshot-data}. */
  private String[] snapshotArgs(String... params) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--from",
                "workflowtemplate/cairn-steps",
                "--entrypoint",
                "snapshot-data",
                "-p",
                "git-url=" + registry.url(),
                "-p",
                "remote=minio"));
    for (String param : params) {
      args.addAll(List.of("-p", param));
    }
    return args.toArray(String[]::new);
  }

  /**
   * The operator's command from the README ({@code argo submit --from
   * workflowtemplate/cairn-rollback -p ...}), with this cluster's registry and serving names.
   */
  private String[] rollbackArgs(String reason, String... overrides) {
    Map<String, String> params = new java.util.LinkedHashMap<>();
    params.put("name", "churn-model");
    params.put("stage", "prod");
    params.put("to", "previous");
    params.put("reason", reason);
    params.put("git-url", registry.url());
    params.put("remote", "minio");
    params.put("restart", "deployment/" + SERVER);
    for (String override : overrides) {
      int eq = override.indexOf('=');
      params.put(override.substring(0, eq), override.substring(eq + 1));
    }
    List<String> args =
        new java.util.ArrayList<>(List.of("--from", "workflowtemplate/cairn-rollback"));
    params.forEach((k, v) -> args.addAll(List.of("-p", k + "=" + v)));
    return args.toArray(String[]::new);
  }

  /** Triggers the installed CronWorkflow now, as `argo submit --from cronwf/...` does. */
  private Workflows.Run daily() throws InterruptedException {
    return workflows.await(workflows.submit("--from", "cronwf/daily-retrain"), RUN_TIMEOUT);
  }

  private Set<String> names(String kind) {
    Set<String> names = new TreeSet<>();
    kube.genericKubernetesResources("argoproj.io/v1alpha1", kind)
        .inNamespace(namespace)
        .list()
        .getItems()
        .forEach(r -> names.add(r.getMetadata().getName()));
    return names;
  }

  private void secret(String name, String type, Map<String, String> data) {
    kube.secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withType(type)
                .withStringData(data)
                .build())
        .create();
  }

  /** A stand-in model server: the Deployment the steps restart (host network: no pod network). */
  private void servingDeployment(String name) {
    Deployment deployment =
        new DeploymentBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withNewSelector()
            .addToMatchLabels("app", name)
            .endSelector()
            .withNewTemplate()
            .withNewMetadata()
            .addToLabels("app", name)
            .endMetadata()
            .withNewSpec()
            .withHostNetwork(true)
            .withTerminationGracePeriodSeconds(1L)
            .addNewContainer()
            .withName("server")
            .withImage("docker.io/local/cairn-e2e-trainer:1")
            .withImagePullPolicy("IfNotPresent")
            .withCommand("/bin/sleep", "1000000")
            .withNewSecurityContext()
            .withRunAsUser(65532L)
            .withRunAsNonRoot(true)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    kube.apps().deployments().inNamespace(namespace).resource(deployment).create();
    kube.apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .waitUntilReady(2, TimeUnit.MINUTES);
  }

  private int revision(String deployment) {
    Deployment d = kube.apps().deployments().inNamespace(namespace).withName(deployment).get();
    String value = d.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision");
    return value == null ? 0 : Integer.parseInt(value);
  }

  private @Nullable String restartedAt(String deployment) {
    Deployment d = kube.apps().deployments().inNamespace(namespace).withName(deployment).get();
    Map<String, String> annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get("kubectl.kubernetes.io/restartedAt");
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }
}
