package dev.cairn.core.remote.azure;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.cairn.core.testing.InteropTools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real Azurite blob service (Microsoft's Azure Storage emulator), on a free loopback port. */
public final class AzuriteServer implements AutoCloseable {
  /** Azurite's well-known development account (public, documented by Microsoft). */
  public static final String ACCOUNT = "devstoreaccount1";

  public static final String KEY =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  private final Process process;
  private final int port;
  final Path log;

  public AzuriteServer(Path dir) throws Exception {
    Path binary = InteropTools.require("azurite-blob");
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    log = Files.createTempFile(dir, "azurite", ".log");
    Path data = Files.createDirectories(dir.resolve("azurite-data"));
    process =
        new ProcessBuilder(
                List.of(
                    binary.toString(),
                    "--blobHost",
                    "127.0.0.1",
                    "--blobPort",
                    String.valueOf(port),
                    "--location",
                    data.toString(),
                    "--skipApiVersionCheck",
                    "--disableProductStyleUrl",
                    "--silent"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    for (int i = 0; i < 600; i++) {
      if (!process.isAlive()) {
        throw new AssertionError("azurite exited: " + Files.readString(log));
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    process.destroyForcibly();
    throw new AssertionError("azurite did not start: " + Files.readString(log));
  }

  public String blobEndpoint() {
    return "http://127.0.0.1:" + port + "/" + ACCOUNT;
  }

  /** The connection string with the account key (full access). */
  public String connectionString() {
    return "DefaultEndpointsProtocol=http;AccountName="
        + ACCOUNT
        + ";AccountKey="
        + KEY
        + ";BlobEndpoint="
        + blobEndpoint()
        + ";";
  }

  public BlobServiceClient admin() {
    return new BlobServiceClientBuilder()
        .connectionString(connectionString())
        .httpClient(new com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder().build())
        .buildClient();
  }

  public void createContainer(String name) {
    admin().createBlobContainer(name);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
