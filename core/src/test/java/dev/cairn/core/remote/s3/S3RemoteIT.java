package dev.cairn.core.remote.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteContractTest;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.RemoteTuning;
import dev.cairn.core.remote.Remotes;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.S3Client;

/** The contract against S3Proxy in process, plus S3-specific behaviour. */
class S3RemoteIT extends RemoteContractTest {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private static S3ProxyServer server;
  private static String endpoint;
  private static S3Client admin;

  @SuppressWarnings("NullAway.Init")
  private String bucket;

  @BeforeAll
  static void startProxy() throws Exception {
    server = S3ProxyServer.start();
    endpoint = server.endpoint;
    admin = server.admin;
  }

  @AfterAll
  static void stopProxy() throws Exception {
    server.close();
  }

  static Map<String, String> options(String endpointUrl) {
    return Map.of(
        "endpointurl", endpointUrl,
        "region", "us-east-1",
        "access_key_id", "access",
        "secret_access_key", "secret");
  }

  @Override
  protected Remote openRemote(RemoteTuning tuning) {
    bucket = "bucket" + BUCKETS.incrementAndGet();
    admin.createBucket(b -> b.bucket(bucket));
    return Remotes.open(
        RemoteSpec.of("s3://" + bucket + "/some/prefix", options(endpoint)).withTuning(tuning));
  }

  @Test
  void put_storesUnderPrefixedKey() throws Exception {
    byte[] content = "prefixed".getBytes(UTF_8);
    String key = key(content);
    remote.put(key, file("p", content));
    assertThat(
            admin.getObjectAsBytes(b -> b.bucket(bucket).key("some/prefix/" + key)).asUtf8String())
        .isEqualTo("prefixed");
    assertThat(remote.describe()).contains("s3://" + bucket + "/some/prefix");
  }

