package dev.cairn.core.remote.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.hash.Md5;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteContractTest;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.RemoteTuning;
import dev.cairn.core.remote.Remotes;
import dev.cairn.core.remote.SourceObject;
import dev.cairn.core.remote.SupportsCheckedPut;
import dev.cairn.core.remote.SupportsDownload;
import dev.cairn.core.remote.SupportsServerSideCopy;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    server = new FakeGcsServer(serverDir, "info");
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
    assertThat(written.md5())
        .as("hashed while the ranges arrived")
        .contains(dev.cairn.core.hash.Md5Digest.hashFile(written.file(), false));
  }

  @Test
  void largeFile_goesUpAsOneResumableUploadInOneRequest() throws Exception {
    byte[] content = random(LARGE, 23);
    int part = (int) smallTuning().partSize();
    assertThat(content.length).isGreaterThan(GcsRemote.SIMPLE_UPLOAD_MAX).isGreaterThan(2 * part);
    String key = key(content);
    remote.put(key, file("big", content));
    assertReadsBack(key, content);
    // fake-gcs-server logs every request: one session start, then one PUT with every byte
    List<String> requests = requestsFor(key);
    assertThat(requests).filteredOn(GcsRemoteInteropIT::sessionStart).hasSize(1);
    assertThat(requests).filteredOn(GcsRemoteInteropIT::chunk).hasSize(1);
  }

  @Test
  void largeStream_goesUpAsOneResumableUploadInPartSizeChunks() throws Exception {
    byte[] content = random(LARGE, 29);
    int part = (int) smallTuning().partSize();
    String key = key(content);
    ((dev.cairn.core.remote.SupportsStreamingPut) remote)
        .put(key, new java.io.ByteArrayInputStream(content), content.length);
    assertReadsBack(key, content);
    // one session start, then one PUT per chunk, the last one finalizing the object
    List<String> requests = requestsFor(key);
    assertThat(requests).filteredOn(GcsRemoteInteropIT::sessionStart).hasSize(1);
    assertThat(requests)
        .filteredOn(GcsRemoteInteropIT::chunk)
        .hasSize((content.length + part - 1) / part);
  }

  @Test
  void checkedPut_largeFile_oneRequestThatGcsChecksAgainstTheDeclaredMd5() throws Exception {
    byte[] content = random(LARGE, 31);
    String key = key(content);
    ((SupportsCheckedPut) remote).putChecked(key, file("big", content), Md5.hex(content));
    assertReadsBack(key, content);
    assertThat(requestsFor(key)).filteredOn(GcsRemoteInteropIT::chunk).hasSize(1);
  }

  @Test
  void checkedPut_bytesThatDoNotHashToTheDeclaredMd5_storeNothing() throws Exception {
    for (int size : new int[] {LARGE, 1000}) {
      byte[] declared = random(size, 37);
      byte[] actual = random(size, 41);
      String key = key(declared);
      Path file = file("changed-" + size, actual);
      assertThatThrownBy(
              () -> ((SupportsCheckedPut) remote).putChecked(key, file, Md5.hex(declared)))
          .as("%d bytes", size)
          .isInstanceOf(dev.cairn.core.CairnException.class);
      assertThat(remote.existing(List.of(key))).as("%d bytes", size).isEmpty();
    }
  }

  @Test
  void push_largeSourceChangedAfterItWasHashed_isTheOneLineChangedError() throws Exception {
    byte[] hashed = random(LARGE, 43);
    Path source = file("source", hashed);
    Oid oid = Md5.ofFile(source);
    byte[] changed = hashed.clone();
    changed[LARGE / 2] ^= 1; // same size, other bytes
    Files.write(source, changed);
    dev.cairn.core.odb.Cache cache = dev.cairn.core.odb.Cache.at(work.resolve("cache"));
    Oid dir =
        cache.addTree(
            dev.cairn.core.hash.Tree.of(List.of(new dev.cairn.core.hash.Tree.Entry("f", oid))));
    dev.cairn.core.transfer.TransferResult result =
        dev.cairn.core.transfer.Transfer.builder(cache, remote)
            .jobs(1)
            .sources(o -> o.equals(oid) ? source : null)
            .build()
            .push(List.of(dir));
    assertThatThrownBy(result::requireSuccess)
        .isInstanceOf(dev.cairn.core.InvalidInputException.class)
        .hasMessageContaining(
            "Cannot snapshot " + source + ": it changed while it was being copied");
    assertThat(remote.existing(List.of("files/md5/" + oid.shardedPath()))).isEmpty();
  }

  private void assertReadsBack(String key, byte[] content) throws Exception {
    try (InputStream in = remote.open(key)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  private static List<String> requestsFor(String key) throws Exception {
    String name = key.substring(key.lastIndexOf('/') + 1);
    return Files.readAllLines(server.log).stream().filter(l -> l.contains(name)).toList();
  }

  private static boolean sessionStart(String line) {
    return line.contains("POST /upload/") && line.contains("uploadType=resumable");
  }

  private static boolean chunk(String line) {
    return line.contains("PUT /upload/") && line.contains("upload_id=");
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
  void sourcePrefix_listsWithMd5s_copiesServerSide_andRefusesAChangedObject() throws Exception {
    String bucket = "cairn-src-" + BUCKETS.incrementAndGet();
    server.createBucket(bucket);
    byte[] a = "raw a\n".getBytes(UTF_8);
    byte[] b = random(300_000, 51);
    try (Remote source =
        Remotes.open("gs://" + bucket + "/raw", Map.of("endpointurl", server.endpoint()))) {
      source.put("day1/a.csv", file("a", a));
      source.put("day1/sub/b.bin", file("b", b));
      source.put("day10/other", file("o", new byte[] {1}));
    }
    SupportsServerSideCopy copier = (SupportsServerSideCopy) remote;
    assertThat(copier.canCopyFrom("gs://" + bucket + "/raw/day1")).isTrue();
    assertThat(copier.canCopyFrom("s3://x/y")).isFalse();
    List<SourceObject> listed = new ArrayList<>();
    copier.listSource("gs://" + bucket + "/raw/day1", listed::add);
    assertThat(listed)
        .extracting(SourceObject::relpath)
        .containsExactlyInAnyOrder("a.csv", "sub/b.bin");
    for (SourceObject object : listed) {
      byte[] content = object.relpath().equals("a.csv") ? a : b;
      // the MD5 GCS reports is the content's, so the snapshot need not read the bytes
      assertThat(copier.knownMd5(object))
          .contains(key(content).replace("files/md5/", "").replace("/", ""));
      try (InputStream in = copier.openSource(object)) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
      copier.copyFrom(object, key(content));
      copier.copyFrom(object, key(content)); // already there: success
      try (InputStream in = remote.open(key(content))) {
        assertThat(in.readAllBytes()).isEqualTo(content);
      }
    }
    SourceObject a1 = listed.stream().filter(o -> o.relpath().equals("a.csv")).findFirst().get();
    // the object is replaced after listing: copies and reads pinned to the listed generation fail
    try (Remote source =
        Remotes.open("gs://" + bucket + "/raw", Map.of("endpointurl", server.endpoint()))) {
      source.delete("day1/a.csv");
      source.put("day1/a.csv", file("a2", "changed\n".getBytes(UTF_8)));
    }
    assertThatThrownBy(() -> copier.copyFrom(a1, "files/md5/00/" + "1".repeat(30)))
        .isInstanceOf(dev.cairn.core.InvalidInputException.class)
        .hasMessageContaining("changed while the snapshot ran");
    assertThatThrownBy(() -> copier.openSource(a1).close())
        .isInstanceOf(dev.cairn.core.InvalidInputException.class);
  }

  @Test
  void describe_namesBucketAndEndpoint() {
    assertThat(remote.describe()).startsWith("gs://cairn-test-").contains(server.endpoint());
  }
}
