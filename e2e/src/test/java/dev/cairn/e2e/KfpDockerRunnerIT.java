package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The KFP example's components run for real through {@code kfp.local}'s Docker runner (the KFP
 * backend itself is out of scope): the generated Cairn components and the example's {@code train}
 * component, unchanged, each task a container of the real image on a local Docker engine, with the
 * Git registry over SSH and the data remote in MinIO. {@code e2e/kfp/run_local.py} drives them in
 * the pipeline's order; the Secrets the pipeline mounts are bind mounts here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KfpDockerRunnerIT {
  private static final String BUCKET = "cairn-e2e-kfp";
  private static final String TRAINER = "local/cairn-e2e-trainer:1";
  private static final String[] STEPS = {"snapshot-data", "train-register", "rollback-model"};
  private static final ObjectMapper JSON = new ObjectMapper();

  private Path root;
  private Path work;
  private Path data;
  private Path secrets;
  private Path pipelineRoot;
  private String dockerHost;
  private String remote;
  private String remotePrefix;
  private Minio minio;
  private Registry registry;

  @BeforeAll
  void setUp() throws Exception {
    root = InteropTools.repoRoot();
    work = root.resolve("e2e/target/kfp-work");
    E2eFiles.deleteTree(work);
    Files.createDirectories(work);
    dockerHost = E2eEnv.require("CAIRN_E2E_DOCKER_HOST");
    List<Path> images = new ArrayList<>();
    for (String step : STEPS) {
      images.add(root.resolve("steps/" + step + "/target/cluster-image.tar"));
    }
    images.add(Path.of(E2eEnv.require("CAIRN_E2E_TRAINER_IMAGE_TAR")));
    for (Path image : images) {
      docker("load", "-q", "-i", image.toString());
    }

    minio = Minio.fromEnvironment();
    minio.createBucket(BUCKET);
    remotePrefix = "run-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36) + "/dvc";
    remote = "s3://" + BUCKET + "/" + remotePrefix;
    registry = Registry.start(work.resolve("git"), remote, minio.endpoint);

    // what kfp-kubernetes mounts from the Secrets in a pod (mode 0644, read-only), as one bind
    // mount
    secrets = work.resolve("secrets");
    secret("git-ssh/ssh-privatekey", Files.readString(registry.privateKey));
    secret("known-hosts/known_hosts", Files.readString(registry.knownHosts));
    secret(
        "aws/credentials",
        "[default]\naws_access_key_id = "
            + minio.accessKey
            + "\naws_secret_access_key = "
            + minio.secretKey
            + "\n");
    data = work.resolve("data");
    E2eFiles.writeDay1(data);
    // the steps run as uid 65532 and write their outputs under the pipeline root
    pipelineRoot = Files.createDirectories(work.resolve("pipeline-root"));
    Files.setPosixFilePermissions(pipelineRoot, PosixFilePermissions.fromString("rwxrwxrwx"));
  }

  @AfterAll
  void tearDown() {
    if (registry != null) {
      registry.close();
    }
    if (minio != null) {
      minio.close();
    }
  }

  @Test
  @Order(1)
  void day1_snapshotTrainRegister_promotesTheFirstModel() throws Exception {
    ObjectNode run = daily();

    assertThat(run.path("snapshot-data").path("outputs").path("changed").asBoolean()).isTrue();
    assertThat(run.path("snapshot-data").path("outputs").path("needs_training").asBoolean())
        .isTrue();
    assertThat(run.path("snapshot-data").path("outputs").path("version").asText())
        .isEqualTo("v0.0.1");
    assertThat(run.has("train")).isTrue();
    JsonNode register = run.path("train-register").path("outputs");
    assertThat(register.path("version").asText()).isEqualTo("v0.0.1");
    assertThat(register.path("promoted").asBoolean()).isTrue();

    assertThat(registry.tags()).contains("churn-data@v0.0.1", "churn-model@v0.0.1");
    assertThat(registry.gtoWhich("churn-model", "prod")).isEqualTo("v0.0.1");
    assertThat(minio.verifyContentAddressed(BUCKET, remotePrefix)).isGreaterThanOrEqualTo(4);
    Path clone = registry.dvcPull("churn-data@v0.0.1", "data/churn-data.dvc", minio);
    E2eFiles.assertSameTree(data, clone.resolve("data/churn-data"));
  }

  @Test
  @Order(2)
  void day2_unchangedData_skipsTrainingAndWritesNothing() throws Exception {
    TreeSet<String> before = registry.tags();

    ObjectNode run = daily();

    assertThat(run.path("snapshot-data").path("outputs").path("changed").asBoolean()).isFalse();
    assertThat(run.path("snapshot-data").path("outputs").path("needs_training").asBoolean())
        .isFalse();
    assertThat(run.path("train").path("skipped").asText()).isEqualTo("no training needed");
    assertThat(run.has("train-register")).isFalse();
    assertThat(registry.tags()).isEqualTo(before);
  }

  @Test
  @Order(3)
  void day3_changedData_registersAndPromotesTheBetterModel() throws Exception {
    E2eFiles.writeDay2(data);

    ObjectNode run = daily();

    assertThat(run.path("snapshot-data").path("outputs").path("previous_version").asText())
        .isEqualTo("v0.0.1");
    JsonNode register = run.path("train-register").path("outputs");
    assertThat(register.path("version").asText()).isEqualTo("v0.0.2");
    assertThat(register.path("promoted").asBoolean()).isTrue();
    assertThat(registry.gtoWhich("churn-model", "prod")).isEqualTo("v0.0.2");
  }

  @Test
  @Order(4)
  void rollback_toPrevious_movesProdBackAndPublishesToServing() throws Exception {
    String serving = "s3://" + BUCKET + "/" + remotePrefix.replace("/dvc", "/serving/churn-model");

    ObjectNode run =
        runLocal(
            "rollback",
            "name=churn-model",
            "reason=e2e: v0.0.2 misbehaves",
            "stage=prod",
            "to=previous",
            "dry_run=false",
            "git_url=" + registry.url(),
            "remote=" + remote,
            "remote_endpoint_url=" + minio.endpoint,
            "serve_uri=" + serving);

    JsonNode outputs = run.path("rollback-model").path("outputs");
    assertThat(outputs.path("from_version").asText()).isEqualTo("v0.0.2");
    assertThat(outputs.path("to_version").asText()).isEqualTo("v0.0.1");
    assertThat(outputs.path("changed").asBoolean()).isTrue();
    assertThat(outputs.path("dry_run").asBoolean()).isFalse();
    assertThat(registry.gtoWhich("churn-model", "prod")).isEqualTo("v0.0.1");
  }

  private ObjectNode daily() throws IOException {
    return runLocal(
        "daily",
        "data=/data",
        "dataset_name=churn-data",
        "model_name=churn-model",
        "git_url=" + registry.url(),
        "remote=" + remote,
        "remote_endpoint_url=" + minio.endpoint);
  }

  /** Runs {@code e2e/kfp/run_local.py}; returns each task's JSON line by task name. */
  private ObjectNode runLocal(String flow, String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(InteropTools.kfpPython().toString());
    command.add(root.resolve("e2e/kfp/run_local.py").toString());
    command.add(flow);
    command.add("--pipeline-root=" + pipelineRoot);
    command.add("--mount=" + secrets + ":/var/run/cairn:ro");
    command.add("--mount=" + data + ":/data:ro");
    command.addAll(List.of(arguments));
    ProcessRunner.Result result =
        ProcessRunner.run(
            work, command, Map.of("DOCKER_HOST", dockerHost, "CAIRN_TRAINER_IMAGE", TRAINER));
    System.out.println(result.stdout());
    assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
    ObjectNode tasks = JSON.createObjectNode();
    for (String line : result.stdout().split("\n")) {
      if (line.startsWith("{\"")) {
        JsonNode node = JSON.readTree(line);
        tasks.set(node.path("task").asText(), node);
      }
    }
    return tasks;
  }

  private void secret(String relative, String content) throws IOException {
    Path file = secrets.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
  }

  private void docker(String... args) {
    List<String> command = new ArrayList<>(List.of("docker", "-H", dockerHost));
    command.addAll(List.of(args));
    ProcessRunner.run(work, command).assertOk();
  }
}
