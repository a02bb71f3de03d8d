package dev.cairn.cli.steps;

import dev.cairn.core.remote.sftp.SshTestKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An in-process SFTP server (MINA SSHD on 127.0.0.1) that vanishes under its clients: it accepts
 * the key and opens the SFTP channel, then drops the connection at once, as a host that crashes or
 * loses its network does.
 */
final class VanishingSftpServer implements AutoCloseable {
  private final SshServer server;
  private final Path data;
  private final Path keyFile;
  private final Path knownHosts;

  VanishingSftpServer(Path dir) throws Exception {
    KeyPair host = SshTestKeys.ed25519();
    KeyPair user = SshTestKeys.ed25519();
    data = Files.createDirectories(dir.resolve("data"));
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(host));
    server.setPublickeyAuthenticator(
        (name, key, session) -> KeyUtils.compareKeys(key, user.getPublic()));
    SftpSubsystemFactory sftp = new SftpSubsystemFactory();
    sftp.addSftpEventListener(
        new SftpEventListener() {
          @Override
          public void initialized(ServerSession session, int version) {
            session.getIoSession().close(true); // no SSH goodbye: the connection just ends
          }
        });
    server.setSubsystemFactories(List.of(sftp));
    server.setFileSystemFactory(new VirtualFileSystemFactory(data));
    server.start();
    keyFile = SshTestKeys.writeOpenSsh(user, dir.resolve("id_ed25519"), null);
    knownHosts =
        SshTestKeys.knownHosts(
            dir.resolve("known_hosts"), "127.0.0.1", server.getPort(), host.getPublic());
  }

  int port() {
    return server.getPort();
  }

  String url() {
    return "ssh://cairn@127.0.0.1:" + port() + "/store";
  }

  Path keyFile() {
    return keyFile;
  }

  Path knownHosts() {
    return knownHosts;
  }

  /** The regular files the server holds. */
  List<Path> files() {
    try (Stream<Path> walk = Files.walk(data)) {
      return walk.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    server.stop(true);
  }
}
