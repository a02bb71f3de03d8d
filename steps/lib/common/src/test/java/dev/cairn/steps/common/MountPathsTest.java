package dev.cairn.steps.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountPathsTest {
  private static final String URL = "ssh://git@git.example.com/ml/registry.git";

  @TempDir Path root;

  private MountPaths mounts(Map<String, String> env) {
    return MountPaths.under(root, env, root.resolve("home"));
  }

  private Path mounted(String mountPath) {
    return root.resolve(mountPath.substring(1));
  }

  @Test
  void aGivenFileWinsAndAMountedOneIsUsedOnlyWhenItIsThere() throws Exception {
    MountPaths mounts = mounts(Map.of());
    assertThat(mounts.orMounted(null, MountPaths.GIT_SSH_KEY)).isNull();
    Path key = mounted(MountPaths.GIT_SSH_KEY);
    Files.createDirectories(key.getParent());
    Files.writeString(key, "not really a key");
    assertThat(mounts.orMounted(null, MountPaths.GIT_SSH_KEY)).isEqualTo(key);
    Path given = root.resolve("given");
    assertThat(mounts.orMounted(given, MountPaths.GIT_SSH_KEY)).isEqualTo(given);
  }

  @Test
  void withoutTheVariableTheMessageNamesTheMountPathAndTheOption() {
    ConfigurationException e =
        mounts(Map.of())
            .missing(
                "an SSH key",
                URL,
                MountPaths.GIT_SSH_KEY,
                MountPaths.GIT_SSH_SECRET_ENV,
                "--git-ssh-key");
    Path file = mounted(MountPaths.GIT_SSH_KEY);
    assertThat(e)
        .hasMessage(
            "Cannot find an SSH key for "
                + URL
                + ": no --git-ssh-key and no file at "
                + file
                + " (give --git-ssh-key, or mount a Secret with the key ssh-privatekey at "
                + file.getParent()
                + ")");
  }

  @Test
  void aMissingOptionalSecretIsAnEmptyDirectoryAndIsNamed() throws Exception {
    // Kubernetes mounts a missing optional Secret as an empty volume (only its own ..data entries)
    Path dir = root.resolve("var/run/cairn/git-ssh");
    Files.createDirectories(dir.resolve("..2026_01_01_00_00_00.1"));
    Files.createSymbolicLink(dir.resolve("..data"), dir.resolve("..2026_01_01_00_00_00.1"));
    ConfigurationException e =
        mounts(Map.of(MountPaths.GIT_SSH_SECRET_ENV, "cairn-git-ssh"))
            .missing(
                "an SSH key",
                URL,
                MountPaths.GIT_SSH_KEY,
                MountPaths.GIT_SSH_SECRET_ENV,
                "--git-ssh-key");
    assertThat(e)
        .hasMessage(
            "Cannot find an SSH key for "
                + URL
                + ": the Secret \"cairn-git-ssh\" (key ssh-privatekey) is not mounted at "
                + dir
                + " (create it in the step's namespace with kubectl create secret generic"
                + " cairn-git-ssh --from-file=ssh-privatekey=FILE, or give --git-ssh-key)");
    assertThat(e.getMessage()).doesNotContain("\n");
  }

  @Test
  void aSecretWithoutTheKeyIsNamedWithTheKeyItLacks() throws Exception {
    Path dir = root.resolve("var/run/cairn/git-ssh");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("id_ed25519"), "SENTINEL-SECRET-VALUE");
    ConfigurationException e =
        mounts(Map.of(MountPaths.GIT_SSH_SECRET_ENV, "deploy-key"))
            .missing(
                "an SSH key",
                URL,
                MountPaths.GIT_SSH_KEY,
                MountPaths.GIT_SSH_SECRET_ENV,
                "--git-ssh-key");
    assertThat(e)
        .hasMessage(
            "Cannot find an SSH key for "
                + URL
                + ": the Secret \"deploy-key\" mounted at "
                + dir
                + " has no key ssh-privatekey (add the key ssh-privatekey to it, or give"
                + " --git-ssh-key)");
    assertThat(e.getMessage()).doesNotContain("SENTINEL");
  }

  @Test
  void aBlankVariableCountsAsUnset() {
    ConfigurationException e =
        mounts(Map.of(MountPaths.KNOWN_HOSTS_SECRET_ENV, " "))
            .missing(
                "a known_hosts file",
                URL,
                MountPaths.GIT_KNOWN_HOSTS,
                MountPaths.KNOWN_HOSTS_SECRET_ENV,
                "--git-known-hosts");
    assertThat(e).hasMessageContaining(": no --git-known-hosts and no file at ");
    assertThat(ExitCodes.of(e)).isEqualTo(ExitCodes.CONFIGURATION);
  }
}
