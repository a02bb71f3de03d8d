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
import dev.cairn.core.remote.SourceObject;
import dev.cairn.core.remote.SupportsDownload;
import dev.cairn.core.remote.SupportsListing;
import dev.cairn.core.remote.SupportsServerSideCopy;
import java.io.InputStream;
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

  /** A connection string carrying an account SAS (all containers) with the given permissions. */
  private static String accountSasConnection(String permissions) {
    String sas =
        server
            .admin()
            .generateAccountSas(
                new com.azure.storage.common.sas.AccountSasSignatureValues(
                    OffsetDateTime.now().plusHours(1),
                    com.azure.storage.common.sas.AccountSasPermission.parse(permissions),
                    com.azure.storage.common.sas.AccountSasService.parse("b"),
                    com.azure.storage.common.sas.AccountSasResourceType.parse("co")));
    return "BlobEndpoint=" + server.blobEndpoint() + ";SharedAccessSignature=" + sas;
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

  /** Commits a block blob from one staged block: Azure sets no Content-MD5 then. */
  static void putBlocks(AzuriteServer server, String container, String name, byte[] content) {
    var blocks =
        server.admin().getBlobContainerClient(container).getBlobClient(name).getBlockBlobClient();
    String id = java.util.Base64.getEncoder().encodeToString("block-0000".getBytes(UTF_8));
    blocks.stageBlock(id, com.azure.core.util.BinaryData.fromBytes(content));
    blocks.commitBlockList(List.of(id));
  }

  @Test
  void sourcePrefix_listsWithMd5s_copiesServerSide_andRefusesAChangedObject() throws Exception {
    String source = "cairn-src-" + CONTAINERS.incrementAndGet();
    server.createContainer(source);
    byte[] a = "raw a\n".getBytes(UTF_8);
    byte[] b = random(300_000, 51);
    byte[] c = "committed from blocks\n".getBytes(UTF_8);
    try (Remote writer =
        Remotes.open(
            "azure://" + source + "/raw", Map.of("connection_string", server.connectionString()))) {
      writer.put("day1/a.csv", file("a", a));
      writer.put("day1/sub/b.bin", file("b", b));
      writer.put("day10/other", file("o", new byte[] {1}));
    }
    putBlocks(server, source, "raw/day1/blocks.txt", c);
    // the same account, read and written with a SAS (appended to the copy source) and with the key
    for (String connection : List.of(server.connectionString(), accountSasConnection("rlcw"))) {
      try (Remote target =
          Remotes.open(
              "azure://" + container + "/dvc/store", Map.of("connection_string", connection))) {
        SupportsServerSideCopy copier = (SupportsServerSideCopy) target;
        assertThat(copier.canCopyFrom("azure://" + source + "/raw/day1")).isTrue();
        assertThat(copier.canCopyFrom("gs://x/y")).isFalse();
        List<SourceObject> listed = new ArrayList<>();
        copier.listSource("azure://" + source + "/raw/day1", listed::add);
        assertThat(listed)
            .extracting(SourceObject::relpath)
            .containsExactlyInAnyOrder("a.csv", "sub/b.bin", "blocks.txt");
        for (SourceObject object : listed) {
          byte[] content =
              switch (object.relpath()) {
                case "a.csv" -> a;
                case "sub/b.bin" -> b;
                default -> c;
              };
          String md5 = key(content).replace("files/md5/", "").replace("/", "");
          if (object.relpath().equals("blocks.txt")) {
            // committed from blocks: no Content-MD5, the snapshot must read the bytes
            assertThat(copier.knownMd5(object)).isEmpty();
          } else {
            // one Put Blob: the service-checked Content-MD5 is the content's
            assertThat(copier.knownMd5(object)).contains(md5);
          }
          try (InputStream in = copier.openSource(object)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
          }
          copier.copyFrom(object, key(content));
          copier.copyFrom(object, key(content)); // already there: success
          try (InputStream in = remote.open(key(content))) {
            assertThat(in.readAllBytes()).isEqualTo(content);
          }
        }
      }
      remote.delete(key(a));
      remote.delete(key(b));
      remote.delete(key(c));
    }
    SupportsServerSideCopy copier = (SupportsServerSideCopy) remote;
    List<SourceObject> listed = new ArrayList<>();
    copier.listSource("azure://" + source + "/raw/day1", listed::add);
    SourceObject a1 = listed.stream().filter(o -> o.relpath().equals("a.csv")).findFirst().get();
    // the blob is replaced after listing: copies and reads pinned to the listed ETag fail
    try (Remote writer =
        Remotes.open(
            "azure://" + source + "/raw", Map.of("connection_string", server.connectionString()))) {
      writer.delete("day1/a.csv");
      writer.put("day1/a.csv", file("a2", "changed\n".getBytes(UTF_8)));
    }
    assertThatThrownBy(() -> copier.copyFrom(a1, "files/md5/00/" + "1".repeat(30)))
        .isInstanceOf(dev.cairn.core.InvalidInputException.class)
        .hasMessageContaining("changed while the snapshot ran");
    assertThat(remote.existing(List.of("files/md5/00/" + "1".repeat(30)))).isEmpty();
    assertThatThrownBy(() -> copier.openSource(a1).close())
        .isInstanceOf(dev.cairn.core.InvalidInputException.class);
  }

  @Test
  void largeObject_goesUpAsBlocks_smallOneAsOnePutBlobWithItsContentMd5() throws Exception {
    byte[] large = random(LARGE, 61);
    byte[] small = "one put blob".getBytes(UTF_8);
    remote.put(key(large), file("l", large));
    remote.put(key(small), file("s", small));
    var blobs = server.admin().getBlobContainerClient(container);
    var largeBlob = blobs.getBlobClient("dvc/store/" + key(large)).getBlockBlobClient();
    // smallTuning: 5 MiB blocks above a 6 MiB threshold, staged in parallel
    assertThat(
            largeBlob
                .listBlocks(com.azure.storage.blob.models.BlockListType.COMMITTED)
                .getCommittedBlocks())
        .hasSize((LARGE + (int) smallTuning().partSize() - 1) / (int) smallTuning().partSize());
    assertThat(largeBlob.getProperties().getContentMd5()).isNull();
    byte[] md5 = blobs.getBlobClient("dvc/store/" + key(small)).getProperties().getContentMd5();
    assertThat(java.util.HexFormat.of().formatHex(md5))
        .isEqualTo(key(small).replace("files/md5/", "").replace("/", ""));
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
