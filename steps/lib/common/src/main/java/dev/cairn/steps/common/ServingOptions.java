package dev.cairn.steps.common;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.ops.Serving;
import dev.cairn.core.remote.RemoteSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Where a promoted or rolled-back model is published for the model server. */
public final class ServingOptions {
  @Option(
      names = "--serve-dir",
      paramLabel = "DIR",
      defaultValue = "${env:CAIRN_SERVE_DIR}",
      description =
          "Materialise the model into DIR/versions/<version>/ and switch DIR/current to it"
              + " atomically. Env: CAIRN_SERVE_DIR.")
  private @Nullable Path dir;

  @Option(
      names = "--serve-keep",
      paramLabel = "N",
      defaultValue = "${env:CAIRN_SERVE_KEEP:-0}",
      description =
          "Version directories to keep under --serve-dir (0 keeps all, else 2 or more)."
              + " Env: CAIRN_SERVE_KEEP.")
  private int keep;

  @Option(
      names = "--serve-uri",
      paramLabel = "URI",
      defaultValue = "${env:CAIRN_SERVE_URI}",
      description =
          "Copy the model to URI/<version>/ (s3:// copies inside the store when the data remote"
              + " is on the same service). Env: CAIRN_SERVE_URI.")
  private @Nullable String uri;

  /**
   * The serving targets; {@code endpointUrl} is the data remote's S3 endpoint, reused for an {@code
   * s3://} serving URI.
   */
  public Serving serving(@Nullable String endpointUrl) {
    return serving(endpointUrl, MountPaths.system());
  }

  Serving serving(@Nullable String endpointUrl, MountPaths mounts) {
    if (keep != 0 && keep < 2) {
      throw new InvalidInputException(
          "Cannot keep " + keep + " serving versions: give 0 (all) or 2 or more (--serve-keep)");
    }
    RemoteSpec spec = null;
    String given = uri;
    UrlCredentials.refuse(
        given, "--serve-uri", "the serving target uses the data remote's credentials");
    if (given != null && !given.isBlank()) {
      if (!given.contains("://") && !given.startsWith("/")) {
        throw new InvalidInputException(
            "Cannot use --serve-uri " + given + ": give s3://bucket/prefix or an absolute path");
      }
      Map<String, String> options = new LinkedHashMap<>();
      if (given.startsWith("s3://")) {
        if (endpointUrl != null) {
          options.put("endpointurl", endpointUrl);
        }
        RemoteOptions.addMountedAwsCredentials(options, mounts);
      }
      spec = RemoteSpec.of(given, options);
    }
    return new Serving(dir == null ? null : dir.toAbsolutePath().normalize(), keep, spec);
  }
}
