package dev.cairn.core.remote.gcs;

import dev.cairn.core.remote.cloud.CloudLocation;
import java.util.regex.Pattern;

/** Parses {@code gs://bucket/prefix} URLs. */
final class GcsLocation {
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9._\\-]{1,221}[a-z0-9]");

  private GcsLocation() {}

  static CloudLocation parse(String url) {
    return CloudLocation.parse(url, "gs", BUCKET, "a GCS bucket name", "object");
  }
}
