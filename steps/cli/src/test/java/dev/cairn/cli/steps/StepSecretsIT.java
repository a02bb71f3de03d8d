package dev.cairn.cli.steps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.testing.ProcessRunner;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevObject;
import org.eclipse.jgit.revwalk.RevTag;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Runs every step as a separate JVM with every credential set to a unique sentinel (AWS keys and
 * session token in the environment, accepted by an in-process S3 server; HTTPS token, SSH key
 * passphrase and remote password files) and checks that no sentinel reaches stdout, stderr, an
 * output file, the Git history, a {@code .dvc/config}, the work directory or the serving directory.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class StepSecretsIT {
  private static final String MODEL = "churn-model";
  private static final String DATA = "churn-data";

  @TempDir Path tmp;

  private static String sentinel(String what) {
    return "SNTL" + what + UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
  }

  @Test
  void noCredentialLeavesTheProcess() throws Exception {
    String accessKey = sentinel("AKID");
    String secretKey = sentinel("SECRET");
    String sessionToken = sentinel("SESSION");
    String wrongSecret = sentinel("WRONG");
    String gitToken = sentinel("GITTOKEN");
    String passphrase = sentinel("PASSPHRASE");
    String password = sentinel("PASSWORD");
    List<String> sentinels =
        List.of(accessKey, secretKey, sessionToken, wrongSecret, gitToken, passphrase, password);

    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
            .build();
    proxy.start();
    try {
      for (int i = 0; i < 1000 && !"STARTED".equals(proxy.getState()); i++) {
        Thread.sleep(10);
      }
      String endpoint = "http://127.0.0.1:" + proxy.getPort();
      try (S3Client admin =
          S3Client.builder()
              .endpointOverride(URI.create(endpoint))
              .region(Region.US_EAST_1)
              .forcePathStyle(true)
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create(accessKey, secretKey)))
              .build()) {
        admin.createBucket(b -> b.bucket("models"));
      }
      run(
          endpoint,
          sentinels,
          Map.of("AWS_ACCESS_KEY_ID", accessKey, "AWS_SECRET_ACCESS_KEY", secretKey),
          sessionToken,
          gitToken,
          passphrase,
          password,
          wrongSecret);
    } finally {
      proxy.stop();
    }
  }

  private void run(
      String endpoint,
      List<String> sentinels,
      Map<String, String> aws,
      String sessionToken,
      String gitToken,
      String passphrase,
      String password,
      String wrongSecret)
      throws Exception {
    StepFixture f = new StepFixture(tmp.resolve("w"));
    Path secrets = Files.createDirectories(tmp.resolve("secrets"));
    Path tokenFile = Files.writeString(secrets.resolve("token"), gitToken + "\n", UTF_8);
    Path passphraseFile = Files.writeString(secrets.resolve("passphrase"), passphrase, UTF_8);
    Path passwordFile = Files.writeString(secrets.resolve("password"), password + "\n", UTF_8);
    Map<String, String> env = new LinkedHashMap<>(aws);
    env.put("AWS_REGION", "us-east-1");
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    env.put("CAIRN_GIT_URL", f.repo.toString());
    env.put("CAIRN_REMOTE", "s3://models/store");
    env.put("CAIRN_REMOTE_ENDPOINT_URL", endpoint);
    env.put("CAIRN_WORK_DIR", f.work.toString());
    env.put("CAIRN_GIT_TOKEN_FILE", tokenFile.toString());
    env.put("CAIRN_REMOTE_KEY_PASSPHRASE_FILE", passphraseFile.toString());
    env.put("CAIRN_REMOTE_PASSWORD_FILE", passwordFile.toString());
    env.put("CAIRN_GIT_AUTHOR_NAME", "secrets-it");

    List<ProcessRunner.Result> runs = new ArrayList<>();
    Path data = f.dataset("data", "a");
    runs.add(
        ok(
            env,
            "snapshot-data",
            "--name",
            DATA,
            "--data",
            data.toString(),
            "--output-json",
            f.out.resolve("snapshot.json").toString(),
            "--summary",
            f.out.resolve("snapshot.md").toString(),
            "--output",
            "version=" + f.out.resolve("data_version")));
    String dataVersion = Files.readString(f.out.resolve("data_version"));
    for (String[] m : new String[][] {{"m1", "0.8"}, {"m2", "0.9"}}) {
      Path dir = f.model(m[0], Double.parseDouble(m[1]));
      Files.writeString(dir.resolve("params.json"), "{\"seed\": 42}\n", UTF_8);
      runs.add(
          ok(
              env,
              "train-register",
              "--name",
              MODEL,
              "--model",
              dir.resolve("model").toString(),
              "--data",
              DATA + "@" + dataVersion,
              "--metrics",
              dir.resolve("metrics.json").toString(),
              "--params",
              dir.resolve("params.json").toString(),
              "--code-rev",
              "abc123",
              "--stage",
              "prod",
              "--gate",
              "accuracy >= stage.accuracy",
              "--serve-dir",
              f.serving.toString(),
              "--output-json",
              f.out.resolve(m[0] + ".json").toString(),
              "--summary",
              f.out.resolve(m[0] + ".md").toString(),
              "--output",
              "promoted=" + f.out.resolve(m[0] + "-promoted")));
      assertThat(Files.readString(f.out.resolve(m[0] + "-promoted"))).isEqualTo("true");
    }
    runs.add(
        ok(
            env,
            "rollback-model",
            "--name",
            MODEL,
            "--stage",
            "prod",
            "--reason",
            "secrets test",
            "--serve-dir",
            f.serving.toString(),
            "--output-json",
            f.out.resolve("rollback.json").toString(),
            "--summary",
            f.out.resolve("rollback.md").toString()));

    // failing paths: a bad input, then wrong S3 credentials (plain and with --verbose)
    ProcessRunner.Result unknown =
        sub(
            env,
            "rollback-model",
            "--name",
            MODEL,
            "--to",
            "v9.9.9",
            "--reason",
            "x",
            "--output-json",
            f.out.resolve("fail.json").toString());
    assertThat(unknown.exitCode()).as(unknown.stderr()).isEqualTo(2);
    runs.add(unknown);
    Map<String, String> wrong = new HashMap<>(env);
    wrong.put("AWS_SECRET_ACCESS_KEY", wrongSecret);
    wrong.put("AWS_SESSION_TOKEN", sessionToken);
    Path data2 = f.dataset("data2", "b");
    for (boolean verbose : new boolean[] {false, true}) {
      List<String> argv =
          new ArrayList<>(
              List.of(
                  "snapshot-data",
                  "--name",
                  DATA,
                  "--data",
                  data2.toString(),
                  "--summary",
                  f.out.resolve("denied.md").toString()));
      if (verbose) {
        argv.add("--verbose");
      }
      ProcessRunner.Result denied = ProcessRunner.run(tmp, StepFixture.javaCommand(argv), wrong);
      assertThat(denied.exitCode()).as(denied.stderr()).isNotZero();
      runs.add(denied);
    }

    Map<String, String> local = new HashMap<>(env);
    local.put("AWS_SESSION_TOKEN", sessionToken);
    local.put("CAIRN_REMOTE", f.remote.toString());
    runs.add(
        ok(
            local,
            "snapshot-data",
            "--name",
            "other-data",
            "--data",
            f.dataset("data3", "c").toString(),
            "--output-json",
            f.out.resolve("local.json").toString()));

    for (ProcessRunner.Result r : runs) {
      for (String s : sentinels) {
        assertThat(r.stdout()).doesNotContain(s);
        assertThat(r.stderr()).doesNotContain(s);
      }
    }
    // the scan finds a sentinel where one is: the secret files themselves
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> assertNoSentinelInFiles(secrets, sentinels))
        .isInstanceOf(AssertionError.class);
    assertNoSentinelInFiles(f.out, sentinels);
    assertNoSentinelInFiles(f.work, sentinels);
    assertNoSentinelInFiles(f.serving, sentinels);
    int scanned = assertNoSentinelInHistory(f.repo, sentinels);
    assertThat(scanned).as("commits and tags scanned").isGreaterThanOrEqualTo(6);
    assertNoSentinelInHistory(f.work.resolve("git/mirror.git"), sentinels);
  }

  private ProcessRunner.Result ok(Map<String, String> env, String... argv) {
    ProcessRunner.Result r = sub(env, argv);
    assertThat(r.exitCode()).as("%s%n%s", r.stdout(), r.stderr()).isZero();
    return r;
  }

  private ProcessRunner.Result sub(Map<String, String> env, String... argv) {
    return ProcessRunner.run(tmp, StepFixture.javaCommand(List.of(argv)), env);
  }

  private static void assertNoSentinelInFiles(Path dir, List<String> sentinels) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String content =
            new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String s : sentinels) {
          assertThat(content).as(p.toString()).doesNotContain(s);
        }
      }
    }
  }

  /**
   * Every commit reachable from every ref (message, author, every file of its tree, so every {@code
   * .dvc/config} and {@code .dvc} pointer) and every annotated tag (message, tagger).
   *
   * @return how many commits and tags were read
   */
  private static int assertNoSentinelInHistory(Path gitDir, List<String> sentinels)
      throws IOException {
    Path dir = Files.isDirectory(gitDir.resolve(".git")) ? gitDir.resolve(".git") : gitDir;
    int scanned = 0;
    try (Repository repo = new FileRepositoryBuilder().setGitDir(dir.toFile()).build();
        RevWalk walk = new RevWalk(repo)) {
      List<Ref> refs = repo.getRefDatabase().getRefs();
      assertThat(refs).isNotEmpty();
      for (Ref ref : refs) {
        RevObject object = walk.parseAny(ref.getObjectId());
        while (object instanceof RevTag tag) {
          scanned++;
          assertClean("tag " + tag.getTagName(), tag.getFullMessage(), sentinels);
          assertClean("tagger", String.valueOf(tag.getTaggerIdent()), sentinels);
          object = walk.parseAny(tag.getObject());
        }
        if (object instanceof RevCommit commit) {
          walk.markStart(walk.parseCommit(commit));
        }
      }
      for (RevCommit commit : walk) {
        scanned++;
        assertClean("commit " + commit.name(), commit.getFullMessage(), sentinels);
        assertClean("author", String.valueOf(commit.getAuthorIdent()), sentinels);
        try (TreeWalk tree = new TreeWalk(repo)) {
          tree.addTree(commit.getTree());
          tree.setRecursive(true);
          while (tree.next()) {
            ObjectId blob = tree.getObjectId(0);
            ObjectLoader loader = repo.open(blob);
            String content =
                new String(loader.getBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertClean(commit.name() + ":" + tree.getPathString(), content, sentinels);
          }
        }
      }
    }
    return scanned;
  }

  private static void assertClean(String where, String text, List<String> sentinels) {
    for (String s : sentinels) {
      assertThat(text).as(where).doesNotContain(s);
    }
  }
}
