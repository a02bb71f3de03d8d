package dev.cairn.steps.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.git.GitAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GitOptionsTest {
  private static final String SSH_URL = "ssh://git@git.example.com/ml/registry.git";
  private static final Map<String, String> POD_ENV =
      Map.of(
          MountPaths.GIT_SSH_SECRET_ENV, "cairn-git-ssh",
          MountPaths.KNOWN_HOSTS_SECRET_ENV, "cairn-known-hosts");

  @TempDir Path root;

  private static GitOptions options(String... args) {
    GitOptions options = new GitOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  private MountPaths pod() {
    return MountPaths.under(root, POD_ENV, root.resolve("home"));
  }

  private Path mount(String mountPath, String content) throws Exception {
    Path file = root.resolve(mountPath.substring(1));
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
    return file;
  }

  @Test
  void anSshUrlWithoutAKeyNamesTheSecretThatIsNotMounted() {
    Path dir = root.resolve("var/run/cairn/git-ssh");
    assertThatThrownBy(() -> options().access(SSH_URL, pod()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Cannot find an SSH key for "
                + SSH_URL
                + ": the Secret \"cairn-git-ssh\" (key ssh-privatekey) is not mounted at "
                + dir
                + " (create it in the step's namespace with kubectl create secret generic"
                + " cairn-git-ssh --from-file=ssh-privatekey=FILE, or give --git-ssh-key)");
  }

  @Test
  void anScpLikeUrlIsSshToo() {
    assertThatThrownBy(() -> options().access("git@git.example.com:ml/registry.git", pod()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "Cannot find an SSH key for git@git.example.com:ml/registry.git: the Secret"
                + " \"cairn-git-ssh\"");
  }

  @Test
  void aMountedKeyWithoutKnownHostsNamesTheKnownHostsSecret() throws Exception {
    mount(MountPaths.GIT_SSH_KEY, "not really a key");
    assertThatThrownBy(() -> options().access(SSH_URL, pod()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "Cannot find a known_hosts file for "
                + SSH_URL
                + ": the Secret \"cairn-known-hosts\" (key known_hosts) is not mounted at ")
        .hasMessageEndingWith("or give --git-known-hosts)");
  }

  @Test
  void outsideAPodTheOptionAndTheMountPathAreNamed() {
    MountPaths laptop = MountPaths.under(root, Map.of(), root.resolve("home"));
    assertThatThrownBy(() -> options().access(SSH_URL, laptop))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Cannot find an SSH key for " + SSH_URL + ": no --git-ssh-key")
        .hasMessageNotContaining("Secret \"");
  }

  @Test
  void mountedKeyAndKnownHostsAreUsed() throws Exception {
    Path key = mount(MountPaths.GIT_SSH_KEY, "not really a key");
    Path hosts = mount(MountPaths.GIT_KNOWN_HOSTS, "git.example.com ssh-ed25519 AAAA");
    GitAccess access = options().access(SSH_URL, pod());
    assertThat(access.sshPrivateKey()).isEqualTo(key);
    assertThat(access.knownHosts()).isEqualTo(hosts);
  }

  @Test
  void aGivenKeyThatIsMissingIsReportedAsSuch() {
    Path key = root.resolve("no-key");
    assertThatThrownBy(() -> options("--git-ssh-key", key.toString()).access(SSH_URL, pod()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Cannot read SSH key " + key + ": no such file (check --git-ssh-key)");
  }

  @Test
  void httpsAndLocalRepositoriesNeedNoSshFiles() {
    GitAccess https = options().access("https://git.example.com/ml/registry.git", pod());
    assertThat(https.sshPrivateKey()).isNull();
    assertThat(https.httpsTokenFile()).isNull();
    GitAccess local = options().access(root.toUri().toString(), pod());
    assertThat(local.knownHosts()).isNull();
  }

  @Test
  void sshUrlsAreRecognised() {
    assertThat(GitOptions.isSsh("ssh://git@host/repo.git")).isTrue();
    assertThat(GitOptions.isSsh("SSH://git@host:2222/repo.git")).isTrue();
    assertThat(GitOptions.isSsh("git@host:repo.git")).isTrue();
    assertThat(GitOptions.isSsh("https://host/repo.git")).isFalse();
    assertThat(GitOptions.isSsh("https://user@host/repo.git")).isFalse();
    assertThat(GitOptions.isSsh("file:///srv/git/repo.git")).isFalse();
  }

  @Test
  void aTokenOverPlainHttp_isRefusedUnlessAllowed() throws Exception {
    mount(MountPaths.GIT_TOKEN, "SENTINEL-TOKEN\n");
    String url = "http://git.internal/ml/registry.git";

    assertThatThrownBy(() -> options().access(url, pod()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Cannot send the Git token over plain http:// to " + url);
    assertThat(
            options()
                .access(
                    url,
                    MountPaths.under(
                        root,
                        Map.of(GitOptions.ALLOW_HTTP_TOKEN_ENV, "true"),
                        root.resolve("home")))
                .httpsTokenFile())
        .isNotNull();
    assertThat(options().access("https://git.example.com/r.git", pod()).httpsTokenFile())
        .isNotNull();
  }
}
