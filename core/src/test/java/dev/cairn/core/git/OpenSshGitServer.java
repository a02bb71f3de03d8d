package dev.cairn.core.git;

import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real OpenSSH sshd, started by the test as the current user on a loopback port with its own
 * sshd_config (StrictModes no), serving bare repositories with plain git. Interop profile only.
 */
public final class OpenSshGitServer implements AutoCloseable {
  private final Process sshd;
  private final int port;
  private final Path clientKey;
  private final Path knownHosts;
  private final String user;

  private OpenSshGitServer(Path dir) throws IOException, InterruptedException {
    Path sshdBin = InteropTools.require("sshd");
    Files.createDirectories(dir);
    Path hostKey = dir.resolve("host_ed25519");
    clientKey = dir.resolve("client_ed25519");
    ProcessRunner.run(
            dir, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", hostKey.toString()))
        .assertOk();
    ProcessRunner.run(
            dir, List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", clientKey.toString()))
        .assertOk();
    Path authorized = dir.resolve("authorized_keys");
    Files.copy(dir.resolve("client_ed25519.pub"), authorized);
    try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    Path config = dir.resolve("sshd_config");
    Files.writeString(
        config,
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + hostKey,
            "AuthorizedKeysFile " + authorized,
            "PidFile " + dir.resolve("sshd.pid"),
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "StrictModes no",
            "UsePAM no",
            "PermitRootLogin yes",
            "MaxStartups 100:30:200",
            "MaxSessions 100",
            "LogLevel ERROR",
            ""));
    user = System.getProperty("user.name");
    knownHosts = dir.resolve("known_hosts");
    Files.writeString(
        knownHosts,
        "[127.0.0.1]:" + port + " " + Files.readString(dir.resolve("host_ed25519.pub")));
    Files.createDirectories(Path.of("/run/sshd").toAbsolutePath());
    sshd =
        new ProcessBuilder(sshdBin.toString(), "-D", "-e", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("sshd.log").toFile())
            .start();
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        if (!sshd.isAlive()) {
          throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
        }
        Thread.sleep(100);
      }
    }
    throw new IOException("sshd did not start on port " + port);
  }

  public static OpenSshGitServer start(Path dir) {
    try {
      return new OpenSshGitServer(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The URL of a bare repository at an absolute path. */
  public String url(Path bareRepo) {
    return "ssh://" + user + "@127.0.0.1:" + port + bareRepo.toAbsolutePath();
  }

  public Path clientKey() {
    return clientKey;
  }

  public Path knownHosts() {
    return knownHosts;
  }

  /** GIT_SSH_COMMAND for the git CLI to reach this server with the client key. */
  public String gitSshCommand() {
    return "ssh -i "
        + clientKey
        + " -o UserKnownHostsFile="
        + knownHosts
        + " -o StrictHostKeyChecking=yes -o IdentitiesOnly=yes";
  }

  @Override
  public void close() {
    sshd.destroy();
    try {
      sshd.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
