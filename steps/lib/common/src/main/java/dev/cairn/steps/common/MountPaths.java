package dev.cairn.steps.common;

import dev.cairn.core.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Where the generated manifests mount Secrets, and the variables that name those Secrets in the
 * pod. An option left unset falls back to its mount path only when a file is there, so the same
 * image runs in a pod and on a laptop. The Secrets are mounted optionally, so a missing one is an
 * empty directory: {@link #missing} then names it from its variable.
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

  /** An AWS shared credentials file (read through {@code AWS_SHARED_CREDENTIALS_FILE}). */
  public static final String AWS_CREDENTIALS = "/var/run/cairn/aws/credentials";

  /**
   * A Google service-account key file for a {@code gs://} remote, used when neither the remote's
   * {@code credentialpath} nor {@code GOOGLE_APPLICATION_CREDENTIALS} names one (not needed with
   * GKE Workload Identity).
   */
  public static final String GCP_KEY = "/var/run/cairn/gcp/key.json";

  /** An Azure Storage connection string for an {@code azure://} remote. */
  public static final String AZURE_CONNECTION_STRING = "/var/run/cairn/azure/connection_string";

  /** An Azure SAS token for an {@code azure://} remote (with its {@code account_name}). */
  public static final String AZURE_SAS_TOKEN = "/var/run/cairn/azure/sas_token";

  /** The name of the Secret mounted at the directory of {@link #GIT_SSH_KEY}. */
  public static final String GIT_SSH_SECRET_ENV = "CAIRN_GIT_SSH_SECRET";

  /** The name of the Secret mounted at the directory of {@link #GIT_KNOWN_HOSTS}. */
  public static final String KNOWN_HOSTS_SECRET_ENV = "CAIRN_KNOWN_HOSTS_SECRET";

  /** The name of the Secret mounted at the directory of {@link #GIT_TOKEN}. */
  public static final String GIT_TOKEN_SECRET_ENV = "CAIRN_GIT_TOKEN_SECRET";

  /** The name of the Secret mounted at the directory of {@link #REMOTE_SSH_KEY}. */
  public static final String REMOTE_SSH_SECRET_ENV = "CAIRN_REMOTE_SSH_SECRET";

  /** The name of the Secret mounted at the directory of {@link #AWS_CREDENTIALS}. */
  public static final String AWS_CREDENTIALS_SECRET_ENV = "CAIRN_AWS_CREDENTIALS_SECRET";

  /** The name of the Secret mounted at the directory of {@link #GCP_KEY}. */
  public static final String GCP_CREDENTIALS_SECRET_ENV = "CAIRN_GCP_CREDENTIALS_SECRET";

  /** The name of the Secret mounted at the directory of {@link #AZURE_CONNECTION_STRING}. */
  public static final String AZURE_CREDENTIALS_SECRET_ENV = "CAIRN_AZURE_CREDENTIALS_SECRET";

  private static final MountPaths SYSTEM =
      new MountPaths(Path.of("/"), System.getenv(), Path.of(System.getProperty("user.home", "/")));

  private final Path root;
  private final Map<String, String> env;
  private final Path home;

  private MountPaths(Path root, Map<String, String> env, Path home) {
    this.root = root;
    this.env = Map.copyOf(env);
    this.home = home;
  }

  /** The mounts of this process: the paths as they are, this environment, this user's home. */
  static MountPaths system() {
    return SYSTEM;
  }

  /** The mount paths below {@code root} instead of {@code /} (tests). */
  static MountPaths under(Path root, Map<String, String> env, Path home) {
    return new MountPaths(root, env, home);
  }

  /** {@code given}, else {@code mountPath} if a file is there, else null. */
  @Nullable Path orMounted(@Nullable Path given, String mountPath) {
    if (given != null) {
      return given;
    }
    Path mounted = at(mountPath);
    return Files.isRegularFile(mounted) ? mounted : null;
  }

  /** The value of an environment variable, or null when it is unset or blank. */
  @Nullable String env(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** The user's home directory (for {@code ~/.ssh/known_hosts}). */
  Path home() {
    return home;
  }

  /**
   * The one-line error for a credential file that is neither given nor mounted. It names the Secret
   * when the pod's {@code secretEnv} says which one is mounted at the file's directory (and whether
   * it is missing or lacks the key), otherwise the mount path and the option. Only names are read,
   * never a Secret's content.
   *
   * @param what the file, as in "Cannot find {@code what} for URL" ("an SSH key")
   * @param url the URL that needs the file, without a password
   * @param mountPath where the manifests mount it ({@link #GIT_SSH_KEY}, ...)
   * @param secretEnv the variable naming the Secret ({@link #GIT_SSH_SECRET_ENV}, ...)
   * @param option the option that gives the file instead ({@code --git-ssh-key})
   * @param alsoLooked other paths that were tried when nothing is mounted, such as {@code
   *     ~/.ssh/known_hosts}
   */
  ConfigurationException missing(
      String what,
      String url,
      String mountPath,
      String secretEnv,
      String option,
      Path... alsoLooked) {
    Path file = at(mountPath);
    int slash = mountPath.lastIndexOf('/');
    Path dir = at(mountPath.substring(0, slash));
    String key = mountPath.substring(slash + 1);
    String secret = env.getOrDefault(secretEnv, "").strip();
    String prefix = "Cannot find " + what + " for " + url + ": ";
    if (secret.isEmpty()) {
      StringBuilder places = new StringBuilder(file.toString());
      for (Path other : alsoLooked) {
        places.append(" or ").append(other);
      }
      return new ConfigurationException(
          prefix
              + "no "
              + option
              + " and no file at "
              + places
              + " (give "
              + option
              + ", or mount a Secret with the key "
              + key
              + " at "
              + dir
              + ")");
    }
    if (hasKeys(dir)) {
      return new ConfigurationException(
          prefix
              + "the Secret \""
              + secret
              + "\" mounted at "
              + dir
              + " has no key "
              + key
              + " (add the key "
              + key
              + " to it, or give "
              + option
              + ")");
    }
    return new ConfigurationException(
        prefix
            + "the Secret \""
            + secret
            + "\" (key "
            + key
            + ") is not mounted at "
            + dir
            + " (create it in the step's namespace with kubectl create secret generic "
            + secret
            + " --from-file="
            + key
            + "=FILE, or give "
            + option
            + ")");
  }

  private Path at(String mountPath) {
    return root.resolve(mountPath.substring(1));
  }

  /**
   * Whether a mounted Secret directory holds any key. Kubernetes mounts a missing optional Secret
   * as an empty directory; its own entries ({@code ..data}, {@code ..2024_...}) do not count.
   */
  private static boolean hasKeys(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.anyMatch(p -> !p.getFileName().toString().startsWith(".."));
    } catch (IOException e) {
      return false;
    }
  }
}
