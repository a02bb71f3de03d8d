package dev.cairn.steps.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.ops.Serving;
import dev.cairn.core.remote.RemoteSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServingOptionsTest {
  @TempDir Path root;

  private Serving serving(Map<String, String> env, String... args) {
    ServingOptions options = new ServingOptions();
    new CommandLine(options).parseArgs(args);
    return options.serving("http://127.0.0.1:9000", MountPaths.under(root, env, root.resolve("h")));
  }

  @Test
  void anS3ServeUri_getsTheEndpointAndTheMountedAwsCredentials() throws Exception {
    Path credentials = root.resolve(MountPaths.AWS_CREDENTIALS.substring(1));
    Files.createDirectories(credentials.getParent());
    Files.writeString(credentials, "[default]\n");

    RemoteSpec uri =
        Objects.requireNonNull(serving(Map.of(), "--serve-uri", "s3://models/serving").uri());
    RemoteSpec named =
        Objects.requireNonNull(
            serving(
                    Map.of("AWS_SHARED_CREDENTIALS_FILE", "/elsewhere"),
                    "--serve-uri",
                    "s3://models/serving")
                .uri());

    assertThat(uri.option("endpointurl")).contains("http://127.0.0.1:9000");
    assertThat(uri.option("credentialpath")).contains(credentials.toString());
    assertThat(named.option("credentialpath")).isEmpty();
  }

  @Test
  void aPathServeUri_getsNoS3Options() {
    RemoteSpec uri = Objects.requireNonNull(serving(Map.of(), "--serve-uri", "/srv/models").uri());

    assertThat(uri.option("endpointurl")).isEmpty();
    assertThat(uri.option("credentialpath")).isEmpty();
  }
}
