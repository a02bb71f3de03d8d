package dev.cairn.core.remote.azure;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.sas.BlobContainerSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteContractTest;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.RemoteTuning;
import dev.cairn.core.remote.Remotes;
import dev.cairn.core.remote.SupportsDownload;
import dev.cairn.core.remote.SupportsListing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the real Azurite on loopback, plus Azure-specific behaviour. */
class AzureRemoteInteropIT extends RemoteContractTest {
  private static final AtomicInteger CONTAINERS = new AtomicInteger();
  @TempDir static Path serverDir;
  private static AzuriteServer server;

  @SuppressWarnings("NullAway.Init")
  private String container;

  @BeforeAll
  static void startServer() throws Exception {
    server = new AzuriteServer(serverDir);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Override
  protected Remote openRemote(RemoteTuning tuning) {
    container = "cairn-test-" + CONTAINERS.incrementAndGet();
    server.createContainer(container);
    return Remotes.open(
        RemoteSpec.of(
                "azure://" + container + "/dvc/store",
                Map.of("connection_string", server.connectionString()))
            .withTuning(tuning));
  }

  /** A connection string carrying a container SAS with only the given permissions. */
  private String sasConnection(String permissions) {
    String sas =
        server
            .admin()
            .getBlobContainerClient(container)
            .generateSas(
                new BlobServiceSasSignatureValues(
                    OffsetDateTime.now().plusHours(1),
                    BlobContainerSasPermission.parse(permissions)));
    return "BlobEndpoint=" + server.blobEndpoint() + ";SharedAccessSignature=" + sas;
  }

  @Test
  void readOnlySas_pullWorks_pushIsDeniedNamingTheMissingPermission() throws Exception {
    byte[] content = "pushed by a writer".getBytes(UTF_8);
    String key = key(content);
    remote.put(key, file("w", content));
    try (Remote readOnly =
        Remotes.open(
            "azure://" + container + "/dvc/store",
            Map.of("connection_string", sasConnection("rl")))) {
      assertThat(readOnly.existing(List.of(key))).containsExactly(key);
      List<String> listed = new ArrayList<>();
      ((SupportsListing) readOnly).list("", listed::add);
      assertThat(listed).containsExactly(key);
      try (var in = readOnly.open(key)) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
      byte[] other = "new".getBytes(UTF_8);
      assertThatThrownBy(() -> readOnly.put(key(other), file("n", other)))
          .isInstanceOf(RemoteAccessException.class)
          .hasMessageContaining("Cannot upload azure://" + container + "/dvc/store/files/md5/")
          .hasMessageContaining("access denied")
          .hasMessageContaining("SAS permission c (Create) and w (Write)")
          .hasMessageContaining("Storage Blob Data Contributor")
          .hasMessageNotContaining("\n")
          .hasMessageNotContaining("sig=");
    }
  }

  @Test
  void pushSas_rlcw_isEnoughForPushOfSmallAndMultiBlockObjects() throws Exception {
    try (Remote push =
        Remotes.open(
            RemoteSpec.of(
                    "azure://" + container + "/dvc/store",
                    Map.of("connection_string", sasConnection("rlcw")))
                .withTuning(smallTuning()))) {
      byte[] small = "small".getBytes(UTF_8);
      byte[] large = random(LARGE, 41);
      push.put(key(small), file("s", small));
      push.put(key(large), file("l", large));
      push.put(key(large), file("l2", large)); // already there: still success without d
      assertThat(push.existing(List.of(key(small), key(large))))
          .containsExactlyInAnyOrder(key(small), key(large));
      try (var in = push.open(key(large))) {
        assertThat(in.readAllBytes()).isEqualTo(large);
      }
    }
  }

  @Test
  void writeOnlySas_readIsDeniedNamingTheMissingPermission() throws Exception {
    byte[] content = "x".getBytes(UTF_8);
    String key = key(content);
    remote.put(key, file("x", content));
    try (Remote writeOnly =
        Remotes.open(
            "azure://" + container + "/dvc/store",
            Map.of("connection_string", sasConnection("cw")))) {
      assertThatThrownBy(() -> ((SupportsListing) writeOnly).list("", k -> {}))
          .isInstanceOf(RemoteAccessException.class)
          .hasMessageContaining("needs SAS permission l (List)")
          .hasMessageNotContaining("sig=");
      assertThatThrownBy(() -> writeOnly.open(key).close())
          .isInstanceOf(RemoteAccessException.class)
          .hasMessageContaining("needs SAS permission r (Read)");
    }
  }

  @Test
  void missingContainer_isAOneLineConfigurationError() {
    try (Remote missing =
        Remotes.open(
            "azure://no-such-container/p",
            Map.of("connection_string", server.connectionString()))) {
      assertThatThrownBy(() -> ((SupportsListing) missing).list("", k -> {}))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "Cannot find container: azure://no-such-container/p (create it, or fix the remote"
                  + " url)");
    }
  }

  @Test
  void wrongAccountKey_isAnAuthenticationErrorWithoutTheKey() {
    String wrong =
        server.connectionString().replace(AzuriteServer.KEY, "d3Jvbmcga2V5IGZvciB0ZXN0cw==");
    try (Remote bad =
        Remotes.open("azure://" + container + "/p", Map.of("connection_string", wrong))) {
      // Azure answers a bad signature with 403 AuthenticationFailed (a configuration error);
      // Azurite with 403 AuthorizationFailure, which reads as a denial: either way one line,
      // without the key
      assertThatThrownBy(() -> ((SupportsListing) bad).list("", k -> {}))
          .isInstanceOf(dev.cairn.core.CairnException.class)
          .hasMessageContaining("azure://" + container + "/p")
          .hasMessageNotContaining("\n")
          .hasMessageNotContaining("d3Jvbmcga2V5");
    }
  }

  @Test
  void accountNameWithoutCredentials_usesSasTokenFileFromTheEnvironment() throws Exception {
    // account_name + a SAS token from a mounted file: the endpoint is the real service, so only
    // opening is checked here (no request is sent at open)
    Path sasFile = Files.writeString(work.resolve("sas"), "sv=2020&sig=abc", UTF_8);
    Map<String, String> env = Map.of("AZURE_STORAGE_SAS_TOKEN_FILE", sasFile.toString());
    try (Remote opened =
        AzureRemotes.open(
            RemoteSpec.of("azure://data/p", Map.of("account_name", "myaccount")), env::get)) {
      assertThat(opened.describe())
          .isEqualTo("azure://data/p at https://myaccount.blob.core.windows.net");
    }
  }

  @Test
  void noAccount_isAOneLineConfigurationError() {
    assertThatThrownBy(
            () -> AzureRemotes.open(RemoteSpec.of("azure://data/p", Map.of()), k -> null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("set account_name");
  }

  @Test
  void largeObject_fetchWritesAFileInRanges() throws Exception {
    byte[] content = random(LARGE, 31);
    String key = key(content);
    remote.put(key, file("big", content));
    SupportsDownload.Fetched fetched =
        ((SupportsDownload) remote).fetch(key, () -> work.resolve("fetched"));
    assertThat(fetched).isInstanceOf(SupportsDownload.Written.class);
    assertThat(Files.readAllBytes(((SupportsDownload.Written) fetched).file())).isEqualTo(content);
  }
}
