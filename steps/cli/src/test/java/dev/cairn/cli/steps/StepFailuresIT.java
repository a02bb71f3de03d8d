package dev.cairn.cli.steps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cli.steps.StepFixture.Run;
import dev.cairn.cli.steps.StepFixture.World;
import dev.cairn.core.git.GitSshServer;
import dev.cairn.core.remote.sftp.SshTestKeys;
import dev.cairn.core.testing.ProcessRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way the three steps are expected to refuse: the exit code, exactly one {@code error: } line
 * naming the problem, and nothing changed in the registry, the data remote, the serving directory
 * or the outputs.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StepFailuresIT {
  private static final String DATA = "churn-data";
  private static final String MODEL = "churn-model";

  @TempDir Path tmp;
  private StepFixture f;
  private final List<Path> immutable = new ArrayList<>();

  private String testName = "";

  @BeforeEach
  void setUp(TestInfo info) {
    f = new StepFixture(tmp.resolve("w"));
    testName = info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
  }

  @AfterEach
  void unfreeze() throws Exception {
    for (Path p : immutable) {
      new ProcessBuilder("chattr", "-i", p.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }
  }

  // ---------------------------------------------------------------- snapshot-data

  @Test
  void snapshot_missingDataPath() {
    World before = f.world();
    Run run = fail("snapshot-data", "--name", DATA, "--data", tmp.resolve("nope").toString());
    assertRefused(run, 2, "nope");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_emptyDataDirectory() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    World before = f.world();
    Run run = fail("snapshot-data", "--name", DATA, "--data", empty.toString());
    assertRefused(run, 2, "empty");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_s3DataWithoutCredentials() {
    World before = f.world();
    Run run = fail("snapshot-data", "--name", DATA, "--data", "s3://bucket/raw/day1");
    assertRefused(run, 3, "Cannot find AWS credentials for s3://bucket/raw/day1");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_invalidName() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run = fail("snapshot-data", "--name", "Churn Data!", "--data", data.toString());
    assertRefused(run, 2, "Churn Data!");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_pathInRepoEscapingTheRepository() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run =
        fail("snapshot-data", "--name", DATA, "--data", data.toString(), "--path-in-repo", "../x");
    assertRefused(run, 2, "../x");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_malformedDerivedFrom() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run =
        fail(
            "snapshot-data",
            "--name",
            DATA,
            "--data",
            data.toString(),
            "--derived-from",
            "raw-data-v1");
    assertRefused(run, 2, "--derived-from 'raw-data-v1'");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_derivedFromUnknownVersion() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run =
        fail(
            "snapshot-data",
            "--name",
            DATA,
            "--data",
            data.toString(),
            "--derived-from",
            "raw-data@v9.9.9");
    assertRefused(run, 2, "--derived-from raw-data@v9.9.9: no such version in the registry");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_outputJsonNotWritable() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run =
        StepFixture.run(
            f.args(
                "snapshot-data",
                "--name",
                DATA,
                "--data",
                data.toString(),
                "--output-json",
                "/proc/cairn-outputs.json"));
    assertRefused(run, 2, "--output-json /proc/cairn-outputs.json: cannot create files in /proc");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_unknownOutputName() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run =
        fail(
            "snapshot-data",
            "--name",
            DATA,
            "--data",
            data.toString(),
            "--output",
            "verzion=" + f.out.resolve("v"));
    assertRefused(run, 2, "Cannot write output 'verzion'");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_noGitUrl() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run =
        StepFixture.run(
            List.of(
                "snapshot-data",
                "--remote",
                f.remote.toString(),
                "--work-dir",
                f.work.toString(),
                "--name",
                DATA,
                "--data",
                data.toString()));
    assertRefused(run, 2, "no --git-url");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_gitUrlToMissingDirectory() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run =
        StepFixture.run(
            List.of(
                "snapshot-data",
                "--git-url",
                tmp.resolve("no-such.git").toString(),
                "--remote",
                f.remote.toString(),
                "--work-dir",
                f.work.toString(),
                "--name",
                DATA,
                "--data",
                data.toString()));
    assertRefused(run, 2, "no-such.git");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_fileUrlOfMissingRepository() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run =
        StepFixture.run(
            List.of(
                "snapshot-data",
                "--git-url",
                tmp.resolve("no-such.git").toUri().toString(),
                "--remote",
                f.remote.toString(),
                "--work-dir",
                f.work.toString(),
                "--name",
                DATA,
                "--data",
                data.toString()));
    assertRefused(run, 4, "no-such.git");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_sshKeyMissing() {
    try (GitSshServer server = GitSshServer.start(tmp.resolve("ssh-root"), tmp.resolve("ssh"))) {
      Path bare = server.createRepository("registry.git", "main");
      Path data = f.dataset("data", "a");
      Path hosts = server.knownHosts(tmp.resolve("known_hosts"));
      World before = f.world(bare);
      Run run =
          fail(
              sshArgs(
                  server, tmp.resolve("no-key"), hosts, "--name", DATA, "--data", data.toString()));
      assertRefused(run, 3, "no-key");
      assertThat(f.world(bare)).isEqualTo(before);
    }
  }

  @Test
  void snapshot_sshKeyWorldReadable() throws Exception {
    try (GitSshServer server = GitSshServer.start(tmp.resolve("ssh-root"), tmp.resolve("ssh"))) {
      Path bare = server.createRepository("registry.git", "main");
      Path key = server.newAuthorizedKey(tmp.resolve("id_ecdsa"));
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
      Path data = f.dataset("data", "a");
      Path hosts = server.knownHosts(tmp.resolve("known_hosts"));
      World before = f.world(bare);
      Run run = fail(sshArgs(server, key, hosts, "--name", DATA, "--data", data.toString()));
      assertRefused(run, 3, "permissions are too open");
      assertThat(f.world(bare)).isEqualTo(before);
    }
  }

  @Test
  void snapshot_unknownSshHostKey() throws Exception {
    try (GitSshServer server = GitSshServer.start(tmp.resolve("ssh-root"), tmp.resolve("ssh"))) {
      Path bare = server.createRepository("registry.git", "main");
      Path key = server.newAuthorizedKey(tmp.resolve("id_ecdsa"));
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      Path hosts =
          SshTestKeys.knownHosts(
              tmp.resolve("known_hosts"),
              "127.0.0.1",
              server.port() + 1,
              SshTestKeys.ecdsa().getPublic());
      Path data = f.dataset("data", "a");
      World before = f.world(bare);
      Run run = fail(sshArgs(server, key, hosts, "--name", DATA, "--data", data.toString()));
      assertRefused(run, 3, "is not listed in " + hosts);
      assertThat(f.world(bare)).isEqualTo(before);
    }
  }

  @Test
  void snapshot_changedSshHostKey() throws Exception {
    try (GitSshServer server = GitSshServer.start(tmp.resolve("ssh-root"), tmp.resolve("ssh"))) {
      Path bare = server.createRepository("registry.git", "main");
      Path key = server.newAuthorizedKey(tmp.resolve("id_ecdsa"));
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      Path hosts =
          SshTestKeys.knownHosts(
              tmp.resolve("known_hosts"),
              "127.0.0.1",
              server.port(),
              server.anotherHostKeyOfTheSameType());
      Path data = f.dataset("data", "a");
      World before = f.world(bare);
      Run run = fail(sshArgs(server, key, hosts, "--name", DATA, "--data", data.toString()));
      assertRefused(run, 3, "CHANGED");
      assertThat(run.errLines().get(0)).contains("man-in-the-middle").contains("ssh-keyscan");
      assertThat(f.world(bare)).isEqualTo(before);
    }
  }

  @Test
  void snapshot_garbageGitKnownHosts() throws Exception {
    try (GitSshServer server = GitSshServer.start(tmp.resolve("ssh-root"), tmp.resolve("ssh"))) {
      Path bare = server.createRepository("registry.git", "main");
      Path key = server.newAuthorizedKey(tmp.resolve("id_ecdsa"));
      Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
      byte[] noise = new byte[4096];
      new java.util.Random(14).nextBytes(noise);
      Path hosts = Files.write(tmp.resolve("known_hosts"), noise);
      Path data = f.dataset("data", "a");
      World before = f.world(bare);
      Run run = fail(sshArgs(server, key, hosts, "--name", DATA, "--data", data.toString()));
      assertRefused(run, 3, "is not listed in " + hosts);
      assertThat(f.world(bare)).isEqualTo(before);
    }
  }

  @Test
  void snapshot_sftpRemoteVanished() throws Exception {
    try (VanishingSftpServer server = new VanishingSftpServer(tmp.resolve("sftp"))) {
      Path data = f.dataset("data", "a");
      List<String> argv =
          f.args(
              "snapshot-data",
              "--name",
              DATA,
              "--data",
              data.toString(),
              "--remote-ssh-key",
              server.keyFile().toString(),
              "--remote-known-hosts",
              server.knownHosts().toString());
      replace(argv, "--remote", server.url());
      World before = f.world();

      // a JVM of its own: the libraries' log lines go to the process's stderr, not picocli's
      Run run = failInItsOwnJvm(argv);
      assertRefused(run, 4, "Cannot reach SSH server: 127.0.0.1:" + server.port());
      assertThat(f.world()).isEqualTo(before);
      assertThat(server.files()).isEmpty();

      argv.add("--verbose");
      Run verbose = failInItsOwnJvm(argv);
      assertThat(verbose.err()).contains("WARN org.apache.sshd");
      assertThat(verbose.exitCode()).isEqualTo(4);
    }
  }

  @Test
  void snapshot_unsupportedRemoteScheme() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    List<String> argv = f.args("snapshot-data", "--name", DATA, "--data", data.toString());
    replace(argv, "--remote", "ftp://127.0.0.1/store");
    Run run = fail(argv);
    assertRefused(run, 2, "ftp://");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_gcsDataNotInPlace() {
    World before = f.world();
    // --in-place never: a gs:// prefix is never staged
    Run never =
        fail(
            f.args(
                "snapshot-data",
                "--name",
                DATA,
                "--data",
                "gs://bucket/raw",
                "--in-place",
                "never"));
    assertRefused(never, 2, "gs://bucket/raw");
    // the data remote (a local directory here) cannot copy from gs://
    Run local = fail(f.args("snapshot-data", "--name", DATA, "--data", "gs://bucket/raw"));
    assertRefused(local, 2, "gs://bucket/raw");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_azureDataNotInPlace() {
    World before = f.world();
    // --in-place never: an azure:// prefix is never staged
    Run never =
        fail(
            f.args(
                "snapshot-data",
                "--name",
                DATA,
                "--data",
                "azure://container/raw",
                "--in-place",
                "never"));
    assertRefused(never, 2, "azure://container/raw");
    // the data remote (a local directory here) cannot copy from azure://
    Run local = fail(f.args("snapshot-data", "--name", DATA, "--data", "azure://container/raw"));
    assertRefused(local, 2, "azure://container/raw");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_remoteNameNotInDvcConfig() throws Exception {
    commitDvcConfig(
        "[core]\n    remote = storage\n['remote \"storage\"']\n    url = " + f.remote + "\n");
    Path data = f.dataset("data", "a");
    World before = f.world();
    List<String> argv = f.args("snapshot-data", "--name", DATA, "--data", data.toString());
    replace(argv, "--remote", "backup");
    Run run = fail(argv);
    assertRefused(run, 3, "backup");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_noRemoteAtAll() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run =
        fail(
            List.of(
                "snapshot-data",
                "--git-url",
                f.repo.toString(),
                "--work-dir",
                f.work.toString(),
                "--name",
                DATA,
                "--data",
                data.toString()));
    assertRefused(run, 3, "no --remote");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_readOnlyRemoteDirectory() throws Exception {
    Path data = f.dataset("data", "a");
    makeReadOnly(f.remote);
    World before = f.world();
    Run run = fail("snapshot-data", "--name", DATA, "--data", data.toString());
    assertRefused(run, 4, "remote");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_unchangedDataWhoseDirIsGoneFromTheRemote() throws Exception {
    Path data = f.dataset("data", "a");
    f.step("snapshot-data", "--name", DATA, "--data", data.toString()).assertOk();
    try (Stream<Path> files = Files.walk(f.remote)) {
      for (Path dir : files.filter(p -> p.toString().endsWith(".dir")).toList()) {
        Files.delete(dir);
      }
    }
    World before = f.world();
    Run run = fail("snapshot-data", "--name", DATA, "--data", data.toString());
    assertRefused(run, 5, DATA + "@v0.0.1");
    assertThat(run.errLines().get(0)).contains(".dir");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_negativeJobs() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run = fail("snapshot-data", "--name", DATA, "--data", data.toString(), "--jobs", "-1");
    assertRefused(run, 2, "--jobs -1");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_workDirLockedByAnotherProcess() throws Exception {
    Path data = f.dataset("data", "a");
    Files.createDirectories(f.work);
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                f.work.resolve(".lock").toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8));
      assertThat(reader.readLine()).isEqualTo("locked");
      World before = f.world();
      Run run = fail("snapshot-data", "--name", DATA, "--data", data.toString());
      assertRefused(run, 6, "another step is using it");
      assertThat(f.world()).isEqualTo(before);
    } finally {
      holder.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Holds the work directory's lock as another step's JVM would, until killed. */
  public static final class LockHolder {
    public static void main(String[] args) throws Exception {
      try (FileChannel channel =
              FileChannel.open(
                  Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          var lock = channel.lock()) {
        System.out.println("locked");
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(3));
      }
    }
  }

  // ---------------------------------------------------------------- train-register

  @Test
  void register_missingModelOption() {
    Path dir = f.model("m1", 0.8);
    World before = f.world();
    Run run =
        fail(
            "train-register", "--name", MODEL, "--metrics", dir.resolve("metrics.json").toString());
    assertRefused(run, 2, "--model");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void register_modelPathMissing() {
    World before = f.world();
    Run run = fail("train-register", "--name", MODEL, "--model", tmp.resolve("nope").toString());
    assertRefused(run, 2, "nope");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void register_metricsFileMissing() {
    Path dir = f.model("m1", 0.8);
    World before = f.world();
    Run run =
        fail(
            "train-register",
            "--name",
            MODEL,
            "--model",
            dir.resolve("model").toString(),
            "--metrics",
            dir.resolve("no-metrics.json").toString());
    assertRefused(run, 2, "no-metrics.json");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void register_metricsFileMalformed() throws Exception {
    Path dir = f.model("m1", 0.8);
    Files.writeString(dir.resolve("metrics.json"), "{\"accuracy\": 0.8,,", UTF_8);
    World before = f.world();
    Run run =
        fail(
            "train-register",
            "--name",
            MODEL,
            "--model",
            dir.resolve("model").toString(),
            "--metrics",
            dir.resolve("metrics.json").toString());
    assertRefused(run, 2, "metrics.json");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_nameTooLongForAGitRef() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run = fail("snapshot-data", "--name", "d".repeat(300), "--data", data.toString());
    assertRefused(run, 2, "has a part of 300 characters (at most 200");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_linkLeavingTheDataset() throws Exception {
    Path data = f.dataset("data", "a");
    Path secret = Files.writeString(tmp.resolve("token"), "SENTINEL-TOKEN");
    Files.createSymbolicLink(data.resolve("token"), secret);
    World before = f.world();
    Run run = fail("snapshot-data", "--name", DATA, "--data", data.toString());
    assertRefused(run, 2, "a symbolic link to " + secret.toRealPath() + ", outside the dataset");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_invalidBranchName() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run =
        fail("snapshot-data", "--name", DATA, "--data", data.toString(), "--git-branch", "ma..in");
    assertRefused(run, 2, "--git-branch 'ma..in': not a valid Git branch name");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_negativeRetryTimeout() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run =
        fail(
            "snapshot-data",
            "--name",
            DATA,
            "--data",
            data.toString(),
            "--git-retry-timeout",
            "-5");
    assertRefused(run, 2, "--git-retry-timeout -5: give 0");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void snapshot_endpointUrlWithASecret() {
    Path data = f.dataset("data", "a");
    World before = f.world();
    Run run =
        fail(
            "snapshot-data",
            "--name",
            DATA,
            "--data",
            data.toString(),
            "--remote-endpoint-url",
            "http://ak:SENTINEL-SECRET@127.0.0.1:9");
    assertRefused(run, 3, "--remote-endpoint-url with a user name, password or token");
    assertThat(run.err()).doesNotContain("SENTINEL");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void register_codeRepoWithAToken() {
    Path dir = f.model("m1", 0.8);
    World before = f.world();
    Run run =
        fail(
            "train-register",
            "--name",
            MODEL,
            "--model",
            dir.resolve("model").toString(),
            "--metrics",
            dir.resolve("metrics.json").toString(),
            "--code-rev",
            "abc123",
            "--code-repo",
            "https://SENTINEL-TOKEN@git.example.com/ml/code.git");
    assertRefused(run, 3, "--code-repo with a user name, password or token");
    assertThat(run.err()).doesNotContain("SENTINEL");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void register_metricOverflowingDouble() throws Exception {
    Path dir = f.model("m1", 0.8);
    Files.writeString(dir.resolve("metrics.json"), "{\"accuracy\": 1e999}", UTF_8);
    World before = f.world();
    Run run =
        fail(
            "train-register",
            "--name",
            MODEL,
            "--model",
            dir.resolve("model").toString(),
            "--metrics",
            dir.resolve("metrics.json").toString());
    assertRefused(run, 2, "accuracy is not a finite number");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void register_gateDividingByZero() {
    Path dir = f.model("m1", 0.8);
    World before = f.world();
    Run run =
        fail(
            "train-register",
            "--name",
            MODEL,
            "--model",
            dir.resolve("model").toString(),
            "--metrics",
            dir.resolve("metrics.json").toString(),
            "--stage",
            "prod",
            "--gate",
            "accuracy / (accuracy - accuracy) > 1");
    assertRefused(run, 2, "division by zero");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void register_malformedGate() {
    Path dir = f.model("m1", 0.8);
    World before = f.world();
    Run run = failRegister(dir, "--stage", "prod", "--gate", "accuracy >>= 0.5");
    assertRefused(run, 2, "accuracy >>= 0.5");
    assertThat(f.world()).isEqualTo(before);
  }

  /** The gate names a metric the model's metrics file lacks: refused before anything is written. */
  @Test
  void register_gateOnUnrecordedMetric() {
    f.registerPromoted(MODEL, f.model("m0", 0.7));
    Path dir = f.model("m1", 0.8);
    World before = f.world();
    Run run = failRegister(dir, "--stage", "prod", "--gate", "f1 >= 0.5");
    assertRefused(run, 2, "f1");
    assertThat(f.world()).isEqualTo(before);
  }

  /** The gate reads a stage metric the model in the stage never recorded: refused up front. */
  @Test
  void register_gateOnStageMetricTheStageModelLacks() {
    f.registerPromoted(MODEL, f.model("m0", 0.7));
    Path dir = f.model("m1", 0.8);
    World before = f.world();
    Run run = failRegister(dir, "--stage", "prod", "--gate", "accuracy >= stage.f1");
    assertRefused(run, 2, "stage.f1");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void register_unknownDataVersion() {
    f.step("snapshot-data", "--name", DATA, "--data", f.dataset("data", "a").toString()).assertOk();
    Path dir = f.model("m1", 0.8);
    World before = f.world();
    Run run = failRegister(dir, "--data", DATA + "@v9.9.9");
    assertRefused(run, 2, DATA + "@v9.9.9");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void register_gateWithoutStage() {
    Path dir = f.model("m1", 0.8);
    World before = f.world();
    Run run = failRegister(dir, "--gate", "accuracy >= 0.5");
    assertRefused(run, 2, "--gate without --stage");
    assertThat(f.world()).isEqualTo(before);
  }

  /** A stage the registry's .gto does not allow: refused before anything is registered, as gto. */
  @Test
  void register_stageNotAllowedByGtoConfig() throws Exception {
    f.registerPromoted(MODEL, f.model("m0", 0.7));
    commitGtoConfig("stages: [dev, staging, prod, canary]\n");
    Path dir = f.model("m1", 0.8);
    World before = f.world();
    Run run = failRegister(dir, "--stage", "qa");
    assertRefused(
        run,
        2,
        "Cannot use stage: 'qa' (not allowed by .gto; allowed stages: dev, staging, prod, canary;"
            + " add it to stages: in .gto to use it)");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void register_failOnRejectExits7AndRegistersWithoutPromoting() throws Exception {
    f.registerPromoted(MODEL, f.model("m1", 0.9));
    Path worse = f.model("m2", 0.5);
    World before = f.world();
    Path promoted = f.out.resolve("promoted");
    Path version = f.out.resolve("version");
    Run run =
        f.step(
            "train-register",
            "--name",
            MODEL,
            "--model",
            worse.resolve("model").toString(),
            "--metrics",
            worse.resolve("metrics.json").toString(),
            "--stage",
            "prod",
            "--gate",
            "accuracy >= stage.accuracy",
            "--fail-on-reject",
            "--serve-dir",
            f.serving.toString(),
            "--output",
            "promoted=" + promoted + ",version=" + version);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(7);
    assertThat(Files.readString(promoted)).isEqualTo("false");
    assertThat(Files.readString(version)).isEqualTo("v0.0.2");
    World after = f.world();
    assertThat(after.remote()).containsAllEntriesOf(before.remote());
    assertThat(after.serving()).isEqualTo(before.serving());
    Map<String, String> added = new HashMap<>(after.refs());
    added.keySet().removeAll(before.refs().keySet());
    assertThat(added).containsOnlyKeys("refs/tags/" + MODEL + "@v0.0.2");
    for (Map.Entry<String, String> ref : before.refs().entrySet()) {
      if (!ref.getKey().equals("refs/heads/main")) {
        assertThat(after.refs()).containsEntry(ref.getKey(), ref.getValue());
      }
    }
  }

  // ---------------------------------------------------------------- rollback-model

  @Test
  void rollback_noPreviousVersion() {
    f.registerPromoted(MODEL, f.model("m1", 0.8));
    World before = f.world();
    Run run = failRollback("--to", "previous");
    assertRefused(run, 2, "no earlier version held the stage");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void rollback_unknownTargetVersion() {
    twoPromotedVersions();
    World before = f.world();
    Run run = failRollback("--to", "v7.0.0");
    assertRefused(run, 2, "v7.0.0");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void rollback_malformedRestartTarget() {
    twoPromotedVersions();
    World before = f.world();
    Run run = failRollback("--to", "previous", "--restart", "statefulset/web");
    assertRefused(run, 2, "expected deployment/NAME");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void rollback_inferenceServiceWithoutServeUri() {
    twoPromotedVersions();
    World before = f.world();
    Run run = failRollback("--to", "previous", "--patch-inferenceservice", "churn");
    assertRefused(run, 2, "--serve-uri");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void rollback_malformedTarget() {
    twoPromotedVersions();
    World before = f.world();
    Run run = failRollback("--to", "last-good");
    assertRefused(run, 2, "last-good");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void rollback_missingReason() {
    twoPromotedVersions();
    World before = f.world();
    Run run =
        fail(
            "rollback-model",
            "--name",
            MODEL,
            "--stage",
            "prod",
            "--serve-dir",
            f.serving.toString());
    assertRefused(run, 2, "--reason");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void rollback_unknownArtifact() {
    twoPromotedVersions();
    World before = f.world();
    Run run =
        fail(
            "rollback-model",
            "--name",
            "other-model",
            "--reason",
            "incident 42",
            "--serve-dir",
            f.serving.toString());
    assertRefused(run, 2, "other-model");
    assertThat(run.errLines().get(0)).contains("known artifacts: " + MODEL);
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void rollback_mistypedStage() {
    twoPromotedVersions();
    World before = f.world();
    Run run =
        fail(
            "rollback-model",
            "--name",
            MODEL,
            "--stage",
            "prdo",
            "--reason",
            "incident 42",
            "--serve-dir",
            f.serving.toString());
    assertRefused(run, 2, "was never in stage 'prdo'; did you mean prod? stages of " + MODEL);
    assertThat(f.world()).isEqualTo(before);
  }

  /** The stage is no longer allowed by the registry's .gto: gto refuses to assign it, so do we. */
  @Test
  void rollback_stageNotAllowedByGtoConfig() throws Exception {
    twoPromotedVersions();
    commitGtoConfig("stages: [staging, canary]\n");
    World before = f.world();
    Run run = failRollback();
    assertRefused(run, 2, "Cannot use stage: 'prod' (not allowed by .gto; allowed stages: staging");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void rollback_targetObjectsMissingOnRemote() throws Exception {
    Map<String, String> v1Objects = twoPromotedVersions();
    Path victim = f.remote.resolve(fileObject(v1Objects));
    Files.delete(victim);
    World before = f.world();
    Run run = failRollback("--to", "previous");
    assertRefused(run, 5, "missing");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void rollback_corruptObjectOnRemote() throws Exception {
    Map<String, String> v1Objects = twoPromotedVersions();
    Path victim = f.remote.resolve(fileObject(v1Objects));
    Files.writeString(victim, "bit rot\n", UTF_8);
    deleteRecursively(f.work);
    deleteRecursively(f.serving);
    Files.createDirectories(f.serving);
    World before = f.world();
    Run run = failRollback("--to", "previous");
    assertRefused(run, 5, "");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void rollback_serveKeepOne() {
    twoPromotedVersions();
    World before = f.world();
    Run run = failRollback("--serve-keep", "1");
    assertRefused(run, 2, "--serve-keep");
    assertThat(f.world()).isEqualTo(before);
  }

  @Test
  void rollback_remotePasswordFileUnreadable() throws Exception {
    twoPromotedVersions();
    World before = f.world();
    List<String> argv =
        f.args(
            "rollback-model",
            "--name",
            MODEL,
            "--reason",
            "incident 42",
            "--remote-password-file",
            tmp.resolve("no-password").toString());
    replace(argv, "--remote", "ssh://cairn@127.0.0.1:1/store");
    Run run = fail(argv);
    assertRefused(run, 3, "no-password");
    assertThat(f.world()).isEqualTo(before);
  }

  // ---------------------------------------------------------------- helpers

  private static void replace(List<String> argv, String option, String value) {
    argv.set(argv.indexOf(option) + 1, value);
  }

  private void assertRefused(Run run, int exitCode, String fragment) {
    // the table in docs/failure-cases.md is checked against these lines
    System.out.println("case " + testName + " | " + run.exitCode() + " | " + run.err().strip());
    assertThat(run.errLines()).as("stderr of exit %s:%n%s", run.exitCode(), run.err()).hasSize(1);
    assertThat(run.errLines().get(0)).startsWith("error: ").contains(fragment);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
  }

  private Run fail(String step, String... args) {
    return fail(f.args(step, args));
  }

  private Run fail(List<String> argv) {
    List<String> withOutputs = new ArrayList<>(argv);
    withOutputs.addAll(
        List.of(
            "--output-json",
            f.out.resolve("outputs.json").toString(),
            "--summary",
            f.out.resolve("summary.md").toString()));
    return StepFixture.run(withOutputs);
  }

  private Run failInItsOwnJvm(List<String> argv) {
    List<String> withOutputs = new ArrayList<>(argv);
    withOutputs.addAll(
        List.of(
            "--output-json",
            f.out.resolve("outputs.json").toString(),
            "--summary",
            f.out.resolve("summary.md").toString()));
    ProcessRunner.Result result =
        ProcessRunner.run(tmp, StepFixture.javaCommand(withOutputs), Map.of());
    return new Run(result.exitCode(), result.stdout(), result.stderr());
  }

  private Run failRegister(Path dir, String... extra) {
    List<String> argv =
        f.args(
            "train-register",
            "--name",
            MODEL,
            "--model",
            dir.resolve("model").toString(),
            "--metrics",
            dir.resolve("metrics.json").toString(),
            "--serve-dir",
            f.serving.toString());
    argv.addAll(List.of(extra));
    return fail(argv);
  }

  private Run failRollback(String... extra) {
    List<String> argv =
        f.args(
            "rollback-model",
            "--name",
            MODEL,
            "--stage",
            "prod",
            "--reason",
            "incident 42",
            "--serve-dir",
            f.serving.toString());
    argv.addAll(List.of(extra));
    return fail(argv);
  }

  /** Registers and promotes v0.0.1 then v0.0.2; returns the remote entries v0.0.1 added. */
  private Map<String, String> twoPromotedVersions() {
    Map<String, String> empty = StepFixture.tree(f.remote);
    f.registerPromoted(MODEL, f.model("m1", 0.8));
    Map<String, String> v1 = new HashMap<>(StepFixture.tree(f.remote));
    v1.keySet().removeAll(empty.keySet());
    f.registerPromoted(MODEL, f.model("m2", 0.9));
    return v1;
  }

  /**
   * A file object (not a .dir listing, not a directory, not a stat index) among {@code entries}.
   */
  private static String fileObject(Map<String, String> entries) {
    return entries.entrySet().stream()
        .filter(e -> e.getKey().startsWith("files/md5/"))
        .filter(e -> !e.getValue().equals("dir") && !e.getKey().endsWith(".dir"))
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst()
        .orElseThrow();
  }

  private List<String> sshArgs(GitSshServer server, Path key, Path hosts, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("snapshot-data");
    argv.addAll(
        List.of(
            "--git-url",
            server.url("registry.git"),
            "--git-ssh-key",
            key.toString(),
            "--git-known-hosts",
            hosts.toString(),
            "--remote",
            f.remote.toString(),
            "--work-dir",
            f.work.toString(),
            "--quiet"));
    argv.addAll(List.of(args));
    return argv;
  }

  private void commitDvcConfig(String config) throws Exception {
    Path clone = tmp.resolve("seed");
    try (Git git =
        Git.cloneRepository()
            .setURI(f.repo.toUri().toString())
            .setDirectory(clone.toFile())
            .call()) {
      git.checkout().setOrphan(true).setName("main").call();
      Files.createDirectories(clone.resolve(".dvc"));
      Files.writeString(clone.resolve(".dvc/config"), config, UTF_8);
      git.add().addFilepattern(".dvc/config").call();
      git.commit()
          .setMessage("dvc config")
          .setAuthor("t", "t@localhost")
          .setCommitter("t", "t@localhost")
          .call();
      git.push().setRemote("origin").add("main").call();
    }
  }

  /** Commits GTO's config file {@code .gto} on top of the registry's main branch. */
  private void commitGtoConfig(String config) throws Exception {
    Path clone = tmp.resolve("gto-config");
    try (Git git =
        Git.cloneRepository()
            .setURI(f.repo.toUri().toString())
            .setDirectory(clone.toFile())
            .setBranch("main")
            .call()) {
      Files.writeString(clone.resolve(".gto"), config, UTF_8);
      git.add().addFilepattern(".gto").call();
      git.commit()
          .setMessage("gto config")
          .setAuthor("t", "t@localhost")
          .setCommitter("t", "t@localhost")
          .call();
      git.push().setRemote("origin").add("main").call();
    }
  }

  private void makeReadOnly(Path dir) throws Exception {
    if ("root".equals(System.getProperty("user.name"))) {
      Process chattr = new ProcessBuilder("chattr", "+i", dir.toString()).inheritIO().start();
      assertThat(chattr.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(chattr.exitValue()).as("chattr +i (root ignores modes)").isZero();
      immutable.add(dir);
    } else {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
    }
  }

  private static void deleteRecursively(Path dir) throws Exception {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
