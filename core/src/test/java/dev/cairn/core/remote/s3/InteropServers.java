package dev.cairn.core.remote.s3;

import dev.cairn.core.remote.DvcRemoteInteropIT;
import java.nio.file.Path;

/** Starts the real S3 server for interop tests in other packages. */
public final class InteropServers {
  private InteropServers() {}

  /** moto without IAM enforcement. */
  public static DvcRemoteInteropIT.AutoCloseableMoto moto(Path dir) throws Exception {
    MotoServer server = new MotoServer(dir, null);
    return new DvcRemoteInteropIT.AutoCloseableMoto() {
      @Override
      public String endpoint() {
        return server.endpoint();
      }

      @Override
      public void close() throws Exception {
        server.close();
      }
    };
  }
}
