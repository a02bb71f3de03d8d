package dev.cairn.core.remote.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.RemoteTuning;
import dev.cairn.core.remote.Remotes;
import dev.cairn.core.remote.SupportsDownload;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The minimal-permission claim against moto with IAM enforcement: a user with exactly s3:ListBucket
 * on the bucket and s3:GetObject + s3:PutObject on bucket/prefix/* can push and pull; without any
 * one of them the operation fails naming that action.
 */
class S3IamInteropIT {
  private static final String BUCKET = "cairn-iam";
  private static final String PREFIX = "team/store";

  /** Requests the setup script makes before moto starts enforcing: 1 bucket + 4 x 3 IAM calls. */
  private static final int SETUP_REQUESTS = 13;

  private static final String SETUP =
      String.join(
          "\n",
          "import boto3, json, sys",
          "endpoint = sys.argv[1]",
          "kw = dict(endpoint_url=endpoint, region_name='us-east-1',",
          "          aws_access_key_id='setup', aws_secret_access_key='setup')",
          "boto3.client('s3', **kw).create_bucket(Bucket='" + BUCKET + "')",
          "iam = boto3.client('iam', **kw)",
          "bucket = 'arn:aws:s3:::" + BUCKET + "'",
          "objects = bucket + '/" + PREFIX + "/*'",
          "variants = {'full': ['s3:ListBucket', 's3:GetObject', 's3:PutObject']}",
          "for a in variants['full']:",
          "    variants['no-' + a.split(':')[1]] = [x for x in variants['full'] if x != a]",
          "out = {}",
          "for name, actions in variants.items():",
          "    statements = []",
          "    if 's3:ListBucket' in actions:",
          "        statements.append({'Effect': 'Allow', 'Action': 's3:ListBucket',"
              + " 'Resource': bucket})",
          "    rest = [a for a in actions if a != 's3:ListBucket']",
          "    if rest:",
          "        statements.append({'Effect': 'Allow', 'Action': rest, 'Resource': objects})",
          "    iam.create_user(UserName=name)",
          "    iam.put_user_policy(UserName=name, PolicyName='cairn', PolicyDocument=json.dumps(",
          "        {'Version': '2012-10-17', 'Statement': statements}))",
          "    key = iam.create_access_key(UserName=name)['AccessKey']",
          "    out[name] = [key['AccessKeyId'], key['SecretAccessKey']]",
          "print(json.dumps(out))");

  @TempDir static Path dir;
  private static MotoServer moto;
  private static JsonNode keys;

  @BeforeAll
  static void start() throws Exception {
    moto = new MotoServer(dir, SETUP_REQUESTS);
    Path script = Files.writeString(dir.resolve("setup.py"), SETUP);
    ProcessRunner.Result result =
        ProcessRunner.run(
                dir,
                List.of(
                    InteropTools.interopPython().toString(), script.toString(), moto.endpoint()))
            .assertOk();
    keys = new ObjectMapper().readTree(result.stdout());
  }

  @AfterAll
  static void stop() throws Exception {
    moto.close();
  }

