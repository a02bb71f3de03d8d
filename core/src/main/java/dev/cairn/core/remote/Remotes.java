package dev.cairn.core.remote;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.remote.azure.AzureRemotes;
import dev.cairn.core.remote.gcs.GcsRemotes;
import dev.cairn.core.remote.local.LocalRemotes;
import dev.cairn.core.remote.s3.S3Remotes;
import dev.cairn.core.remote.sftp.SftpRemotes;
import java.util.Map;
import java.util.Objects;

/**
 * Opens the backend a remote URL names: {@code s3://}, {@code ssh://}, {@code file://} or a path.
 * The scheme dispatch lives here alone ({@link RemoteUri} reads the URL); backends never call back.
 */
public final class Remotes {
  private Remotes() {}

  /** Opens {@code url} with the given DVC remote options and default tuning. */
  public static Remote open(String url, Map<String, String> options) {
    return open(RemoteSpec.of(url, options));
  }

  /**
   * Opens the remote. Opening checks the URL and options and builds clients; S3 sends no request,
   * SFTP connects lazily on first use.
   *
   * @throws InvalidInputException if the URL is malformed or its scheme is not supported
   * @throws dev.cairn.core.ConfigurationException if options or credential files are wrong
   */
  public static Remote open(RemoteSpec requested) {
    RemoteSpec spec = withJobs(requested);
    RemoteUri uri = RemoteUri.parse(spec.url());
    return switch (uri.scheme()) {
      case "s3" -> S3Remotes.open(spec);
      case "gs", "gcs" -> GcsRemotes.open(spec);
      case "azure" -> AzureRemotes.open(spec);
      case "ssh", "sftp" -> SftpRemotes.open(spec);
      case "file" -> LocalRemotes.open(Objects.requireNonNull(uri.localPath()), spec);
      default -> throw uri.unsupportedScheme();
    };
  }

  /** DVC's {@code jobs} option sets the backend's parallelism. */
  private static RemoteSpec withJobs(RemoteSpec spec) {
    return spec.option("jobs")
        .map(
            jobs -> {
              try {
                return spec.withTuning(
                    spec.tuning()
                        .withConcurrency(Math.max(1, Math.min(256, Integer.parseInt(jobs)))));
              } catch (NumberFormatException e) {
                throw new InvalidInputException(
                    "Cannot use remote option jobs: " + jobs + " (expected a number)");
              }
            })
        .orElse(spec);
  }
}
