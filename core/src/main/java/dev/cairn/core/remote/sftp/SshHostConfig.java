package dev.cairn.core.remote.sftp;

import dev.cairn.core.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.sshd.client.config.hosts.ConfigFileHostEntryResolver;
import org.apache.sshd.client.config.hosts.HostConfigEntry;
import org.jspecify.annotations.Nullable;

/**
 * The OpenSSH client config ({@code ~/.ssh/config}, or the file the system property {@code
 * cairn.ssh.config} names): what a {@code Host} entry says about the host of an {@code ssh://} url,
 * as DVC's ssh remote (asyncssh) reads it. Settings given in the url or the remote's options win.
 *
 * @param hostName {@code HostName}, or the host as given
 * @param port {@code Port}, or 0
 * @param user {@code User}, or null
 * @param identity the first readable {@code IdentityFile}, or null
 */
record SshHostConfig(String hostName, int port, @Nullable String user, @Nullable Path identity) {
  static final String CONFIG_PROPERTY = "cairn.ssh.config";

  /** The config for {@code host}; the host unchanged when there is no config file. */
  static SshHostConfig resolve(String host) {
    String given = System.getProperty(CONFIG_PROPERTY);
    Path file =
        given != null && !given.isBlank()
            ? Path.of(given)
            : Path.of(System.getProperty("user.home"), ".ssh", "config");
    return resolve(file, host);
  }

  static SshHostConfig resolve(Path file, String host) {
    if (!Files.isRegularFile(file)) {
      return new SshHostConfig(host, 0, null, null);
    }
    HostConfigEntry entry;
    try {
      entry =
          new ConfigFileHostEntryResolver(file)
              .resolveEffectiveHost(host, 0, null, null, null, null);
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException(
          "Cannot read SSH config: " + file + " (" + e.getMessage() + "; fix the file)", e);
    }
    if (entry == null) {
      return new SshHostConfig(host, 0, null, null);
    }
    String hostName = entry.getHostName();
    String user = entry.getUsername();
    Path identity = null;
    for (String candidate : entry.getIdentities()) {
      Path path = Path.of(expand(candidate));
      if (Files.isReadable(path)) {
        identity = path;
        break;
      }
    }
    return new SshHostConfig(
        hostName == null || hostName.isBlank() ? host : hostName,
        Math.max(0, entry.getPort()),
        user == null || user.isBlank() ? null : user,
        identity);
  }

  private static String expand(String file) {
    return file.equals("~") || file.startsWith("~/")
        ? System.getProperty("user.home") + file.substring(1)
        : file;
  }
}
