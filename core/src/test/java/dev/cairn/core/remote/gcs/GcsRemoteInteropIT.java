package dev.cairn.core.remote.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteContractTest;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.RemoteTuning;
import dev.cairn.core.remote.Remotes;
import dev.cairn.core.remote.SupportsDownload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the real fake-gcs-server on loopback, plus GCS-specific behaviour. */
class GcsRemoteInteropIT extends RemoteContractTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  @TempDir static Path serverDir;
  private static FakeGcsServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new FakeGcsServer(serverDir);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected Remote openRemote(RemoteTuning tuning) throws Exception {
    String bucket = "cairn-test-" + BUCKETS.incrementAndGet();
    server.createBucket(bucket);
    return Remotes.open(
        RemoteSpec.of("gs://" + bucket + "/dvc/store", Map.of("endpointurl", server.endpoint()))
            .withTuning(tuning));
  }

  @Test
  void largeObject_downloadsInRanges() throws Exception {
    byte[] content = random(LARGE, 21);
    String key = key(content);
    remote.put(key, file("big", content));
    SupportsDownload.Fetched fetched =
        ((SupportsDownload) remote).fetch(key, () -> work.resolve("fetched"));
    assertThat(fetched).isInstanceOf(SupportsDownload.Written.class);
    SupportsDownload.Written written = (SupportsDownload.Written) fetched;
    assertThat(written.ranges()).isGreaterThan(1);
    assertThat(Files.readAllBytes(written.file())).isEqualTo(content);
  }

  @Test
  void missingBucket_isAOneLineConfigurationError() {
    try (Remote missing =
        Remotes.open("gs://no-such-bucket-x/p", Map.of("endpointurl", server.endpoint()))) {
      assertThatThrownBy(() -> ((dev.cairn.core.remote.SupportsListing) missing).list("", k -> {}))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("Cannot find bucket: gs://no-such-bucket-x/p")
          .hasMessageNotContaining("\n");
    }
  }

  @Test
  void badCredentialFile_isAOneLineConfigurationError() throws Exception {
    Path key = Files.writeString(work.resolve("key.json"), "{not json", UTF_8);
    assertThatThrownBy(
            () ->
                Remotes.open(
                    "gs://b-x/p",
                    Map.of("endpointurl", server.endpoint(), "credentialpath", key.toString())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("credentialpath")
        .hasMessageNotContaining("not json");
  }

  @Test
  void describe_namesBucketAndEndpoint() {
    assertThat(remote.describe()).startsWith("gs://cairn-test-").contains(server.endpoint());
  }
}
