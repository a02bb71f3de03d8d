package dev.cairn.core.remote.gcs;

import dev.cairn.core.testing.InteropTools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real fake-gcs-server (GCS JSON API emulator), started on a free loopback port. */
public final class FakeGcsServer implements AutoCloseable {
  private final Process process;
  private final int port;
  final Path log;

  public FakeGcsServer(Path dir) throws Exception {
    this(dir, "warn");
  }

  /** With {@code logLevel} {@code info}, {@link #log} has a line for every request. */
  public FakeGcsServer(Path dir, String logLevel) throws Exception {
    Path binary = InteropTools.require("fake-gcs-server");
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    log = Files.createTempFile(dir, "fake-gcs", ".log");
    Path data = Files.createDirectories(dir.resolve("gcs-data"));
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    binary.toString(),
                    "-scheme",
                    "http",
                    "-host",
                    "127.0.0.1",
                    "-port",
                    String.valueOf(port),
                    "-public-host",
                    "127.0.0.1:" + port,
                    "-external-url",
                    endpoint(),
                    "-backend",
                    "filesystem",
                    "-filesystem-root",
                    data.toString(),
                    "-log-level",
                    logLevel))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    process = builder.start();
    for (int i = 0; i < 300; i++) {
      if (!process.isAlive()) {
        throw new AssertionError("fake-gcs-server exited: " + Files.readString(log));
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new AssertionError("fake-gcs-server did not start: " + Files.readString(log));
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** Creates a bucket through the JSON API. */
  public void createBucket(String name) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(endpoint() + "/storage/v1/b?project=test"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new AssertionError("cannot create bucket " + name + ": " + response.body());
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
