package dev.cairn.core.remote.sftp;

import dev.cairn.core.CairnException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded pool of SFTP channels, each on its own SSH session (at most {@code max_sessions}),
 * opened lazily. Keys come only from the configured file, the password only from its file or
 * option, the host key is checked strictly, and nothing ever prompts.
 */
final class SftpConnections implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SftpConnections.class);

  private final SftpSettings settings;
  private final SshClient client;
  private final KnownHostsVerifier verifier;
  private final Semaphore permits;
  private final Deque<SftpClient> idle = new ArrayDeque<>();
  private final List<KeyPair> keys;
  private volatile boolean closed;

  SftpConnections(SftpSettings settings) {
    this.settings = settings;
    this.keys = loadKeys(settings);
    this.verifier = new KnownHostsVerifier(settings.knownHosts(), settings.host(), settings.port());
    this.permits = new Semaphore(settings.sessions());
    this.client = SshClient.setUpDefaultClient();
    client.setServerKeyVerifier(verifier);
    client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
    client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
    client.setUserInteraction(null);
    client.setFilePasswordProvider(FilePasswordProvider.EMPTY);
    // a server that stops answering mid-transfer closes the session after this long without data
    // (the operation then fails and is reported) instead of hanging the step forever
    org.apache.sshd.core.CoreModuleProperties.IDLE_TIMEOUT.set(client, idleDeadline(settings));
    client.start();
  }

  /** How long a session may go without any data from the server: 4 x the timeout (2 min). */
  static java.time.Duration idleDeadline(SftpSettings settings) {
    return settings.timeout().multipliedBy(4);
  }

  int size() {
    return settings.sessions();
  }

  /** Borrows a channel; give it back with {@link #release}. */
  SftpClient acquire() {
    permits.acquireUninterruptibly();
    synchronized (idle) {
      while (!idle.isEmpty()) {
        SftpClient sftp = idle.pop();
        if (sftp.isOpen() && sftp.getClientSession().isOpen()) {
          return sftp;
        }
        closeQuietly(sftp.getClientSession());
      }
    }
    try {
      return connect();
    } catch (RuntimeException e) {
      permits.release();
      throw e;
    }
  }

  /** Returns a channel; a broken one ({@code healthy=false}) is closed instead of reused. */
  void release(SftpClient sftp, boolean healthy) {
    if (healthy && !closed && sftp.isOpen()) {
      synchronized (idle) {
        idle.push(sftp);
      }
    } else {
      closeQuietly(sftp.getClientSession());
    }
    permits.release();
  }

  private SftpClient connect() {
    if (closed) {
      throw new IllegalStateException("remote is closed");
    }
    long timeout = settings.timeout().toMillis();
    ClientSession session;
    try {
      session =
          client
              .connect(settings.user(), settings.host(), settings.port())
              .verify(timeout)
              .getSession();
    } catch (IOException e) {
      throw unreachable(e);
    }
    try {
      for (KeyPair key : keys) {
        session.addPublicKeyIdentity(key);
      }
      if (settings.password() != null) {
        session.addPasswordIdentity(settings.password());
      }
      try {
        org.apache.sshd.client.future.AuthFuture auth = session.auth();
        if (!auth.await(timeout)) {
          String problem = verifier.problem();
          if (problem != null) {
            throw hostKey(problem, null);
          }
          throw new RemoteAccessException(
              "Cannot log in to "
                  + settings.url()
                  + ": the SSH server did not answer within "
                  + settings.timeout().toSeconds()
                  + " s (it is hung or overloaded; check the server, or raise the remote's"
                  + " timeout)");
        }
        auth.verify(0);
      } catch (IOException e) {
        String problem = verifier.problem();
        if (problem != null) {
          throw hostKey(problem, e);
        }
        throw new ConfigurationException(
            "Cannot log in to "
                + settings.url()
                + " as "
                + settings.user()
                + ": the server refused "
                + (keys.isEmpty()
                    ? ""
                    : "the key "
                        + settings.keyFile()
                        + (settings.password() != null ? " and " : ""))
                + (settings.password() != null ? "the password" : "")
                + (keys.isEmpty() && settings.password() == null
                    ? "to log in without a keyfile or password"
                    : "")
                + " (check user, keyfile and the server's authorized_keys)",
            e);
      }
      return SftpClientFactory.instance().createSftpClient(session);
    } catch (IOException e) {
      closeQuietly(session);
      String problem = verifier.problem();
      throw problem != null ? hostKey(problem, e) : unreachable(e);
    } catch (RuntimeException e) {
      closeQuietly(session);
      throw e;
    }
  }

  private CairnException hostKey(String problem, @Nullable Throwable cause) {
    String message = "Cannot verify SSH server " + settings.url() + ": " + problem;
    return cause == null
        ? new ConfigurationException(message)
        : new ConfigurationException(message, cause);
  }

  private CairnException unreachable(IOException e) {
    String problem = verifier.problem();
    if (problem != null) {
      return hostKey(problem, e);
    }
    Throwable root = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException) {
        root = t;
      }
    }
    return new RemoteAccessException(
        "Cannot reach SSH server: "
            + settings.host()
            + ":"
            + settings.port()
            + " ("
            + root.getClass().getSimpleName()
            + ": "
            + String.valueOf(root.getMessage()).replaceAll("\\s+", " ")
            + "; check the host, port and network)",
        e);
  }

  private static List<KeyPair> loadKeys(SftpSettings settings) {
    if (settings.keyFile() == null) {
      return List.of();
    }
    String passphrase = settings.keyPassphrase();
    FilePasswordProvider passwords =
        passphrase == null ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(passphrase);
    List<KeyPair> pairs = new ArrayList<>();
    try (InputStream in = Files.newInputStream(settings.keyFile())) {
      Iterable<KeyPair> loaded =
          SecurityUtils.loadKeyPairIdentities(
              null, NamedResource.ofName(settings.keyFile().toString()), in, passwords);
      if (loaded != null) {
        loaded.forEach(pairs::add);
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      boolean encrypted =
          passphrase == null
              && String.valueOf(e.getMessage())
                  .toLowerCase(java.util.Locale.ROOT)
                  .contains("password");
      throw new ConfigurationException(
          "Cannot read SSH key file: "
              + settings.keyFile()
              + (encrypted
                  ? " (it is encrypted: provide its passphrase in a file)"
                  : " ("
                      + e.getClass().getSimpleName()
                      + "; use an OpenSSH or PEM private key, with its passphrase file if encrypted)"),
          e);
    }
    if (pairs.isEmpty()) {
      throw new ConfigurationException(
          "Cannot read SSH key file: " + settings.keyFile() + " (no private key found in it)");
    }
    return pairs;
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.debug("close failed", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (idle) {
      for (SftpClient sftp : idle) {
        closeQuietly(sftp.getClientSession());
      }
      idle.clear();
    }
    closeQuietly(client);
  }
}
