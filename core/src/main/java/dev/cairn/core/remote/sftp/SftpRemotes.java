package dev.cairn.core.remote.sftp;

import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;

/** Opens {@code ssh://user@host:port/abs/path} remotes over SFTP. */
public final class SftpRemotes {
  private SftpRemotes() {}

  public static Remote open(RemoteSpec spec) {
    throw new UnsupportedOperationException("not yet");
  }
}
