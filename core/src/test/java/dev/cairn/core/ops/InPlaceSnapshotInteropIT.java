package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.odb.LinkType;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.Remotes;
import dev.cairn.core.remote.s3.InteropServers;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real dvc (dvc-s3 against moto, dvc-gs against fake-gcs-server, dvc-azure against Azurite)
 * pulls a version snapshotted in place byte-identically.
 */
class InPlaceSnapshotInteropIT {
  @TempDir Path tmp;

  @Test
  void dvcPullsAnInPlaceSnapshot() throws Exception {
    Path dvc = InteropTools.require("dvc");
    Map<String, byte[]> objects = new LinkedHashMap<>();
    objects.put("a.csv", "id,label\n1,0\n".getBytes(UTF_8));
    objects.put("nested/deep/b.txt", "deep\n".getBytes(UTF_8));
    objects.put("caf\u00e9/na\u00efve \u65e5\u672c.txt", "unicode\n".getBytes(UTF_8));
    objects.put("empty.bin", new byte[0]);
    byte[] big = new byte[2 * 1024 * 1024 + 7];
    new Random(3).nextBytes(big);
    objects.put("big.bin", big);
    try (var moto = InteropServers.moto(Files.createDirectories(tmp.resolve("moto")));
        S3Client admin =
            S3Client.builder()
                .endpointOverride(URI.create(moto.endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        StoreFixture fixture = StoreFixture.create(tmp.resolve("world"))) {
      admin.createBucket(b -> b.bucket("data"));
      admin.createBucket(b -> b.bucket("store"));
      for (Map.Entry<String, byte[]> o : objects.entrySet()) {
        admin.putObject(
            b -> b.bucket("data").key("raw/day1/" + o.getKey()),
            RequestBody.fromBytes(o.getValue()));
      }
      Map<String, String> options =
          Map.of(
              "endpointurl", moto.endpoint(),
              "region", "us-east-1",
              "access_key_id", "test",
              "secret_access_key", "test");
      Remote remote = Remotes.open("s3://store/dvcstore", options);
      Snapshot.Result result =
          Snapshot.runInPlace(
              fixture.store(remote, LinkType.DEFAULT),
              Snapshot.Request.of("raw-data", Path.of("unused"), "data/raw", Snapshot.DATASET),
              "s3://data/raw/day1",
              true);
      assertThat(result.files()).isEqualTo(objects.size());

      Path repo = Files.createDirectories(tmp.resolve("dvc-repo"));
      Map<String, String> env =
          Map.of(
              "AWS_ACCESS_KEY_ID", "test",
              "AWS_SECRET_ACCESS_KEY", "test",
              "DVC_NO_ANALYTICS", "1");
      run(dvc, repo, env, "init", "--no-scm");
      run(dvc, repo, env, "remote", "add", "-d", "storage", "s3://store/dvcstore");
      run(dvc, repo, env, "remote", "modify", "storage", "endpointurl", moto.endpoint());
      run(dvc, repo, env, "remote", "modify", "storage", "region", "us-east-1");
      Files.createDirectories(repo.resolve("data"));
      Files.writeString(
          repo.resolve("data/raw.dvc"), fixture.file("raw-data@v0.0.1", "data/raw.dvc"), UTF_8);
      run(dvc, repo, env, "pull", "data/raw.dvc");

      Map<String, String> pulled = new TreeMap<>();
      try (Stream<Path> walk = Files.walk(repo.resolve("data/raw"))) {
        for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
          pulled.put(
              repo.resolve("data/raw").relativize(file).toString(),
              new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1));
        }
      }
      Map<String, String> expected = new TreeMap<>();
      objects.forEach(
          (k, v) -> expected.put(k, new String(v, java.nio.charset.StandardCharsets.ISO_8859_1)));
      assertThat(pulled).isEqualTo(expected);
    }
  }

