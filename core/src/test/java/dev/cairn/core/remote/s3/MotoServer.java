package dev.cairn.core.remote.s3;

import dev.cairn.core.testing.InteropTools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The real moto S3 server, started on a free loopback port (optionally enforcing IAM). */
final class MotoServer implements AutoCloseable {
  private final Process process;
  private final int port;
  final Path log;

  /**
   * Starts moto. With {@code noAuthActions} set, moto authenticates and authorises every request
   * after the first {@code noAuthActions} ones (its {@code INITIAL_NO_AUTH_ACTION_COUNT}).
   */
  MotoServer(Path dir, @Nullable Integer noAuthActions) throws Exception {
    Path moto = InteropTools.require("moto_server");
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    log = Files.createTempFile(dir, "moto", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(List.of(moto.toString(), "-H", "127.0.0.1", "-p", String.valueOf(port)))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("AWS_"));
    env.put("AWS_DEFAULT_REGION", "us-east-1");
    if (noAuthActions != null) {
      env.put("INITIAL_NO_AUTH_ACTION_COUNT", String.valueOf(noAuthActions));
    }
    process = builder.start();
    for (int i = 0; i < 300; i++) {
      if (!process.isAlive()) {
        throw new AssertionError("moto_server exited: " + Files.readString(log));
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new AssertionError("moto_server did not start: " + Files.readString(log));
  }

  String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
