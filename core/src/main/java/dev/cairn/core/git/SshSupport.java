package dev.cairn.core.git;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.internal.ssh.KnownHosts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The SSH side of a connection: exactly one identity (the given key file), exactly one known_hosts
 * file checked strictly, and no ~/.ssh configuration.
 */
final class SshSupport {
  private final AtomicReference<@Nullable String> rejectedHost = new AtomicReference<>();
  private final SshdSessionFactory factory;

  SshSupport(Path privateKey, Path knownHosts, Path sshHome) {
    checkReadable(privateKey, "SSH private key");
    checkReadable(knownHosts, "known_hosts file");
    try {
      Files.createDirectories(sshHome);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ServerKeyDatabase strict = new StrictKnownHosts(knownHosts, rejectedHost);
    this.factory =
        new SshdSessionFactoryBuilder()
            .setPreferredAuthentications("publickey")
            .setHomeDirectory(sshHome.toFile())
            .setSshDirectory(sshHome.toFile())
            .setConfigStoreFactory((home, configFile, localUser) -> null)
            .setDefaultIdentities(dir -> List.of(privateKey))
            .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
            .setServerKeyDatabase((home, sshDir) -> strict)
            .build(new JGitKeyCache());
  }

  SshdSessionFactory factory() {
    return factory;
  }

  /** Why the last connection refused the server's host key, if it did. */
  @Nullable String takeHostKeyRefusal() {
    return rejectedHost.getAndSet(null);
  }

  void close() {
    factory.close();
  }

  static void checkReadable(Path file, String what) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ConfigurationException(
          "Cannot read " + what + ": " + file + " (mount the Secret file or fix its permissions)");
    }
  }

  /**
   * known_hosts lookup as OpenSSH does it (lines that are not entries are skipped), but a missing,
   * changed or revoked key is always refused; the reason is kept for the error.
   */
  private static final class StrictKnownHosts implements ServerKeyDatabase {
    private final Path knownHosts;
    private final AtomicReference<@Nullable String> rejected;

    StrictKnownHosts(Path knownHosts, AtomicReference<@Nullable String> rejected) {
      this.knownHosts = knownHosts;
      this.rejected = rejected;
    }

    @Override
    public List<PublicKey> lookup(
        String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
      HostPort target = HostPort.parse(connectAddress);
      try {
        return KnownHosts.read(knownHosts).keysOf(target.host(), target.port());
      } catch (IOException e) {
        return List.of(); // accept() reports it
      }
    }

    @Override
    public boolean accept(
        String connectAddress,
        InetSocketAddress remoteAddress,
        PublicKey serverKey,
        Configuration config,
        @Nullable CredentialsProvider provider) {
      HostPort target = HostPort.parse(connectAddress);
      String refusal = KnownHosts.check(knownHosts, target.host(), target.port(), serverKey);
      if (refusal != null) {
        rejected.set(refusal);
        return false;
      }
      return true;
    }
  }

  /**
   * JGit's connect address, as MINA's host pattern: {@code host} for port 22, else {@code
   * [host]:port}.
   */
  record HostPort(String host, int port) {
    static HostPort parse(String connectAddress) {
      int close = connectAddress.lastIndexOf("]:");
      if (connectAddress.startsWith("[") && close > 0) {
        try {
          return new HostPort(
              connectAddress.substring(1, close),
              Integer.parseInt(connectAddress.substring(close + 2)));
        } catch (NumberFormatException e) {
          // not a port: fall through to the address as written
        }
      }
      return new HostPort(connectAddress, 22);
    }
  }
}
