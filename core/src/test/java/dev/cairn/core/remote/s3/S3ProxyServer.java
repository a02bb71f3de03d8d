package dev.cairn.core.remote.s3;

import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.RemoteTuning;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** S3Proxy in process on loopback (an in-memory blob store), with an admin client. */
public final class S3ProxyServer implements AutoCloseable {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  private final S3Proxy proxy;
  public final String endpoint;
  public final S3Client admin;

  private S3ProxyServer(S3Proxy proxy, String endpoint, S3Client admin) {
    this.proxy = proxy;
    this.endpoint = endpoint;
    this.admin = admin;
  }

  public static S3ProxyServer start() throws Exception {
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
            .build();
    proxy.start();
    for (int i = 0; i < 1000 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    String endpoint = "http://127.0.0.1:" + proxy.getPort();
    S3Client admin =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))
            .build();
    return new S3ProxyServer(proxy, endpoint, admin);
  }

  /** The DVC remote options that reach this server. */
  public Map<String, String> options() {
    return Map.of(
        "endpointurl", endpoint,
        "region", "us-east-1",
        "access_key_id", "access",
        "secret_access_key", "secret");
  }

  /** A new empty bucket. */
  public String newBucket(String stem) {
    String bucket = stem + "-" + BUCKETS.incrementAndGet();
    admin.createBucket(b -> b.bucket(bucket));
    return bucket;
  }

  /** Opens {@code url} on this server with {@code tuning}, counting its requests. */
  public Remote open(String url, RemoteTuning tuning, RequestCounter counter) {
    return S3Remotes.open(RemoteSpec.of(url, options()).withTuning(tuning), List.of(counter));
  }

  @Override
  public void close() throws Exception {
    admin.close();
    proxy.stop();
  }

  /** Counts requests by operation name, and GETs that carried a Range header. */
  public static final class RequestCounter implements ExecutionInterceptor {
    public final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    public final AtomicInteger rangedGets = new AtomicInteger();

    @Override
    public void beforeTransmission(
        Context.BeforeTransmission context, ExecutionAttributes attributes) {
      String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
      counts.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
      if ("GetObject".equals(operation)
          && context.httpRequest().firstMatchingHeader("Range").isPresent()) {
        rangedGets.incrementAndGet();
      }
    }

    public int count(String operation) {
      AtomicInteger n = counts.get(operation);
      return n == null ? 0 : n.get();
    }

    public int total() {
      return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public void reset() {
      counts.clear();
      rangedGets.set(0);
    }
  }
}
