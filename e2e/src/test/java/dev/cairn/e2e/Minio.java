package dev.cairn.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The cluster's MinIO, seen from the test: buckets, and what the steps stored there. */
final class Minio implements AutoCloseable {
  final String endpoint;
  final String accessKey;
  final String secretKey;
  private final S3Client s3;

  private Minio(String endpoint, String accessKey, String secretKey) {
    this.endpoint = endpoint;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.s3 =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint))
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
            .build();
  }

  /**
   * From {@code CAIRN_E2E_S3_ENDPOINT} and the env file named by {@code CAIRN_E2E_S3_CREDENTIALS}.
   */
  static Minio fromEnvironment() {
    String endpoint = E2eEnv.require("CAIRN_E2E_S3_ENDPOINT");
    Path file = Path.of(E2eEnv.require("CAIRN_E2E_S3_CREDENTIALS"));
    Map<String, String> vars = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          vars.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String user = vars.getOrDefault("MINIO_ROOT_USER", "");
    String password = vars.getOrDefault("MINIO_ROOT_PASSWORD", "");
    if (user.isEmpty() || password.isEmpty()) {
      throw new IllegalStateException(file + " has no MINIO_ROOT_USER/MINIO_ROOT_PASSWORD lines");
    }
    return new Minio(endpoint, user, password);
  }

  void createBucket(String bucket) {
    try {
      s3.createBucket(b -> b.bucket(bucket));
    } catch (BucketAlreadyOwnedByYouException e) {
      // a previous run on the same MinIO
    }
  }

  void put(String bucket, String key, String content) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
  }

  /**
   * Every object under {@code prefix}/files/md5/ (DVC 3's layout), checked to hash to its name (a
   * {@code .dir} listing to its name without the suffix); returns their count.
   */
  int verifyContentAddressed(String bucket, String prefix) {
    int count = 0;
    String root = prefix + "/files/md5/";
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(root)).contents()) {
      String name = o.key().substring(root.length()).replace("/", "");
      String expected = name.endsWith(".dir") ? name.substring(0, name.length() - 4) : name;
      byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asByteArray();
      if (!md5(bytes).equals(expected)) {
        throw new AssertionError("s3://" + bucket + "/" + o.key() + " does not hash to its name");
      }
      count++;
    }
    return count;
  }

  static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    s3.close();
  }
}