  @Test
  void dvcPullsAnInPlaceSnapshotOfAGcsPrefix() throws Exception {
    Path dvc = InteropTools.require("dvc");
    Map<String, byte[]> objects = new LinkedHashMap<>();
    objects.put("a.csv", "id,label\n1,0\n".getBytes(UTF_8));
    objects.put("nested/deep/b.txt", "deep\n".getBytes(UTF_8));
    objects.put("empty.bin", new byte[0]);
    byte[] big = new byte[2 * 1024 * 1024 + 7];
    new Random(5).nextBytes(big);
    objects.put("big.bin", big);
    try (var gcs =
            new dev.cairn.core.remote.gcs.FakeGcsServer(
                Files.createDirectories(tmp.resolve("gcs")));
        StoreFixture fixture = StoreFixture.create(tmp.resolve("world"))) {
      gcs.createBucket("data");
      gcs.createBucket("store");
      Map<String, String> options =
          Map.of("endpointurl", gcs.endpoint(), "allow_anonymous_login", "true");
      try (Remote data = Remotes.open("gs://data/raw", options)) {
        int i = 0;
        for (Map.Entry<String, byte[]> o : objects.entrySet()) {
          data.put("day1/" + o.getKey(), Files.write(tmp.resolve("o" + i++), o.getValue()));
        }
      }
      Remote remote = Remotes.open("gs://store/dvcstore", options);
      Snapshot.Result result =
          Snapshot.runInPlace(
              fixture.store(remote, LinkType.DEFAULT),
              Snapshot.Request.of("raw-data", Path.of("unused"), "data/raw", Snapshot.DATASET),
              "gs://data/raw/day1",
              true);
      assertThat(result.files()).isEqualTo(objects.size());

      Path repo = Files.createDirectories(tmp.resolve("dvc-repo"));
      Map<String, String> env =
          Map.of("DVC_NO_ANALYTICS", "1", "GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT", "false");
      run(dvc, repo, env, "init", "--no-scm");
      run(dvc, repo, env, "remote", "add", "-d", "storage", "gs://store/dvcstore");
      run(dvc, repo, env, "remote", "modify", "storage", "endpointurl", gcs.endpoint());
      run(dvc, repo, env, "remote", "modify", "storage", "allow_anonymous_login", "true");
      Files.createDirectories(repo.resolve("data"));
      Files.writeString(
          repo.resolve("data/raw.dvc"), fixture.file("raw-data@v0.0.1", "data/raw.dvc"), UTF_8);
      run(dvc, repo, env, "pull", "data/raw.dvc");
      for (Map.Entry<String, byte[]> o : objects.entrySet()) {
        assertThat(repo.resolve("data/raw").resolve(o.getKey())).hasBinaryContent(o.getValue());
      }
    }
  }