  @Test
  void largePut_usesMultipart_andLeavesNoPendingUploads() throws Exception {
    byte[] content = random(LARGE, 21);
    String key = key(content);
    remote.put(key, file("mp", content));
    String etag = admin.headObject(b -> b.bucket(bucket).key("some/prefix/" + key)).eTag();
    assertThat(etag).as("a multipart ETag ends in -<parts>").endsWith("-3\"");
    assertThat(admin.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void failedMultipart_isAborted() throws Exception {
    byte[] content = random(LARGE, 22);
    assertThatThrownBy(
            () ->
                ((dev.cairn.core.remote.SupportsStreamingPut) remote)
                    .put(key(content), new FailingInputStream(content, 12 * 1024 * 1024), LARGE))
        .isInstanceOf(RemoteAccessException.class);
    assertThat(admin.listMultipartUploads(b -> b.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void wrongSecret_isConfigurationError() {
    Map<String, String> bad = new java.util.HashMap<>(options(endpoint));
    bad.put("secret_access_key", "wrong-secret-value");
    try (Remote wrong = Remotes.open("s3://" + bucket + "/p", bad)) {
      assertThatThrownBy(() -> wrong.existing(List.of("files/md5/00/11")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageNotContaining("wrong-secret-value");
    }
  }

  @Test
  void unreachableEndpoint_namesEndpoint() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String dead = "http://127.0.0.1:" + port;
    try (Remote unreachable = Remotes.open("s3://" + bucket + "/p", options(dead))) {
      assertThatThrownBy(() -> unreachable.existing(List.of("files/md5/00/11")))
          .isInstanceOf(RemoteAccessException.class)
          .hasMessageContaining(dead);
    }
  }

  @Test
  void missingBucket_isConfigurationError() {
    try (Remote missing = Remotes.open("s3://no-such-bucket/p", options(endpoint))) {
      assertThatThrownBy(() -> missing.existing(List.of("a/b", "a/c")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("s3://no-such-bucket");
    }
  }

  @Test
  void badBucketName_isInvalidInput() {
    assertThatThrownBy(() -> Remotes.open("s3://Bad_Bucket!/x", Map.of()))
        .isInstanceOf(dev.cairn.core.InvalidInputException.class)
        .hasMessageContaining("s3://Bad_Bucket!/x");
  }

  /** Counts requests by operation name. */
  private static final class RequestCounter implements ExecutionInterceptor {
    final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      counts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
    }

    int total() {
      return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }
  }

  private Remote counted(RequestCounter counter) {
    return S3Remotes.open(
        RemoteSpec.of("s3://" + bucket + "/some/prefix", options(endpoint))
            .withTuning(smallTuning()),
        List.of(counter));
  }

  @Test
  void existing_manyKeys_costsFarFewerRequestsThanHeadPerKey() throws Exception {
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      keys.add("files/md5/" + String.format("%02x/%030x", i % 256, (long) i * 104729));
    }
    RequestCounter empty = new RequestCounter();
    try (Remote remote = counted(empty)) {
      assertThat(remote.existing(keys)).isEmpty();
    }
    // a first push: one listing per parallel chunk shows the prefix is empty
    assertThat(empty.total()).isLessThanOrEqualTo(smallTuning().concurrency());
    assertThat(empty.counts).doesNotContainKey("HeadObject");

    Path one = file("one", new byte[] {1});
    for (int i = 0; i < 1500; i += 2) {
      remote.put(keys.get(i), one);
    }
    RequestCounter half = new RequestCounter();
    try (Remote remote = counted(half)) {
      Set<String> found = remote.existing(keys);
      assertThat(found).hasSize(750).allMatch(k -> keys.indexOf(k) % 2 == 0);
    }
    // a re-push: dense keys resolve ~1000 per listing page, within each chunk
    assertThat(half.total()).isLessThanOrEqualTo(2 * smallTuning().concurrency());

    RequestCounter single = new RequestCounter();
    try (Remote remote = counted(single)) {
      assertThat(remote.existing(List.of(keys.get(0)))).containsExactly(keys.get(0));
      assertThat(remote.existing(List.of(keys.get(1)))).isEmpty();
    }
    assertThat(single.counts.keySet()).containsExactly("HeadObject");
    assertThat(single.total()).isEqualTo(2);
  }

  @Test
  void existing_sparseKeysInLargeRemote_neverCostsMoreThanOneRequestPerKey() throws Exception {
    Path one = file("one", new byte[] {1});
    List<String> stored = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      String key = "files/md5/ab/" + String.format("%030x", (long) i * 7);
      stored.add(key);
      remote.put(key, one);
    }
    // wanted keys spread so that more than 1000 stored keys lie between neighbours' listings
    List<String> wanted =
        List.of(stored.get(0), stored.get(1100), "files/md5/ab/" + "f".repeat(30));
    RequestCounter counter = new RequestCounter();
    try (Remote remote = counted(counter)) {
      assertThat(remote.existing(wanted))
          .containsExactlyInAnyOrder(stored.get(0), stored.get(1100));
    }
    assertThat(counter.total()).isLessThanOrEqualTo(wanted.size());
  }

  @Test
  void noBucketLevelCalls_whenEndpointConfigured() throws Exception {
    RequestCounter counter = new RequestCounter();
    byte[] content = random(LARGE, 31);
    try (Remote remote = counted(counter)) {
      String key = key(content);
      remote.existing(List.of(key, key + "x"));
      remote.put(key, file("big", content));
      ((dev.cairn.core.remote.SupportsDownload) remote).download(key, work.resolve("big.out"));
      remote.open(key).close();
    }
    assertThat(counter.counts.keySet())
        .doesNotContain("HeadBucket", "GetBucketLocation", "CreateBucket", "ListBuckets")
        .contains("CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "GetObject");
    assertThat(counter.counts.getOrDefault("GetObject", new AtomicInteger()).get())
        .as("ranged GETs")
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void snapshotInPlace_listWithSizes_thenServerSideCopy() throws Exception {
    admin.createBucket(b -> b.bucket(bucket + "-raw"));
    byte[] small = "a,b\n1,2\n".getBytes(UTF_8);
    byte[] large = random(LARGE, 41);
    admin.putObject(
        b -> b.bucket(bucket + "-raw").key("day1/small.csv"),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(small));
    admin.putObject(
        b -> b.bucket(bucket + "-raw").key("day1/sub/large.bin"),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(large));
    admin.putObject(
        b -> b.bucket(bucket + "-raw").key("day1/emptydir/"),
        software.amazon.awssdk.core.sync.RequestBody.empty());
    Map<String, Long> tree = new java.util.TreeMap<>();
    try (Remote source = Remotes.open("s3://" + bucket + "-raw/day1", options(endpoint))) {
      ((dev.cairn.core.remote.SupportsSizedListing) source).listWithSizes("", tree::put);
      try (java.io.InputStream in = source.open("sub/large.bin")) {
        assertThat(in.readAllBytes()).isEqualTo(large);
      }
    }
    assertThat(tree)
        .containsExactly(
            Map.entry("small.csv", (long) small.length), Map.entry("sub/large.bin", (long) LARGE));

    var copier = (dev.cairn.core.remote.SupportsServerSideCopy) remote;
    assertThat(copier.canCopyFrom("s3://" + bucket + "-raw/day1/small.csv")).isTrue();
    assertThat(copier.canCopyFrom("/local/path")).isFalse();
    copier.copyFrom("s3://" + bucket + "-raw/day1/small.csv", key(small));
    copier.copyFrom("s3://" + bucket + "-raw/day1/sub/large.bin", key(large));
    try (java.io.InputStream in = remote.open(key(small))) {
      assertThat(in.readAllBytes()).isEqualTo(small);
    }
    try (java.io.InputStream in = remote.open(key(large))) {
      assertThat(in.readAllBytes()).isEqualTo(large);
    }
    assertThatThrownBy(
            () -> copier.copyFrom("s3://" + bucket + "-raw/day1/missing.csv", "files/md5/00/11"))
        .isInstanceOf(dev.cairn.core.remote.MissingObjectException.class)
        .hasMessageContaining("missing.csv");
  }
}