  private static Remote open(String user) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("endpointurl", moto.endpoint());
    options.put("region", "us-east-1");
    options.put("access_key_id", keys.get(user).get(0).asText());
    options.put("secret_access_key", keys.get(user).get(1).asText());
    RemoteTuning small =
        new RemoteTuning(4, 6L * 1024 * 1024, RemoteTuning.MIN_PART_SIZE, 5L * 1024 * 1024);
    return Remotes.open(RemoteSpec.of("s3://" + BUCKET + "/" + PREFIX, options).withTuning(small));
  }

  private static Map<String, Path> objects(String tag, int count) throws Exception {
    Map<String, Path> objects = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      byte[] content =
          i == 0
              ? random(13 * 1024 * 1024, tag.hashCode())
              : (tag + " object " + i).getBytes(UTF_8);
      String hex = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
      objects.put(
          "files/md5/" + hex.substring(0, 2) + "/" + hex.substring(2),
          Files.write(dir.resolve(tag + i), content));
    }
    return objects;
  }

  private static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** What the transfer engine does for a push: one existence check, then put the missing. */
  private static void push(Remote remote, Map<String, Path> objects) {
    Set<String> present = remote.existing(objects.keySet());
    objects.forEach(
        (key, file) -> {
          if (!present.contains(key)) {
            remote.put(key, file);
          }
        });
  }

  /** What the transfer engine does for a pull: one existence check, then download each. */
  private static void pull(Remote remote, Map<String, Path> objects) throws Exception {
    assertThat(remote.existing(objects.keySet()))
        .containsExactlyInAnyOrderElementsOf(objects.keySet());
    for (Map.Entry<String, Path> e : objects.entrySet()) {
      Path target = dir.resolve("pulled-" + e.getKey().replace('/', '_'));
      ((SupportsDownload) remote).download(e.getKey(), target);
      assertThat(Files.readAllBytes(target)).isEqualTo(Files.readAllBytes(e.getValue()));
    }
  }

  @Test
  void minimalPolicy_pushAndPull_succeed() throws Exception {
    Map<String, Path> objects = objects("full", 5);
    try (Remote remote = open("full")) {
      assertThat(remote.existing(objects.keySet())).isEmpty();
      assertThat(remote.existing(List.of(objects.keySet().iterator().next()))).isEmpty();
      push(remote, objects);
      pull(remote, objects);
      String single = new ArrayList<>(objects.keySet()).get(1);
      assertThat(remote.existing(List.of(single))).containsExactly(single);
      push(remote, objects);
    }
  }

  @Test
  void withoutPutObject_pushFails_namingPutObject() throws Exception {
    Map<String, Path> objects = objects("noput", 2);
    try (Remote remote = open("no-PutObject")) {
      assertThatThrownBy(() -> push(remote, objects))
          .isInstanceOf(RemoteAccessException.class)
          .hasMessageContaining(
              "s3:PutObject on arn:aws:s3:::" + BUCKET + "/" + PREFIX + "/files/md5/");
    }
  }

  @Test
  void withoutListBucket_pullFails_namingListBucket() throws Exception {
    Map<String, Path> objects = objects("nolist", 3);
    try (Remote full = open("full")) {
      push(full, objects);
    }
    try (Remote remote = open("no-ListBucket")) {
      assertThatThrownBy(() -> pull(remote, objects))
          .isInstanceOf(RemoteAccessException.class)
          .hasMessageContaining("s3:ListBucket on arn:aws:s3:::" + BUCKET)
          .hasMessageNotContaining("s3:GetObject");
      assertThatThrownBy(() -> push(remote, objects("nolist2", 2)))
          .isInstanceOf(RemoteAccessException.class)
          .hasMessageContaining("s3:ListBucket on arn:aws:s3:::" + BUCKET);
    }
  }

  @Test
  void withoutGetObject_pullFails_namingGetObject() throws Exception {
    Map<String, Path> objects = objects("noget", 2);
    try (Remote full = open("full")) {
      push(full, objects);
    }
    try (Remote remote = open("no-GetObject")) {
      assertThatThrownBy(() -> pull(remote, objects))
          .isInstanceOf(RemoteAccessException.class)
          .hasMessageContaining(
              "s3:GetObject on arn:aws:s3:::" + BUCKET + "/" + PREFIX + "/files/md5/");
      String one = objects.keySet().iterator().next();
      assertThatThrownBy(() -> remote.existing(List.of(one)))
          .isInstanceOf(RemoteAccessException.class)
          .hasMessageContaining(
              "s3:GetObject on arn:aws:s3:::" + BUCKET + "/" + PREFIX + "/" + one);
    }
  }

  @Test
  void unknownAccessKey_isConfigurationError() {
    Map<String, String> options =
        Map.of(
            "endpointurl", moto.endpoint(),
            "region", "us-east-1",
            "access_key_id", "AKIAUNKNOWNUNKNOWN00",
            "secret_access_key", "not-a-real-secret-123");
    try (Remote remote = Remotes.open("s3://" + BUCKET + "/" + PREFIX, options)) {
      assertThatThrownBy(() -> remote.existing(List.of("a/b", "a/c")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageNotContaining("not-a-real-secret-123");
    }
  }
}