  @Test
  void azurePrefixInPlace_hashesAsDvcAdd_andDvcPullsIt() throws Exception {
    Path dvc = InteropTools.require("dvc");
    Map<String, byte[]> objects = new LinkedHashMap<>();
    objects.put("a.csv", "id,label\n1,0\n".getBytes(UTF_8));
    objects.put("nested/deep/b.txt", "deep\n".getBytes(UTF_8));
    objects.put("caf\u00e9/na\u00efve \u65e5\u672c.txt", "unicode\n".getBytes(UTF_8));
    objects.put("with space/a+b=c (1).txt", "awkward\n".getBytes(UTF_8));
    objects.put("empty.bin", new byte[0]);
    byte[] big = new byte[2 * 1024 * 1024 + 7];
    new Random(7).nextBytes(big);
    objects.put("big.bin", big);
    // committed from blocks (as azcopy and the SDKs do for large files): no Content-MD5
    byte[] blocks = new byte[300_001];
    new Random(8).nextBytes(blocks);
    try (var azurite =
            new dev.cairn.core.remote.azure.AzuriteServer(
                Files.createDirectories(tmp.resolve("azurite")));
        StoreFixture fixture = StoreFixture.create(tmp.resolve("world"))) {
      azurite.createContainer("data");
      azurite.createContainer("store");
      Map<String, String> options = Map.of("connection_string", azurite.connectionString());
      try (Remote data = Remotes.open("azure://data/raw", options)) {
        int i = 0;
        for (Map.Entry<String, byte[]> o : objects.entrySet()) {
          data.put("day1/" + o.getKey(), Files.write(tmp.resolve("o" + i++), o.getValue()));
        }
      }
      var blockBlob =
          azurite
              .admin()
              .getBlobContainerClient("data")
              .getBlobClient("raw/day1/sub/blocks.bin")
              .getBlockBlobClient();
      String blockId = java.util.Base64.getEncoder().encodeToString("b-0".getBytes(UTF_8));
      blockBlob.stageBlock(blockId, com.azure.core.util.BinaryData.fromBytes(blocks));
      blockBlob.commitBlockList(List.of(blockId));
      assertThat(blockBlob.getProperties().getContentMd5()).isNull();
      objects.put("sub/blocks.bin", blocks);

      Remote remote = Remotes.open("azure://store/dvcstore", options);
      Snapshot.Result result =
          Snapshot.run(
              fixture.store(remote, LinkType.DEFAULT),
              Snapshot.Request.of("raw-data", Path.of("unused"), "data/raw", Snapshot.DATASET),
              new Snapshot.Source.AzurePrefix("azure://data/raw/day1", true),
              tmp.resolve("work"));
      assertThat(result.files()).isEqualTo(objects.size());
      assertThat(result.uploaded()).isEqualTo(objects.size() + 1);

      // dvc add of the same files gives the same .dir
      Path local = Files.createDirectories(tmp.resolve("dvc-add"));
      Map<String, String> env = Map.of("DVC_NO_ANALYTICS", "1");
      run(dvc, local, env, "init", "--no-scm");
      for (Map.Entry<String, byte[]> o : objects.entrySet()) {
        Path file = local.resolve("raw").resolve(o.getKey());
        Files.createDirectories(file.getParent());
        Files.write(file, o.getValue());
      }
      run(dvc, local, env, "add", "raw");
      String added = Files.readString(local.resolve("raw.dvc"), UTF_8);
      assertThat(added).contains("md5: " + result.md5() + "\n");
      assertThat(added).contains("nfiles: " + result.files() + "\n");
      assertThat(added).contains("size: " + result.bytes() + "\n");

      // the hash-all-bytes switch reads every blob and gives the same .dir; nothing new to copy
      try (StoreFixture again = StoreFixture.create(tmp.resolve("again"))) {
        Snapshot.Result read =
            Snapshot.run(
                again.store(Remotes.open("azure://store/dvcstore", options), LinkType.DEFAULT),
                Snapshot.Request.of("raw-data", Path.of("unused"), "data/raw", Snapshot.DATASET),
                new Snapshot.Source.AzurePrefix("azure://data/raw/day1", false),
                tmp.resolve("work2"));
        assertThat(read.md5()).isEqualTo(result.md5());
        assertThat(read.uploaded()).isZero();
      }

      // the real dvc (dvc-azure) pulls the version from the store byte-identically
      Path repo = Files.createDirectories(tmp.resolve("dvc-repo"));
      run(dvc, repo, env, "init", "--no-scm");
      run(dvc, repo, env, "remote", "add", "-d", "storage", "azure://store/dvcstore");
      run(
          dvc,
          repo,
          env,
          "remote",
          "modify",
          "--local",
          "storage",
          "connection_string",
          azurite.connectionString());
      Files.createDirectories(repo.resolve("data"));
      Files.writeString(
          repo.resolve("data/raw.dvc"), fixture.file("raw-data@v0.0.1", "data/raw.dvc"), UTF_8);
      run(dvc, repo, env, "pull", "data/raw.dvc");
      for (Map.Entry<String, byte[]> o : objects.entrySet()) {
        assertThat(repo.resolve("data/raw").resolve(o.getKey())).hasBinaryContent(o.getValue());
      }
    }
  }

  private static void run(Path dvc, Path dir, Map<String, String> env, String... args) {
    List<String> command = new java.util.ArrayList<>();
    command.add(dvc.toString());
    command.addAll(List.of(args));
    ProcessRunner.run(dir, command, env).assertOk();
  }
}
