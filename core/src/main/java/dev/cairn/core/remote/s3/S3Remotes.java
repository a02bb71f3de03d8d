package dev.cairn.core.remote.s3;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpConfigurationOption;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Opens {@code s3://bucket/prefix} remotes configured the DVC way. Credentials come from the
 * options {@code access_key_id}/{@code secret_access_key}/{@code session_token} (as DVC reads them
 * from {@code config.local}) or else from the AWS default chain (environment, web identity / IRSA,
 * shared credentials file, container and instance credentials), honouring {@code profile}, {@code
 * credentialpath} and {@code configpath}. A custom {@code endpointurl} uses path-style addressing.
 * Opening sends no request.
 */
public final class S3Remotes {
  private S3Remotes() {}

  public static Remote open(RemoteSpec spec) {
    return open(spec, List.of());
  }

  /** Opens with extra SDK interceptors (tests count requests with them). */
  static Remote open(RemoteSpec spec, List<ExecutionInterceptor> interceptors) {
    S3Location location = S3Location.parse(spec.url());
    Optional<String> endpoint = spec.option("endpointurl").map(e -> endpointUrl(e, spec));
    Optional<String> configuredRegion = spec.option("region");
    if (spec.option("acl").isPresent()
        && spec.options().keySet().stream().anyMatch(k -> k.startsWith("grant_"))) {
      throw new ConfigurationException(
          "Cannot open remote: " + spec.url() + " (acl and grant_* options exclude each other)");
    }
    S3ClientBuilder builder =
        S3Client.builder()
            .httpClient(httpClient(spec))
            .credentialsProvider(credentials(spec))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(c -> c.executionInterceptors(interceptors));
    Region region = configuredRegion.map(Region::of).orElseGet(() -> defaultRegion(spec));
    builder.region(region);
    if (endpoint.isPresent()) {
      builder.endpointOverride(URI.create(endpoint.get())).forcePathStyle(true);
    } else if (configuredRegion.isEmpty()) {
      // Neither region nor endpoint configured: let the SDK follow the bucket's region (it may
      // issue HeadBucket, as DVC does); never done when either is configured.
      builder.crossRegionAccessEnabled(true);
    }
    S3Client client = builder.build();
    String describedEndpoint = endpoint.orElse("https://s3." + region.id() + ".amazonaws.com");
    return new S3Remote(
        client, location, S3WriteOptions.from(spec), spec.tuning(), describedEndpoint);
  }

  private static String endpointUrl(String value, RemoteSpec spec) {
    String url =
        value.contains("://")
            ? value
            : (spec.flag("use_ssl", true) ? "https://" : "http://") + value;
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
      return url;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "Cannot use S3 endpoint: " + value + " (endpointurl must be like https://host:port)");
    }
  }

  private static Region defaultRegion(RemoteSpec spec) {
    try {
      DefaultAwsRegionProviderChain.Builder chain = DefaultAwsRegionProviderChain.builder();
      spec.option("profile").ifPresent(chain::profileName);
      profileFile(spec).ifPresent(f -> chain.profileFile(() -> f));
      return chain.build().getRegion();
    } catch (RuntimeException e) {
      return Region.US_EAST_1;
    }
  }

  private static AwsCredentialsProvider credentials(RemoteSpec spec) {
    Optional<String> key = spec.option("access_key_id");
    Optional<String> secret = spec.option("secret_access_key");
    if (key.isPresent() != secret.isPresent()) {
      throw new ConfigurationException(
          "Cannot use S3 credentials of remote "
              + spec.url()
              + ": only one of access_key_id and secret_access_key is set (set both in"
              + " .dvc/config.local, or neither to use the AWS default credential chain)");
    }
    if (key.isPresent() && secret.isPresent()) {
      Optional<String> token = spec.option("session_token");
      return StaticCredentialsProvider.create(
          token.isPresent()
              ? AwsSessionCredentials.create(key.get(), secret.get(), token.get())
              : AwsBasicCredentials.create(key.get(), secret.get()));
    }
    DefaultCredentialsProvider.Builder chain = DefaultCredentialsProvider.builder();
    spec.option("profile").ifPresent(chain::profileName);
    profileFile(spec).ifPresent(f -> chain.profileFile(() -> f));
    return chain.build();
  }

  /** {@code credentialpath}/{@code configpath}, unless the AWS environment variables are set. */
  private static Optional<ProfileFile> profileFile(RemoteSpec spec) {
    Optional<String> credentials =
        spec.option("credentialpath")
            .filter(p -> System.getenv("AWS_SHARED_CREDENTIALS_FILE") == null);
    Optional<String> config =
        spec.option("configpath").filter(p -> System.getenv("AWS_CONFIG_FILE") == null);
    if (credentials.isEmpty() && config.isEmpty()) {
      return Optional.empty();
    }
    ProfileFile.Aggregator aggregator = ProfileFile.aggregator();
    aggregator.addFile(
        credentials.isPresent()
            ? load(credentials.get(), ProfileFile.Type.CREDENTIALS)
            : ProfileFile.defaultProfileFile());
    config.ifPresent(c -> aggregator.addFile(load(c, ProfileFile.Type.CONFIGURATION)));
    return Optional.of(aggregator.build());
  }

  private static ProfileFile load(String file, ProfileFile.Type type) {
    Path path =
        Path.of(file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
    if (!Files.isReadable(path)) {
      throw new ConfigurationException(
          "Cannot read AWS "
              + type.name().toLowerCase(Locale.ROOT)
              + " file: "
              + path
              + " (check credentialpath/configpath and the mounted Secret)");
    }
    return ProfileFile.builder().content(path).type(type).build();
  }

  private static SdkHttpClient httpClient(RemoteSpec spec) {
    AttributeMap.Builder attributes = AttributeMap.builder();
    attributes.put(
        SdkHttpConfigurationOption.MAX_CONNECTIONS, Math.max(16, spec.tuning().concurrency() * 3));
    seconds(spec, "connect_timeout")
        .ifPresent(d -> attributes.put(SdkHttpConfigurationOption.CONNECTION_TIMEOUT, d));
    seconds(spec, "read_timeout")
        .ifPresent(d -> attributes.put(SdkHttpConfigurationOption.READ_TIMEOUT, d));
    Optional<String> verify = spec.option("ssl_verify");
    if (verify.isPresent() && verify.get().equalsIgnoreCase("false")) {
      attributes.put(SdkHttpConfigurationOption.TRUST_ALL_CERTIFICATES, true);
    } else if (verify.isPresent() && !verify.get().equalsIgnoreCase("true")) {
      TrustManager[] managers = trustManagers(Path.of(verify.get()));
      attributes.put(SdkHttpConfigurationOption.TLS_TRUST_MANAGERS_PROVIDER, () -> managers);
    }
    return Apache5HttpClient.builder().buildWithDefaults(attributes.build());
  }

  private static Optional<Duration> seconds(RemoteSpec spec, String option) {
    return spec.option(option)
        .map(
            v -> {
              try {
                return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
              } catch (NumberFormatException e) {
                throw new InvalidInputException(
                    "Cannot use remote option " + option + ": " + v + " (expected seconds)");
              }
            });
  }

  private static TrustManager[] trustManagers(Path caBundle) {
    try (InputStream in = Files.newInputStream(caBundle)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return factory.getTrustManagers();
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new ConfigurationException(
          "Cannot read CA bundle: " + caBundle + " (ssl_verify must be true, false or a PEM file)",
          e);
    }
  }
}
