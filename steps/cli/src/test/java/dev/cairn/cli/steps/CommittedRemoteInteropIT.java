package dev.cairn.cli.steps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.remote.DvcRemoteInteropIT;
import dev.cairn.core.remote.s3.InteropServers;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What a step commits about its S3 remote lets the real {@code dvc pull} in a clone get the data:
 * the endpoint of an S3-compatible store is in the committed {@code .dvc/config} (no secret is),
 * and a {@code --remote} other than the committed default is added and named by the output. The
 * store is the real moto server; the steps run in-process. Runs with {@code -Pinterop}.
 */
class CommittedRemoteInteropIT {
  @TempDir Path tmp;
  private final String dvc = InteropTools.require("dvc").toString();
  private DvcRemoteInteropIT.AutoCloseableMoto moto;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void start() throws Exception {
    moto = InteropServers.moto(Files.createDirectories(tmp.resolve("moto")));
    try (S3Client admin =
        S3Client.builder()
            .endpointOverride(URI.create(moto.endpoint()))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build()) {
      admin.createBucket(b -> b.bucket("bkt"));
    }
    // the in-process step finds its keys the way a pod's env would give them
    System.setProperty("aws.accessKeyId", "test-key");
    System.setProperty("aws.secretAccessKey", "test-secret");
    System.setProperty("aws.region", "us-east-1");
    env.putAll(
        Map.of(
            "GIT_AUTHOR_NAME", "t",
            "GIT_AUTHOR_EMAIL", "t@localhost",
            "GIT_COMMITTER_NAME", "t",
            "GIT_COMMITTER_EMAIL", "t@localhost",
            "AWS_ACCESS_KEY_ID", "test-key",
            "AWS_SECRET_ACCESS_KEY", "test-secret"));
  }

  @AfterEach
  void stop() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    System.clearProperty("aws.region");
    moto.close();
  }

  private ProcessRunner.Result sh(Path dir, String... command) {
    return ProcessRunner.run(dir, List.of(command), env).assertOk();
  }

  private StepFixture.Run snapshot(StepFixture f, String remote, Path data, String... more) {
    List<String> argv =
        new java.util.ArrayList<>(
            List.of(
                "snapshot-data",
                "--git-url",
                f.repo.toString(),
                "--remote",
                remote,
                "--work-dir",
                f.work.toString(),
                "--quiet",
                "--name",
                "churn-data",
                "--data",
                data.toString()));
    argv.addAll(List.of(more));
    return StepFixture.run(argv);
  }

  private Path clone(StepFixture f, String name) {
    Path clone = tmp.resolve(name);
    sh(tmp, "git", "clone", "-q", "-b", "main", f.repo.toString(), clone.toString());
    return clone;
  }

  @Test
  void snapshotToS3CompatibleStore_committedConfigCarriesEndpoint_dvcPullInCloneWorks()
      throws Exception {
    StepFixture f = new StepFixture(tmp.resolve("w"));
    Path data = f.dataset("data", "a");

    snapshot(f, "s3://bkt/dvc", data, "--remote-endpoint-url", moto.endpoint()).assertOk();

    Path clone = clone(f, "clone");
    String config = Files.readString(clone.resolve(".dvc/config"), UTF_8);
    assertThat(config)
        .isEqualTo(
            "[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://bkt/dvc\n"
                + "    endpointurl = "
                + moto.endpoint()
                + "\n");
    assertThat(config).doesNotContain("test-key", "test-secret");
    sh(clone, dvc, "pull");
    assertThat(StepFixture.tree(clone.resolve("data/churn-data")))
        .isEqualTo(StepFixture.tree(data));
    assertThat(sh(clone, dvc, "status", "--json").stdout().strip()).isEqualTo("{}");
  }

  @Test
  void remoteOtherThanCommittedDefault_addedAndNamedByOutput_dvcPullInCloneWorks()
      throws Exception {
    StepFixture f = new StepFixture(tmp.resolve("w"));
    Path seed = tmp.resolve("seed");
    sh(tmp, "git", "clone", "-q", f.repo.toString(), seed.toString());
    sh(seed, dvc, "init", "-q");
    Path team = tmp.resolve("team-store");
    sh(seed, dvc, "remote", "add", "-d", "team", team.toString());
    sh(seed, "git", "add", "-A");
    sh(seed, "git", "commit", "-q", "-m", "dvc init");
    sh(seed, "git", "push", "-q", "origin", "HEAD:main");
    Path first = f.dataset("first", "a");

    snapshot(f, "s3://bkt/pipeline", first, "--remote-endpoint-url", moto.endpoint()).assertOk();

    Path clone = clone(f, "clone");
    assertThat(Files.readString(clone.resolve(".dvc/config"), UTF_8))
        .isEqualTo(
            "[core]\n    remote = team\n['remote \"team\"']\n    url = "
                + team
                + "\n['remote \"storage\"']\n    url = s3://bkt/pipeline\n"
                + "    endpointurl = "
                + moto.endpoint()
                + "\n");
    assertThat(Files.readString(clone.resolve("data/churn-data.dvc"), UTF_8))
        .contains("  remote: storage\n");
    sh(clone, dvc, "pull");
    assertThat(StepFixture.tree(clone.resolve("data/churn-data")))
        .isEqualTo(StepFixture.tree(first));
    assertThat(Files.exists(team)).isFalse();

    // the next version goes to the team's default remote (by name): the output no longer names one
    Path second = f.dataset("second", "b");
    snapshot(f, "team", second).assertOk();
    sh(clone, "git", "pull", "-q");
    assertThat(Files.readString(clone.resolve("data/churn-data.dvc"), UTF_8))
        .doesNotContain("remote:");
    sh(clone, dvc, "pull");
    assertThat(StepFixture.tree(clone.resolve("data/churn-data")))
        .isEqualTo(StepFixture.tree(second));
    // and the first version is still pulled from where it is
    sh(clone, "git", "checkout", "-q", "churn-data@v0.0.1");
    sh(clone, dvc, "checkout", "--force");
    sh(clone, dvc, "pull");
    assertThat(StepFixture.tree(clone.resolve("data/churn-data")))
        .isEqualTo(StepFixture.tree(first));
  }
}
