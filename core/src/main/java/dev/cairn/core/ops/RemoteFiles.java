package dev.cairn.core.ops;

import dev.cairn.core.remote.RemoteSpec;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Secret files for reaching a remote, added to what {@code .dvc/config} says (mounted Kubernetes
 * Secrets, for example). Values are never read here, only passed on as paths.
 *
 * @param knownHosts SSH: known_hosts file the server key must be in (default {@code
 *     ~/.ssh/known_hosts})
 * @param keyPassphrase SSH: file holding the passphrase of an encrypted key
 * @param password SSH: file holding the login password (fallback after keys)
 */
public record RemoteFiles(
    @Nullable Path knownHosts, @Nullable Path keyPassphrase, @Nullable Path password) {

  /** No extra files. */
  public static final RemoteFiles NONE = new RemoteFiles(null, null, null);

  RemoteSpec applyTo(RemoteSpec spec) {
    RemoteSpec result = spec;
    if (knownHosts != null) {
      result = result.withKnownHostsFile(knownHosts);
    }
    if (keyPassphrase != null) {
      result = result.withKeyPassphraseFile(keyPassphrase);
    }
    if (password != null) {
      result = result.withPasswordFile(password);
    }
    return result;
  }
}
