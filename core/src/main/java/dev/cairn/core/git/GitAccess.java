package dev.cairn.core.git;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * How to authenticate to a Git remote, as file paths only (mounted Secrets); never the secret
 * values themselves.
 *
 * @param sshPrivateKey an OpenSSH/PEM private key file, for {@code ssh://} URLs
 * @param knownHosts an OpenSSH known_hosts file; the server's host key must be listed there
 *     (checked strictly, an unknown key is refused)
 * @param httpsTokenFile a file whose (trimmed) content is a token, for {@code https://} URLs
 * @param httpsUser the user name sent with the token
 */
public record GitAccess(
    @Nullable Path sshPrivateKey,
    @Nullable Path knownHosts,
    @Nullable Path httpsTokenFile,
    String httpsUser) {

  /** The key inside a {@code kubernetes.io/ssh-auth} Secret that holds the private key. */
  public static final String SSH_AUTH_SECRET_KEY = "ssh-privatekey";

  public GitAccess {
    if (httpsUser.isBlank()) {
      throw new IllegalArgumentException("Cannot use an empty HTTPS user name");
    }
  }

  /** No credentials: local paths and {@code file://} URLs. */
  public static GitAccess none() {
    return new GitAccess(null, null, null, "x-access-token");
  }

  /** SSH with a private key file and a known_hosts file. */
  public static GitAccess ssh(Path privateKey, Path knownHosts) {
    return new GitAccess(privateKey, knownHosts, null, "x-access-token");
  }

  /**
   * SSH with a mounted {@code kubernetes.io/ssh-auth} Secret: the key is the file {@code
   * ssh-privatekey} in {@code secretDir}.
   */
  public static GitAccess sshAuthSecret(Path secretDir, Path knownHosts) {
    return ssh(secretDir.resolve(SSH_AUTH_SECRET_KEY), knownHosts);
  }

  /** HTTPS with a token read from a file (user name {@code x-access-token}). */
  public static GitAccess httpsToken(Path tokenFile) {
    return new GitAccess(null, null, tokenFile, "x-access-token");
  }

  /** The same access with another HTTPS user name (e.g. {@code oauth2} for GitLab). */
  public GitAccess withHttpsUser(String user) {
    return new GitAccess(sshPrivateKey, knownHosts, httpsTokenFile, user);
  }
}
