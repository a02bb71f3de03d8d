package dev.cairn.core.internal.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.jspecify.annotations.Nullable;

/**
 * One known_hosts file, read as OpenSSH reads it: a line that is not a known_hosts entry (junk,
 * random bytes, a key that does not decode) is skipped, never fatal. The check is strict: the
 * server's key must be listed for the host and port; an unlisted, changed or revoked key is refused
 * with a one-line reason that says what to do.
 */
public final class KnownHosts {
  private final Path file;
  private final List<Listed> entries;
  private final int skipped;

  /** A usable line: its key and marker ({@code revoked}, {@code cert-authority} or none). */
  private record Listed(KnownHostEntry entry, PublicKey key, @Nullable String marker) {}

  private KnownHosts(Path file, List<Listed> entries, int skipped) {
    this.file = file;
    this.entries = entries;
    this.skipped = skipped;
  }

  /**
   * Reads {@code file}; lines that are not known_hosts entries are skipped.
   *
   * @throws IOException if the file cannot be read at all (missing, unreadable)
   */
  public static KnownHosts read(Path file) throws IOException {
    // a lenient decode: bytes that are not UTF-8 only spoil their own line
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    List<Listed> entries = new ArrayList<>();
    int skipped = 0;
    for (String raw : text.split("\r?\n|\r", -1)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Listed listed = parse(line);
      if (listed == null) {
        skipped++;
      } else {
        entries.add(listed);
      }
    }
    return new KnownHosts(file, List.copyOf(entries), skipped);
  }

  private static @Nullable Listed parse(String line) {
    try {
      KnownHostEntry entry = KnownHostEntry.parseKnownHostEntry(line);
      if (entry == null || entry.getKeyEntry() == null) {
        return null;
      }
      PublicKey key = entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
      return key == null ? null : new Listed(entry, key, entry.getMarker());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  /** The unmarked keys listed for {@code host} and {@code port}. */
  public List<PublicKey> keysOf(String host, int port) {
    List<PublicKey> keys = new ArrayList<>();
    for (Listed listed : entries) {
      if (listed.marker() == null && listed.entry().isHostMatch(host, port)) {
        keys.add(listed.key());
      }
    }
    return keys;
  }

  /**
   * Why {@code serverKey} is refused for {@code host} and {@code port}, or null if it is listed.
   * The reason starts with "the host key of host:port" and ends with what to do.
   */
  public @Nullable String refusal(String host, int port, PublicKey serverKey) {
    List<Listed> forHost =
        entries.stream().filter(listed -> listed.entry().isHostMatch(host, port)).toList();
    // as OpenSSH: a key marked @revoked is refused even where another line lists it
    for (Listed listed : forHost) {
      if ("revoked".equalsIgnoreCase(listed.marker())
          && KeyUtils.compareKeys(listed.key(), serverKey)) {
        return "the host key of "
            + host
            + ":"
            + port
            + " is marked @revoked in "
            + file
            + " (the server needs a new key; confirm its fingerprint with the server's"
            + " administrator, then add it: "
            + addCommand(host, port)
            + ")";
      }
    }
    boolean changed = false;
    for (Listed listed : forHost) {
      if (listed.marker() != null) {
        continue; // @cert-authority: host certificates are not used
      }
      if (KeyUtils.compareKeys(listed.key(), serverKey)) {
        return null;
      }
      changed |= Objects.equals(KeyUtils.getKeyType(listed.key()), KeyUtils.getKeyType(serverKey));
    }
    String fingerprint = KeyUtils.getFingerPrint(serverKey);
    if (changed) {
      return "the host key of "
          + host
          + ":"
          + port
          + " CHANGED: the server sent "
          + fingerprint
          + ", not the key listed in "
          + file
          + " (this may be a man-in-the-middle attack, or the server was reinstalled; confirm the"
          + " new fingerprint with the server's administrator, then remove the old line and add the"
          + " new key: "
          + addCommand(host, port)
          + ")";
    }
    List<String> otherTypes =
        forHost.stream()
            .filter(listed -> listed.marker() == null)
            .map(listed -> KeyUtils.getKeyType(listed.key()))
            .distinct()
            .toList();
    return "the host key of "
        + host
        + ":"
        + port
        + " ("
        + fingerprint
        + ") is not listed in "
        + file
        + " ("
        + (otherTypes.isEmpty()
            ? ""
            : "it lists only keys of other types for this host, "
                + String.join(", ", otherTypes)
                + "; ")
        + (skipped > 0
            ? skipped + " of its lines are not known_hosts entries and were skipped; "
            : "")
        + "check the fingerprint, then add it: "
        + addCommand(host, port)
        + ")";
  }

  /**
   * The one host key check of Git over SSH and the SFTP remote: why {@code serverKey} is refused
   * for {@code host} and {@code port} by {@code file} (also when the file cannot be read), or null
   * if it is listed.
   */
  public static @Nullable String check(Path file, String host, int port, PublicKey serverKey) {
    try {
      return read(file).refusal(host, port, serverKey);
    } catch (IOException e) {
      return unreadable(file, host, port, e);
    }
  }

  /** Why {@code file} could not be read, as a reason like {@link #refusal}'s. */
  private static String unreadable(Path file, String host, int port, IOException e) {
    if (e instanceof NoSuchFileException || !Files.exists(file)) {
      return "known_hosts file "
          + file
          + " is missing (mount it; check the server's key fingerprint, then add it: "
          + addCommand(host, port, file)
          + ")";
    }
    return "known_hosts file "
        + file
        + " cannot be read ("
        + e.getClass().getSimpleName()
        + "; check that it is a file this user may read)";
  }

  private String addCommand(String host, int port) {
    return addCommand(host, port, file);
  }

  private static String addCommand(String host, int port, Path file) {
    return "ssh-keyscan -p " + port + " " + host + " >> " + file;
  }
}
