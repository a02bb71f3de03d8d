package dev.cairn.steps.common;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.git.GitAccess;
import dev.cairn.core.git.GitIdentity;
import dev.cairn.core.git.GitRemoteOptions;
import dev.cairn.core.git.GitRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** Which Git repository holds the pointer files and registry tags, and how to reach it. */
public final class GitOptions {
  @Option(
      names = "--git-url",
      paramLabel = "URL",
      defaultValue = "${env:CAIRN_GIT_URL}",
      description =
          "Git repository (ssh://, https://, file:// or a local bare repository path)."
              + " Env: CAIRN_GIT_URL.")
  private @Nullable String url;

  @Option(
      names = "--git-branch",
      paramLabel = "BRANCH",
      defaultValue = "${env:CAIRN_GIT_BRANCH:-main}",
      description = "Branch to commit to (default: ${DEFAULT-VALUE}). Env: CAIRN_GIT_BRANCH.")
  private String branch = "main";

  @Option(
      names = "--git-ssh-key",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_GIT_SSH_KEY}",
      description =
          "SSH private key file for ssh:// URLs (default: "
              + MountPaths.GIT_SSH_KEY
              + " if mounted). Env: CAIRN_GIT_SSH_KEY.")
  private @Nullable Path sshKey;

  @Option(
      names = "--git-known-hosts",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_GIT_KNOWN_HOSTS}",
      description =
          "known_hosts file the Git server's key must be in (default: "
              + MountPaths.GIT_KNOWN_HOSTS
              + " if mounted). Env: CAIRN_GIT_KNOWN_HOSTS.")
  private @Nullable Path knownHosts;

  @Option(
      names = "--git-token-file",
      paramLabel = "FILE",
      defaultValue = "${env:CAIRN_GIT_TOKEN_FILE}",
      description =
          "File holding an HTTPS token for https:// URLs (default: "
              + MountPaths.GIT_TOKEN
              + " if mounted). Env: CAIRN_GIT_TOKEN_FILE.")
  private @Nullable Path tokenFile;

  @Option(
      names = "--git-author-name",
      paramLabel = "NAME",
      defaultValue = "${env:CAIRN_GIT_AUTHOR_NAME:-cairn}",
      description = "Committer and tagger name. Env: CAIRN_GIT_AUTHOR_NAME.")
  private String authorName = "cairn";

  @Option(
      names = "--git-author-email",
      paramLabel = "EMAIL",
      defaultValue = "${env:CAIRN_GIT_AUTHOR_EMAIL:-cairn@localhost}",
      description = "Committer and tagger e-mail. Env: CAIRN_GIT_AUTHOR_EMAIL.")
  private String authorEmail = "cairn@localhost";

  @Option(
      names = "--git-retry-timeout",
      paramLabel = "SECONDS",
      defaultValue = "${env:CAIRN_GIT_RETRY_TIMEOUT:-120}",
      description =
          "How long to keep retrying a push that loses races with other writers"
              + " (default: ${DEFAULT-VALUE}). Env: CAIRN_GIT_RETRY_TIMEOUT.")
  private long retryTimeoutSeconds = 120;

  /** The repository URL as given (never one with a password: {@link #connect} refuses those). */
  public @Nullable String url() {
    String given = url;
    return UrlCredentials.carriesCredentials(given) ? null : given;
  }

  /**
   * Connects to the repository, mirroring it into {@code mirrorDir}.
   *
   * @throws InvalidInputException if no URL was given
   */
  public GitRepo connect(Path mirrorDir) {
    if (!org.eclipse.jgit.lib.Repository.isValidRefName("refs/heads/" + branch)) {
      throw new InvalidInputException(
          "Cannot use --git-branch '" + branch + "': not a valid Git branch name");
    }
    if (retryTimeoutSeconds < 0) {
      throw new InvalidInputException(
          "Cannot use --git-retry-timeout "
              + retryTimeoutSeconds
              + ": give 0 (no retries) or more seconds");
    }
    String normalized = normalizedUrl();
    GitAccess access = access(normalized, MountPaths.system());
    return GitRepo.connect(
        GitRemoteOptions.builder()
            .url(normalized)
            .branch(branch)
            .access(access)
            .workDir(mirrorDir)
            .identity(new GitIdentity(authorName, authorEmail))
            .retryTimeout(Duration.ofSeconds(retryTimeoutSeconds))
            .build());
  }

  private String normalizedUrl() {
    String given = url;
    if (given == null || given.isBlank()) {
      throw new InvalidInputException(
          "Cannot find the Git repository: no --git-url (set it or CAIRN_GIT_URL)");
    }
    refuseCredentials(given, "--git-url");
    boolean scpLike = given.matches("^[^/:]+@[^/:]+:.*");
    if (!given.contains("://") && !scpLike) {
      Path local = Path.of(given).toAbsolutePath().normalize();
      if (!Files.isDirectory(local)) {
        throw new InvalidInputException(
            "Cannot use --git-url "
                + given
                + ": not a URL and no such directory (give ssh://, https://, file:// or a"
                + " repository path)");
      }
      return local.toUri().toString();
    }
    return given;
  }

  /**
   * Refuses a Git URL with a user name, password or token in it (credentials come from files), with
   * the one-line error every Cairn command gives.
   *
   * @param option the option the URL came from, for the message (never the URL itself)
   * @throws ConfigurationException if {@code url} carries credentials
   */
  public static void refuseCredentials(@Nullable String url, String option) {
    UrlCredentials.refuse(
        url, option, "put the token in a file and give --git-token-file, or mount it");
  }

  /**
   * The credential files for {@code url}: each option, else its mount path if a file is there.
   * Given files are checked first; then an SSH URL without a key or known_hosts file fails here,
   * naming the Secret that should have been mounted, instead of later with an SSH error.
   */
  GitAccess access(String url, MountPaths mounts) {
    Path key = mounts.orMounted(sshKey, MountPaths.GIT_SSH_KEY);
    Path hosts = mounts.orMounted(knownHosts, MountPaths.GIT_KNOWN_HOSTS);
    Path token = mounts.orMounted(tokenFile, MountPaths.GIT_TOKEN);
    if (key != null) {
      SecretFiles.privateKey(key, "--git-ssh-key");
    }
    if (hosts != null) {
      SecretFiles.readable(hosts, "known_hosts file", "--git-known-hosts");
    }
    if (token != null) {
      SecretFiles.readable(token, "HTTPS token file", "--git-token-file");
      if (url.regionMatches(true, 0, "http://", 0, 7)
          && !"true".equalsIgnoreCase(mounts.env(ALLOW_HTTP_TOKEN_ENV))) {
        throw new ConfigurationException(
            "Cannot send the Git token over plain http:// to "
                + url
                + " (use https://, or set "
                + ALLOW_HTTP_TOKEN_ENV
                + "=true for a trusted network)");
      }
    }
    if (isSsh(url)) {
      if (key == null) {
        throw mounts.missing(
            "an SSH key",
            url,
            MountPaths.GIT_SSH_KEY,
            MountPaths.GIT_SSH_SECRET_ENV,
            "--git-ssh-key");
      }
      if (hosts == null) {
        throw mounts.missing(
            "a known_hosts file",
            url,
            MountPaths.GIT_KNOWN_HOSTS,
            MountPaths.KNOWN_HOSTS_SECRET_ENV,
            "--git-known-hosts");
      }
    }
    return new GitAccess(key, hosts, token, "x-access-token");
  }

  /**
   * Set to {@code true} to send a Git token over plain {@code http://} (a trusted network only).
   */
  public static final String ALLOW_HTTP_TOKEN_ENV = "CAIRN_GIT_ALLOW_HTTP_TOKEN";

  /** {@code ssh://...} or scp-like {@code user@host:path}, as the Git transport reads them. */
  static boolean isSsh(String url) {
    return url.regionMatches(true, 0, "ssh://", 0, 6) || url.matches("^[^/:]+@[^/:]+:.*");
  }
}
