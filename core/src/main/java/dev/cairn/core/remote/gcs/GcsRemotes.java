package dev.cairn.core.remote.gcs;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.StorageOptions;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.cloud.CloudLocation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Opens {@code gs://bucket/prefix} remotes configured the DVC way: {@code projectname}, {@code
 * credentialpath} (a service-account key file, as DVC reads it from {@code config.local}), {@code
 * endpointurl} (a GCS-compatible server) and {@code allow_anonymous_login}. Without {@code
 * credentialpath}, credentials come from Application Default Credentials (GKE Workload Identity or
 * the metadata server, {@code GOOGLE_APPLICATION_CREDENTIALS} naming a mounted key file, gcloud's
 * application-default login). Opening sends no request to the bucket.
 */
public final class GcsRemotes {
  static final String DEFAULT_ENDPOINT = "https://storage.googleapis.com";
  private static final List<String> SCOPES =
      List.of("https://www.googleapis.com/auth/devstorage.read_write");

  private GcsRemotes() {}

  public static Remote open(RemoteSpec spec) {
    CloudLocation location = GcsLocation.parse(spec.url());
    Optional<String> endpoint = spec.option("endpointurl").map(GcsRemotes::endpointUrl);
    StorageOptions.Builder builder =
        StorageOptions.http()
            .setCredentials(credentials(spec, endpoint.isPresent(), location))
            .setTransportOptions(
                HttpTransportOptions.newBuilder()
                    .setConnectTimeout(millis(spec, "connect_timeout", 20_000))
                    .setReadTimeout(millis(spec, "read_timeout", 60_000))
                    .build());
    spec.option("projectname").ifPresent(builder::setProjectId);
    if (spec.option("projectname").isEmpty()) {
      builder.setProjectId("cairn-no-project"); // object calls need none; avoids a lookup
    }
    endpoint.ifPresent(builder::setHost);
    return new GcsRemote(
        builder.build().getService(), location, spec.tuning(), endpoint.orElse(DEFAULT_ENDPOINT));
  }

  private static Credentials credentials(
      RemoteSpec spec, boolean customEndpoint, CloudLocation location) {
    Optional<String> keyFile = spec.option("credentialpath");
    if (keyFile.isPresent()) {
      Path path = expand(keyFile.get());
      try (InputStream in = Files.newInputStream(path)) {
        return GoogleCredentials.fromStream(in).createScoped(SCOPES);
      } catch (IOException | RuntimeException e) {
        throw new ConfigurationException(
            "Cannot read Google Cloud credentials file: "
                + path
                + " (credentialpath must name a service-account key JSON file, e.g. a mounted"
                + " Secret)");
      }
    }
    if (spec.flag("allow_anonymous_login", false)) {
      return NoCredentials.getInstance();
    }
    try {
      return GoogleCredentials.getApplicationDefault().createScoped(SCOPES);
    } catch (IOException e) {
      if (customEndpoint) {
        // a GCS-compatible server (an emulator) usually takes no credentials; as gcsfs does, fall
        // back to anonymous access when no default credentials exist
        return NoCredentials.getInstance();
      }
      throw new GcsErrors(location.url(), DEFAULT_ENDPOINT).missingCredentials(e);
    }
  }

  private static Path expand(String file) {
    return Path.of(
        file.startsWith("~/") ? System.getProperty("user.home") + file.substring(1) : file);
  }

  private static String endpointUrl(String value) {
    String url = value.contains("://") ? value : "https://" + value;
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host");
      }
      return url;
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new InvalidInputException(
          "Cannot use GCS endpoint: " + value + " (endpointurl must be like https://host:port)");
    }
  }

  private static int millis(RemoteSpec spec, String option, int fallback) {
    return spec.option(option)
        .map(
            v -> {
              try {
                return (int) Math.round(Double.parseDouble(v) * 1000);
              } catch (NumberFormatException e) {
                throw new InvalidInputException(
                    "Cannot use remote option " + option + ": " + v + " (expected seconds)");
              }
            })
        .orElse(fallback);
  }
}
