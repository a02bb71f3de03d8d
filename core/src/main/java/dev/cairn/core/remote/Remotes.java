package dev.cairn.core.remote;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.remote.azure.AzureRemotes;
import dev.cairn.core.remote.gcs.GcsRemotes;
import dev.cairn.core.remote.local.LocalRemotes;
import dev.cairn.core.remote.s3.S3Remotes;
import dev.cairn.core.remote.sftp.SftpRemotes;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Opens the backend a remote URL names: {@code s3://}, {@code ssh://}, {@code file://} or a path.
 */
public final class Remotes {
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://.*");
  private static final String SUPPORTED =
      "supported: s3://bucket/prefix, gs://bucket/prefix, azure://container/prefix, ssh://user@host:port/abs/path, file:///abs/path or a local"
          + " directory path";

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
    String url = spec.url().trim();
    var matcher = SCHEME.matcher(url);
    if (!matcher.matches()) {
      if (url.contains("://") || url.matches("^[A-Za-z][A-Za-z0-9+.-]*:[^/\\\\].*")) {
        throw unsupported(url, "not a URL or a path");
      }
      try {
        return LocalRemotes.open(Path.of(url).toAbsolutePath().normalize(), spec);
      } catch (InvalidPathException e) {
        throw unsupported(url, "not a valid path");
      }
    }
    String scheme = matcher.group(1).toLowerCase(Locale.ROOT);
    switch (scheme) {
      case "s3":
        return S3Remotes.open(spec);
      case "gs":
      case "gcs":
        return GcsRemotes.open(spec);
      case "azure":
        return AzureRemotes.open(spec);
      case "ssh":
      case "sftp":
        return SftpRemotes.open(spec);
      case "file":
        return LocalRemotes.open(LocalRemotes.fileUrlToPath(url), spec);
      default:
        throw unsupported(url, "unknown scheme '" + scheme + "'");
    }
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

  /** The error for a URL no backend accepts. */
  public static InvalidInputException unsupported(String url, String why) {
    return new InvalidInputException(
        "Cannot open remote: " + RemoteKeys.redact(url) + " (" + why + "; " + SUPPORTED + ")");
  }
}
