package dev.cairn.core.remote.sftp;

import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenSSH {@code sshd}, run by the test as the current user on a free loopback port with
 * its own config, a generated host key and a generated user key (authorized in a temp file).
 */
final class OpenSshServer implements AutoCloseable {
  final Path dir;
  final Path userKey;
  final Path knownHosts;
  final String user = System.getProperty("user.name");
  final int port;
  private final Process process;
  private final Path log;

  OpenSshServer(Path dir) throws Exception {
    this.dir = dir;
    Path sshd = InteropTools.require("sshd");
    Path keygen = InteropTools.require("ssh-keygen");
    Path hostKey = dir.resolve("ssh_host_ed25519_key");
    userKey = dir.resolve("id_ed25519");
    keygen(keygen, hostKey);
    keygen(keygen, userKey);
    Files.copy(dir.resolve("id_ed25519.pub"), dir.resolve("authorized_keys"));
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    knownHosts =
        Files.writeString(
            dir.resolve("known_hosts"),
            "[127.0.0.1]:"
                + port
                + " "
                + Files.readString(dir.resolve("ssh_host_ed25519_key.pub")));
    Path config =
        Files.writeString(
            dir.resolve("sshd_config"),
            String.join(
                "\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "PermitRootLogin prohibit-password",
                "AllowUsers " + user,
                "Subsystem sftp internal-sftp",
                "LogLevel VERBOSE",
                ""));
    if ("root".equals(user)) {
      // sshd started as root insists on its privilege separation directory
      Files.createDirectories(Path.of("/run/sshd"));
    }
    log = dir.resolve("sshd.log");
    process =
        new ProcessBuilder(List.of(sshd.toString(), "-D", "-e", "-f", config.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    for (int i = 0; i < 200; i++) {
      if (!process.isAlive()) {
        throw new AssertionError("sshd exited: " + Files.readString(log));
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    close();
    throw new AssertionError("sshd did not start: " + Files.readString(log));
  }

  private void keygen(Path keygen, Path file) {
    ProcessRunner.run(
            dir,
            List.of(
                keygen.toString(),
                "-q",
                "-t",
                "ed25519",
                "-N",
                "",
                "-C",
                "cairn-test",
                "-f",
                file.toString()))
        .assertOk();
  }

  /** {@code ssh://user@127.0.0.1:port/<absolute path>}. */
  String url(Path absolute) {
    return "ssh://" + user + "@127.0.0.1:" + port + absolute;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
