package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.Progress;
import dev.cairn.core.git.GitIdentity;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.StateCache;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.Remotes;
import dev.cairn.core.remote.s3.S3ProxyServer;
import dev.cairn.core.transfer.Transfer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link ServeUri} against S3Proxy in process: server-side copies from an S3 data remote. */
class ServeUriIT {
  private static S3ProxyServer server;
  private static String endpoint;
  private static S3Client admin;

  @TempDir Path tmp;

  @BeforeAll
  static void startProxy() throws Exception {
    server = S3ProxyServer.start();
    endpoint = server.endpoint;
    admin = server.admin;
    admin.createBucket(b -> b.bucket("data"));
    admin.createBucket(b -> b.bucket("serve"));
  }

  @AfterAll
  static void stopProxy() throws Exception {
    server.close();
  }

  private static Map<String, String> options() {
    return Map.of(
        "endpointurl", endpoint,
        "region", "us-east-1",
        "access_key_id", "access",
        "secret_access_key", "secret");
  }

  /** Pushes a directory version to the data remote; returns its id. */
  private Oid pushVersion(Cache trainer, Remote data, Map<String, String> files) {
    List<Tree.Entry> entries = new ArrayList<>();
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path file = tmp.resolve("src").resolve(f.getKey());
      RollbackFixture.write(file, f.getValue());
      Oid oid = trainer.hasher().hash(file);
      trainer.add(file, oid);
      entries.add(new Tree.Entry(f.getKey(), oid));
    }
    Oid dir = trainer.addTree(Tree.of(entries));
    Transfer.builder(trainer, data).build().push(List.of(dir)).requireSuccess();
    return dir;
  }

  private Store store(String dataUrl, Remote data, Cache cache) throws Exception {
    Path bare = tmp.resolve("reg.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    return new Store(
        GitRepo.open(bare, GitIdentity.cairn()),
        dataUrl,
        data,
        cache,
        StateCache.inMemory(),
        4,
        Progress.NONE);
  }

  private static String read(Remote remote, String key) throws Exception {
    try (InputStream in = remote.open(key)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  @Test
  void publish_s3DataRemoteToS3Target_copiesInsideTheStore_withoutTheObjectsInTheCache()
      throws Exception {
    String dataUrl = "s3://data/store/";
    try (Remote data = Remotes.open(dataUrl, options());
        Remote target = Remotes.open("s3://serve/models/churn", options())) {
      Cache trainer = Cache.at(tmp.resolve("trainer-cache"));
      Oid dir = pushVersion(trainer, data, Map.of("weights.bin", "w1", "conf/params.json", "{}"));
      // The pod's cache holds only the listing: an upload would fail, a server-side copy cannot.
      Cache pod = Cache.at(tmp.resolve("pod-cache"));
      pod.addBytes(dir, Files.readAllBytes(trainer.path(dir)));
      Store store = store(dataUrl, data, pod);

      ServeUri.Published first = ServeUri.publish(store, pod, dir, "", target, "v0.0.1");
      ServeUri.Published again = ServeUri.publish(store, pod, dir, "", target, "v0.0.1");

      assertThat(first.serverSideCopy()).isTrue();
      assertThat(first.written()).isEqualTo(2);
      assertThat(again.written()).isZero();
      assertThat(again.skipped()).isEqualTo(2);
      assertThat(read(target, "v0.0.1/weights.bin")).isEqualTo("w1");
      assertThat(read(target, "v0.0.1/conf/params.json")).isEqualTo("{}");
      assertThat(
              admin
                  .headObject(b -> b.bucket("serve").key("models/churn/v0.0.1/weights.bin"))
                  .contentLength())
          .isEqualTo(2L);
      store.repo().close();
    }
  }

  @Test
  void publish_localDataRemoteToS3Target_uploadsFromTheCache() throws Exception {
    String dataUrl = tmp.resolve("data-remote").toString();
    try (Remote data = Remotes.open(dataUrl, Map.of());
        Remote target = Remotes.open("s3://serve/uploaded", options())) {
      Cache trainer = Cache.at(tmp.resolve("trainer-cache"));
      Oid dir = pushVersion(trainer, data, Map.of("weights.bin", "w2"));
      Store store = store(dataUrl, data, trainer);

      ServeUri.Published published = ServeUri.publish(store, trainer, dir, "", target, "v0.0.2");

      assertThat(published.serverSideCopy()).isFalse();
      assertThat(published.written()).isEqualTo(1);
      assertThat(read(target, "v0.0.2/weights.bin")).isEqualTo("w2");
      store.repo().close();
    }
  }
}
