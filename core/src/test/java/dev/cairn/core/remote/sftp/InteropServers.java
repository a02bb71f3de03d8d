package dev.cairn.core.remote.sftp;

import dev.cairn.core.remote.DvcRemoteInteropIT;
import java.nio.file.Path;

/** Starts the real OpenSSH server for interop tests in other packages. */
public final class InteropServers {
  private InteropServers() {}

  public static DvcRemoteInteropIT.AutoCloseableSshd openSsh(Path dir) throws Exception {
    OpenSshServer server = new OpenSshServer(dir);
    return new DvcRemoteInteropIT.AutoCloseableSshd() {
      @Override
      public Path knownHosts() {
        return server.knownHosts;
      }

      @Override
      public Path userKey() {
        return server.userKey;
      }

      @Override
      public String url(Path root) {
        return server.url(root);
      }

      @Override
      public void close() throws Exception {
        server.close();
      }
    };
  }
}
