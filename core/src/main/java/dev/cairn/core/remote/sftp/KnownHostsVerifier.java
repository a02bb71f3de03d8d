package dev.cairn.core.remote.sftp;

import dev.cairn.core.internal.ssh.KnownHosts;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.jspecify.annotations.Nullable;

/**
 * Strict host key check against one known_hosts file: the server's key must be listed for the host
 * (and port); unknown and changed keys are refused, and the reason is kept for the error. Lines
 * that are not known_hosts entries are skipped, as OpenSSH does.
 */
final class KnownHostsVerifier implements ServerKeyVerifier {
  private final Path file;
  private final String host;
  private final int port;
  private final AtomicReference<@Nullable String> problem = new AtomicReference<>();

  KnownHostsVerifier(Path file, String host, int port) {
    this.file = file;
    this.host = host;
    this.port = port;
  }

  @Override
  public boolean verifyServerKey(
      ClientSession session, SocketAddress address, PublicKey serverKey) {
    String refusal = KnownHosts.check(file, host, port, serverKey);
    if (refusal == null) {
      return true;
    }
    problem.set(refusal);
    return false;
  }

  /** Why the last verification failed, if it did. */
  @Nullable String problem() {
    return problem.get();
  }
}
