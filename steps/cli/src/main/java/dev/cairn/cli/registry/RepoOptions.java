package dev.cairn.cli.registry;

import dev.cairn.core.git.GitAccess;
import dev.cairn.core.git.GitIdentity;
import dev.cairn.core.git.GitRemoteOptions;
import dev.cairn.core.git.GitRepo;
import dev.cairn.steps.common.GitOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Where the registry's Git repository is and how to reach it (every option has a CAIRN_ env).
 *
 * <p>Every flag of the steps' {@link GitOptions} is accepted here under the same name ({@code
 * --git-url}, {@code --git-branch}, {@code --git-ssh-key}, {@code --git-known-hosts}, {@code
 * --git-token-file}, {@code --git-retry-timeout}, {@code --git-author-name}, {@code
 * --git-author-email}), with the same environment variables; the shorter names are the CLI's own.
 * What differs is deliberate: {@code --repo} defaults to {@code .} and is resolved against {@code
 * -C}, a local repository is opened in place (the steps always mirror), {@code --ssh-secret-dir}
 * takes a mounted {@code kubernetes.io/ssh-auth} Secret, and {@code --work-dir} keeps the mirror. A
 * URL with credentials in it is refused by {@link GitOptions#refuseCredentials}, as in the steps.
 */
public final class RepoOptions {
  @Option(
      names = {"--repo", "--git-url"},
      defaultValue = "${env:CAIRN_GIT_URL:-.}",
      description = "Git URL (ssh://, https://, file://) or a local repository path (default: .).")
  String repo = ".";

  @Option(
      names = {"--branch", "--git-branch"},
      defaultValue = "${env:CAIRN_GIT_BRANCH:-main}",
      description = "Branch to commit to.")
  String branch = "main";

  @Option(
      names = {"--ssh-key", "--git-ssh-key"},
      defaultValue = "${env:CAIRN_GIT_SSH_KEY}",
      description = "SSH private key file.")
  @Nullable Path sshKey;

  @Option(
      names = "--ssh-secret-dir",
      defaultValue = "${env:CAIRN_GIT_SSH_SECRET_DIR}",
      description = "Mounted kubernetes.io/ssh-auth Secret directory (uses its ssh-privatekey).")
  @Nullable Path sshSecretDir;

  @Option(
      names = {"--known-hosts", "--git-known-hosts"},
      defaultValue = "${env:CAIRN_GIT_KNOWN_HOSTS}",
      description = "known_hosts file (checked strictly).")
  @Nullable Path knownHosts;

  @Option(
      names = {"--https-token-file", "--git-token-file"},
      defaultValue = "${env:CAIRN_GIT_TOKEN_FILE}",
      description = "File holding an HTTPS token.")
  @Nullable Path tokenFile;

  @Option(
      names = "--work-dir",
      defaultValue = "${env:CAIRN_GIT_WORK_DIR}",
      description =
          "Directory for Cairn's Git mirror (reused between runs; default: a temporary one).")
  @Nullable Path workDir;

  @Option(
      names = {"--retry-timeout", "--git-retry-timeout"},
      defaultValue = "${env:CAIRN_GIT_RETRY_TIMEOUT:-120}",
      description = "Seconds to keep retrying a write that loses races with other writers.")
  long retryTimeoutSeconds = 120;

  @Option(
      names = {"--author-name", "--git-author-name"},
      defaultValue = "${env:CAIRN_GIT_AUTHOR_NAME:-cairn}",
      description = "Tagger/committer name.")
  String authorName = "cairn";

  @Option(
      names = {"--author-email", "--git-author-email"},
      defaultValue = "${env:CAIRN_GIT_AUTHOR_EMAIL:-cairn@localhost}",
      description = "Tagger/committer e-mail.")
  String authorEmail = "cairn@localhost";

  @Spec(Spec.Target.MIXEE)
  @Nullable CommandSpec command;

  private @Nullable Path tempDir;

  /** Opens the repository: a local directory directly, anything else through a mirror. */
  GitRepo open() {
    GitOptions.refuseCredentials(repo, "--repo");
    GitIdentity identity = new GitIdentity(authorName, authorEmail);
    Path start = StartDirectory.of(command);
    if (!repo.contains("://")
        && !repo.matches("^[^/]+@[^/]+:.*")
        && Files.isDirectory(start.resolve(repo))) {
      return GitRepo.open(start.resolve(repo), identity);
    }
    Path dir = StartDirectory.resolve(command, workDir);
    if (dir == null) {
      try {
        tempDir = Files.createTempDirectory("cairn-git");
        dir = tempDir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    Path key = StartDirectory.resolve(command, this.sshKey);
    Path secretDir = StartDirectory.resolve(command, this.sshSecretDir);
    Path hosts = StartDirectory.resolve(command, this.knownHosts);
    Path token = StartDirectory.resolve(command, this.tokenFile);
    GitAccess access = GitAccess.none();
    if (secretDir != null && hosts != null) {
      access = GitAccess.sshAuthSecret(secretDir, hosts);
    } else if (key != null || hosts != null) {
      access = new GitAccess(key, hosts, token, "x-access-token");
    } else if (token != null) {
      access = GitAccess.httpsToken(token);
    }
    GitRepo opened =
        GitRepo.connect(
            GitRemoteOptions.builder()
                .url(repo)
                .branch(branch)
                .access(access)
                .workDir(dir)
                .identity(identity)
                .retryTimeout(Duration.ofSeconds(retryTimeoutSeconds))
                .build());
    return new CleaningRepo(opened, this);
  }

  void cleanUp() {
    Path dir = tempDir;
    if (dir == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temporary mirror
    }
    tempDir = null;
  }
}
