package dev.cairn.core.remote.local;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.Remotes;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens local-directory remotes (a path or {@code file://} URL; also an NFS mount). */
public final class LocalRemotes {
  private LocalRemotes() {}

  /**
   * Opens the directory {@code root} as a remote, creating it if needed.
   *
   * @throws ConfigurationException if it cannot be created or is not a directory
   */
  public static Remote open(Path root, RemoteSpec spec) {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new ConfigurationException(
          "Cannot create remote directory: "
              + root
              + " ("
              + e
              + "; check the path and permissions)",
          e);
    }
    return new LocalRemote(root, spec.tuning().concurrency());
  }

  /**
   * The absolute path of a {@code file:} URL ({@code file:///abs} or {@code file://localhost/}).
   */
  public static Path fileUrlToPath(String url) {
    try {
      URI uri = new URI(url);
      String host = uri.getHost();
      if (uri.getPath() == null
          || uri.getPath().isEmpty()
          || (host != null && !host.isEmpty() && !host.equals("localhost"))) {
        throw Remotes.unsupported(url, "a file URL needs an absolute path and no host");
      }
      return Path.of(uri.getPath()).normalize();
    } catch (URISyntaxException e) {
      throw Remotes.unsupported(url, "malformed file URL");
    }
  }
}
