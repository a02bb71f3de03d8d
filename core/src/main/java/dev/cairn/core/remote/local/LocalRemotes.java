package dev.cairn.core.remote.local;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import java.io.IOException;
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
}
