package dev.cairn.core.remote.sftp;

import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;

/**
 * Opens {@code ssh://user@host:port/abs/path} remotes over SFTP with DVC's ssh options ({@code
 * user}, {@code port}, {@code keyfile}, {@code password}, {@code timeout}, {@code max_sessions})
 * and Cairn's secret files (known_hosts, key passphrase, password). Connects on first use.
 */
public final class SftpRemotes {
  private SftpRemotes() {}

  public static Remote open(RemoteSpec spec) {
    SftpSettings settings = SftpSettings.from(spec);
    return new SftpRemote(settings, new SftpConnections(settings));
  }
}
