package dev.cairn.core.remote.azure;

import dev.cairn.core.remote.cloud.CloudLocation;
import java.util.regex.Pattern;

/** Parses {@code azure://container/prefix} URLs. */
final class AzureLocation {
  private static final Pattern CONTAINER =
      Pattern.compile("\\$root|[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");

  private AzureLocation() {}

  static CloudLocation parse(String url) {
    return CloudLocation.parse(url, "azure", CONTAINER, "an Azure container name", "blob");
  }
}
