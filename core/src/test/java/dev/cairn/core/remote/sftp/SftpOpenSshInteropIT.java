package dev.cairn.core.remote.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteContractTest;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.RemoteTuning;
import dev.cairn.core.remote.Remotes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remote contract over SFTP against the real OpenSSH sshd. */
class SftpOpenSshInteropIT extends RemoteContractTest {
  private static final AtomicInteger DIRS = new AtomicInteger();
  @TempDir static Path serverDir;
  private static OpenSshServer sshd;

  @BeforeAll
  static void startSshd() throws Exception {
    sshd = new OpenSshServer(serverDir);
  }

  @AfterAll
  static void stopSshd() throws Exception {
    sshd.close();
  }

  @Override
  protected Remote openRemote(RemoteTuning tuning) {
    Path root = serverDir.resolve("store" + DIRS.incrementAndGet());
    return Remotes.open(
        RemoteSpec.of(sshd.url(root), Map.of("keyfile", sshd.userKey.toString()))
            .withKnownHostsFile(sshd.knownHosts)
            .withTuning(tuning));
  }

  @Test
  void put_landsAtAbsolutePathOnServer() throws Exception {
    byte[] content = {4, 2};
    String key = key(content);
    remote.put(key, file("x", content));
    String root = remote.describe().substring(remote.describe().indexOf('/', "ssh://".length()));
    assertThat(Path.of(root).resolve(key)).hasBinaryContent(content);
  }

  @Test
  void wrongKnownHostsEntry_isRefused() throws Exception {
    Path other = serverDir.resolve("other_key");
    new ProcessBuilder(
            dev.cairn.core.testing.InteropTools.require("ssh-keygen").toString(),
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-f",
            other.toString())
        .inheritIO()
        .start()
        .waitFor();
    Path wrong =
        Files.writeString(
            work.resolve("known_hosts"),
            "[127.0.0.1]:" + sshd.port + " " + Files.readString(Path.of(other + ".pub")));
    try (Remote refused =
        Remotes.open(
            RemoteSpec.of(
                    sshd.url(serverDir.resolve("w")), Map.of("keyfile", sshd.userKey.toString()))
                .withKnownHostsFile(wrong))) {
      assertThatThrownBy(() -> refused.existing(List.of("a/b")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("CHANGED")
          .hasMessageContaining("ssh-keyscan -p " + sshd.port + " 127.0.0.1");
    }
  }
}
