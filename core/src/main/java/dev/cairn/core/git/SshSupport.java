package dev.cairn.core.git;

import dev.cairn.core.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.internal.transport.sshd.OpenSshServerKeyDatabase;
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

  /** The host whose key was refused by the last connection, if any. */
  @Nullable String takeRejectedHost() {
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

  /** known_hosts lookup as OpenSSH does it, but a missing or different key is always refused. */
  private static final class StrictKnownHosts implements ServerKeyDatabase {
    private final OpenSshServerKeyDatabase delegate;
    private final AtomicReference<@Nullable String> rejected;

    StrictKnownHosts(Path knownHosts, AtomicReference<@Nullable String> rejected) {
      this.delegate = new OpenSshServerKeyDatabase(false, List.of(knownHosts));
      this.rejected = rejected;
    }

    @Override
    public List<PublicKey> lookup(
        String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
      return delegate.lookup(connectAddress, remoteAddress, strict(config));
    }

    @Override
    public boolean accept(
        String connectAddress,
        InetSocketAddress remoteAddress,
        PublicKey serverKey,
        Configuration config,
        @Nullable CredentialsProvider provider) {
      boolean ok = delegate.accept(connectAddress, remoteAddress, serverKey, strict(config), null);
      if (!ok) {
        rejected.set(connectAddress);
      }
      return ok;
    }

    private static Configuration strict(Configuration config) {
      return new Configuration() {
        @Override
        public List<String> getUserKnownHostsFiles() {
          return config.getUserKnownHostsFiles();
        }

        @Override
        public List<String> getGlobalKnownHostsFiles() {
          return config.getGlobalKnownHostsFiles();
        }

        @Override
        public StrictHostKeyChecking getStrictHostKeyChecking() {
          return StrictHostKeyChecking.REQUIRE_MATCH;
        }

        @Override
        public boolean getHashKnownHosts() {
          return false;
        }

        @Override
        public String getUsername() {
          return config.getUsername();
        }
      };
    }
  }
}
