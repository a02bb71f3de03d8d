package dev.cairn.steps.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.core.ConfigurationException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  @TempDir Path dir;

  @Test
  void missingKeyNamesTheFileAndTheOption() {
    Path key = dir.resolve("id_ed25519");
    assertThatThrownBy(() -> SecretFiles.privateKey(key, "--git-ssh-key"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Cannot read SSH key " + key + ": no such file (check --git-ssh-key)");
  }

  @Test
  void worldReadableKeyIsRefusedOwnerOnlyAndGroupReadAreAccepted() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path key = Files.writeString(dir.resolve("key"), "not really a key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> SecretFiles.privateKey(key, "--git-ssh-key"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("permissions are too open (chmod 600 it");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--r-----"));
    assertThat(SecretFiles.privateKey(key, "--git-ssh-key")).isEqualTo(key);
  }

  @Test
  void aWorldReadableKeyOnAReadOnlyMountIsAcceptedAsOnAKubernetesSecretVolume() throws Exception {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path key = Files.writeString(dir.resolve("ssh-privatekey"), "not really a key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(SecretFiles.privateKey(key, "--git-ssh-key", p -> p.equals(key))).isEqualTo(key);
    assertThatThrownBy(() -> SecretFiles.privateKey(key, "--git-ssh-key", p -> false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("permissions are too open");
    // the real check: a temp dir is writable, so the default refuses the open key
    assertThat(Files.getFileStore(key).isReadOnly()).isFalse();
    assertThatThrownBy(() -> SecretFiles.privateKey(key, "--git-ssh-key"))
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void directoryIsNotAFile() {
    assertThatThrownBy(() -> SecretFiles.readable(dir, "known_hosts file", "--git-known-hosts"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not a regular file");
  }
}
