package dev.cairn.core.remote.sftp;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.jspecify.annotations.Nullable;

/**
 * Strict host key check against one known_hosts file: the server's key must be listed for the host
 * (and port); unknown and changed keys are refused, and the reason is kept for the error.
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
    String add = "ssh-keyscan -p " + port + " " + host + " >> " + file;
    if (!Files.isReadable(file)) {
      problem.set(
          "known_hosts file "
              + file
              + " is missing; check the server's key fingerprint, then add it: "
              + add);
      return false;
    }
    List<KnownHostEntry> entries;
    try {
      entries = KnownHostEntry.readKnownHostEntries(file);
    } catch (IOException | RuntimeException e) {
      problem.set("known_hosts file " + file + " cannot be read (" + e.getMessage() + ")");
      return false;
    }
    boolean hostListed = false;
    for (KnownHostEntry entry : entries) {
      if (!entry.isHostMatch(host, port) || entry.getKeyEntry() == null) {
        continue;
      }
      PublicKey known;
      try {
        known = entry.getKeyEntry().resolvePublicKey(session, PublicKeyEntryResolver.IGNORING);
      } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
        continue;
      }
      if (known == null) {
        continue;
      }
      boolean same = KeyUtils.compareKeys(known, serverKey);
      if ("revoked".equalsIgnoreCase(entry.getMarker())) {
        if (same) {
          problem.set("the host key of " + host + ":" + port + " is marked @revoked in " + file);
          return false;
        }
        continue;
      }
      if (entry.getMarker() != null) {
        continue;
      }
      if (same) {
        return true;
      }
      if (java.util.Objects.equals(KeyUtils.getKeyType(known), KeyUtils.getKeyType(serverKey))) {
        hostListed = true;
      }
    }
    String fingerprint = KeyUtils.getFingerPrint(serverKey);
    problem.set(
        hostListed
            ? "the host key of "
                + host
                + ":"
                + port
                + " CHANGED ("
                + fingerprint
                + " is not the key in "
                + file
                + "; if the change is expected, remove the old line and add the new key: "
                + add
                + ")"
            : "the host key of "
                + host
                + ":"
                + port
                + " ("
                + fingerprint
                + ") is not in "
                + file
                + " (check the fingerprint, then add it: "
                + add
                + ")");
    return false;
  }

  /** Why the last verification failed, if it did. */
  @Nullable String problem() {
    return problem.get();
  }
}
