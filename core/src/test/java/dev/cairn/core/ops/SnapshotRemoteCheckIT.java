package dev.cairn.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.odb.LinkType;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.RemoteTuning;
import dev.cairn.core.remote.s3.S3ProxyServer;
import dev.cairn.core.remote.s3.S3Remotes;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot of unchanged data still asks the S3 remote (S3Proxy) for the version's {@code .dir},
 * with one request: wrong credentials, an unreachable remote and a wiped remote fail that day's
 * run.
 */
class SnapshotRemoteCheckIT {
  @SuppressWarnings("NullAway.Init")
  private static S3ProxyServer s3;

  @TempDir Path tmp;

  @SuppressWarnings("NullAway.Init")
  private StoreFixture fixture;

  @SuppressWarnings("NullAway.Init")
  private String url;

  @SuppressWarnings("NullAway.Init")
  private Path data;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  @BeforeEach
  void setUp() {
    fixture = StoreFixture.create(tmp.resolve("world"));
    url = "s3://" + s3.newBucket("store") + "/dvcstore";
    data = tmp.resolve("src/churn");
    StoreFixture.write(data.resolve("a.csv"), "id,label\n1,0\n");
    StoreFixture.write(data.resolve("sub/b.csv"), "id,label\n2,1\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private Store store(S3ProxyServer.RequestCounter counter) {
    return fixture.store(s3.open(url, RemoteTuning.defaults(), counter), LinkType.DEFAULT);
  }

  private static Snapshot.Request request(Path source) {
    return Snapshot.Request.of("churn", source, "data/churn", Snapshot.DATASET);
  }

  @Test
  void run_unchangedData_oneRequestForTheDirAndOneForTheStatIndex() {
    Snapshot.run(store(new S3ProxyServer.RequestCounter()), request(data));
    S3ProxyServer.RequestCounter counter = new S3ProxyServer.RequestCounter();

    Snapshot.Result again = Snapshot.run(store(counter), request(data));

    assertThat(again.changed()).isFalse();
    assertThat(again.rehashed()).isZero();
    assertThat(counter.counts.keySet()).containsExactlyInAnyOrder("GetObject", "HeadObject");
    assertThat(counter.total()).isEqualTo(2);
  }

  @Test
  void run_unchangedDataWithAWrongSecret_credentialsFailure() {
    Snapshot.run(store(new S3ProxyServer.RequestCounter()), request(data));
    Map<String, String> wrong = new HashMap<>(s3.options());
    wrong.put("secret_access_key", "not-the-secret");
    Remote denied = S3Remotes.open(RemoteSpec.of(url, wrong));

    // exit 3 (configuration or credentials), as every other S3 request with a wrong secret
    assertThatThrownBy(() -> Snapshot.run(fixture.store(denied, LinkType.DEFAULT), request(data)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("SignatureDoesNotMatch");
    assertThat(fixture.tagNames()).containsExactly("churn@v0.0.1");
  }

  @Test
  void run_unchangedDataWithTheRemoteUnreachable_remoteAccessFailure() throws Exception {
    Snapshot.run(store(new S3ProxyServer.RequestCounter()), request(data));
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Map<String, String> gone = new HashMap<>(s3.options());
    gone.put("endpointurl", "http://127.0.0.1:" + closedPort);
    Remote unreachable = S3Remotes.open(RemoteSpec.of(url, gone));

    assertThatThrownBy(
            () -> Snapshot.run(fixture.store(unreachable, LinkType.DEFAULT), request(data)))
        .isInstanceOf(RemoteAccessException.class);
    assertThat(fixture.tagNames()).containsExactly("churn@v0.0.1");
  }

  @Test
  void run_unchangedDataWhoseDirWasDeleted_missingObject() {
    Snapshot.Result first = Snapshot.run(store(new S3ProxyServer.RequestCounter()), request(data));
    String md5 = first.md5();
    String bucket = url.substring("s3://".length(), url.indexOf('/', "s3://".length()));
    s3.admin.deleteObject(
        b ->
            b.bucket(bucket)
                .key("dvcstore/files/md5/" + md5.substring(0, 2) + "/" + md5.substring(2)));

    assertThatThrownBy(() -> Snapshot.run(store(new S3ProxyServer.RequestCounter()), request(data)))
        .isInstanceOf(MissingObjectException.class)
        .hasMessageContaining(md5.substring(2))
        .hasMessageContaining("churn@v0.0.1");
    assertThat(fixture.tagNames()).containsExactly("churn@v0.0.1");
  }
}
