package dev.cairn.steps.common;

import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where the generated manifests mount Secrets. An option left unset falls back to its mount path
 * only when a file is there, so the same image runs in a pod and on a laptop.
 */
public final class MountPaths {
  /** A {@code kubernetes.io/ssh-auth} Secret for the Git repository. */
  public static final String GIT_SSH_KEY = "/var/run/cairn/git-ssh/ssh-privatekey";

  /** known_hosts for the Git server (a Secret or ConfigMap). */
  public static final String GIT_KNOWN_HOSTS = "/var/run/cairn/known-hosts/known_hosts";

  /** An HTTPS token for the Git repository. */
  public static final String GIT_TOKEN = "/var/run/cairn/git-token/token";

  /** A {@code kubernetes.io/ssh-auth} Secret for an SSH data remote. */
  public static final String REMOTE_SSH_KEY = "/var/run/cairn/remote-ssh/ssh-privatekey";

  /** known_hosts for an SSH data remote. */
  public static final String REMOTE_KNOWN_HOSTS = "/var/run/cairn/known-hosts/known_hosts";

  /** A password for an SSH data remote (fallback after keys). */
  public static final String REMOTE_PASSWORD = "/var/run/cairn/remote-ssh/password";

  private MountPaths() {}

  /** {@code given}, else {@code mountPath} if a file is there, else null. */
  static @Nullable Path orMounted(@Nullable Path given, String mountPath) {
    if (given != null) {
      return given;
    }
    Path mounted = Path.of(mountPath);
    return Files.isRegularFile(mounted) ? mounted : null;
  }
}
