package dev.cairn.core.remote.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteContractTest;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.RemoteTuning;
import dev.cairn.core.remote.Remotes;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract against an in-process MINA SSHD SFTP server, plus SSH-specific behaviour. */
class SftpRemoteIT extends RemoteContractTest {
  private static final AtomicInteger DIRS = new AtomicInteger();
  private static final String PASSWORD = "pw-" + System.nanoTime();
  @TempDir static Path serverDir;
  private static SshServer server;
  private static KeyPair hostKey;
  private static KeyPair userKey;
  private static KeyPair ecdsaKey;
  private static KeyPair rsaKey;
  private static Path keyFile;
  private static Path knownHosts;

  @BeforeAll
  static void startServer() throws Exception {
    hostKey = SshTestKeys.ed25519();
    userKey = SshTestKeys.ed25519();
    ecdsaKey = SshTestKeys.ecdsa();
    rsaKey = SshTestKeys.rsa();
    server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPublickeyAuthenticator(
        (user, key, session) ->
            "cairn".equals(user)
                && (KeyUtils.compareKeys(key, userKey.getPublic())
                    || KeyUtils.compareKeys(key, ecdsaKey.getPublic())
                    || KeyUtils.compareKeys(key, rsaKey.getPublic())));
    server.setPasswordAuthenticator(
        (user, password, session) -> "cairn".equals(user) && PASSWORD.equals(password));
    server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    Path data = Files.createDirectory(serverDir.resolve("data"));
    server.setFileSystemFactory(new VirtualFileSystemFactory(data));
    server.start();
    keyFile = SshTestKeys.writeOpenSsh(userKey, serverDir.resolve("id_ed25519"), null);
    knownHosts =
        SshTestKeys.knownHosts(
            serverDir.resolve("known_hosts"), "127.0.0.1", server.getPort(), hostKey.getPublic());
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.stop(true);
  }

  private static String url(String dir) {
    return "ssh://cairn@127.0.0.1:" + server.getPort() + "/" + dir;
  }

  private static Map<String, String> keyOptions(Path key) {
    return Map.of("keyfile", key.toString());
  }

  @Override
  protected Remote openRemote(RemoteTuning tuning) {
    return Remotes.open(
        RemoteSpec.of(url("store" + DIRS.incrementAndGet()), keyOptions(keyFile))
            .withKnownHostsFile(knownHosts)
            .withTuning(tuning));
  }

  private void assertRoundTrip(Remote other) throws Exception {
    byte[] content = ("via " + other.describe()).getBytes(UTF_8);
    String key = key(content);
    other.put(key, file("rt" + System.nanoTime(), content));
    try (InputStream in = other.open(key)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void put_writesUnderRootPath_withDirectoriesCreated() throws Exception {
    byte[] content = "on disk".getBytes(UTF_8);
    String key = key(content);
    remote.put(key, file("d", content));
    Path stored =
        serverDir.resolve("data").resolve(remote.describe().replaceAll(".*/", "")).resolve(key);
    assertThat(stored).hasContent("on disk");
    try (var siblings = Files.list(stored.getParent())) {
      assertThat(siblings).containsExactly(stored);
    }
  }

  @Test
  void hostAlias_fromSshConfig_resolvesHostNameUserPortAndIdentityFile() throws Exception {
    Path config = serverDir.resolve("ssh_config");
    Files.writeString(
        config,
        "Host other\n  HostName 192.0.2.1\n\n"
            + "Host box\n  HostName 127.0.0.1\n  User cairn\n  Port "
            + server.getPort()
            + "\n  IdentityFile "
            + serverDir.resolve("missing_key")
            + "\n  IdentityFile "
            + keyFile
            + "\n",
        UTF_8);
    System.setProperty(SshHostConfig.CONFIG_PROPERTY, config.toString());
    try (Remote remote =
        Remotes.open(
            RemoteSpec.of("ssh://box/alias" + DIRS.incrementAndGet())
                .withKnownHostsFile(knownHosts))) {
      assertRoundTrip(remote);
      assertThat(remote.describe()).contains("cairn@127.0.0.1:" + server.getPort());
    } finally {
      System.clearProperty(SshHostConfig.CONFIG_PROPERTY);
    }
    SshHostConfig plain = SshHostConfig.resolve(config, "127.0.0.1");
    assertThat(plain.hostName()).isEqualTo("127.0.0.1");
    assertThat(plain.identity()).isNull();
  }

  @Test
  void encryptedOpenSshKey_withPassphraseFile_logsIn() throws Exception {
    Path encrypted = SshTestKeys.writeOpenSsh(userKey, work.resolve("enc"), "s3cret phrase");
    Path phrase = Files.writeString(work.resolve("phrase"), "s3cret phrase\n");
    try (Remote other =
        Remotes.open(
            RemoteSpec.of(url("enc"), keyOptions(encrypted))
                .withKnownHostsFile(knownHosts)
                .withKeyPassphraseFile(phrase))) {
      assertRoundTrip(other);
    }
  }

  @Test
  void encryptedKey_withoutPassphrase_isConfigurationError() throws Exception {
    Path encrypted = SshTestKeys.writeOpenSsh(userKey, work.resolve("enc2"), "other");
    assertThatThrownBy(
            () ->
                Remotes.open(
                    RemoteSpec.of(url("x"), keyOptions(encrypted)).withKnownHostsFile(knownHosts)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(encrypted.toString());
  }

  @Test
  void ecdsaOpenSshAndRsaPemKeys_logIn() throws Exception {
    List<Path> keys =
        List.of(
            SshTestKeys.writeOpenSsh(ecdsaKey, work.resolve("id_ecdsa"), null),
            SshTestKeys.writeRsaPkcs1Pem(rsaKey, work.resolve("id_rsa_pkcs1")),
            SshTestKeys.writePem(rsaKey, work.resolve("id_rsa_pkcs8")));
    for (Path pem : keys) {
      try (Remote other =
          Remotes.open(RemoteSpec.of(url("pem"), keyOptions(pem)).withKnownHostsFile(knownHosts))) {
        assertRoundTrip(other);
      }
    }
  }

  @Test
  void passwordFile_isFallback() throws Exception {
    Path passwordFile = Files.writeString(work.resolve("password"), PASSWORD + "\n");
    try (Remote other =
        Remotes.open(
            RemoteSpec.of(url("pw"), Map.of())
                .withKnownHostsFile(knownHosts)
                .withPasswordFile(passwordFile))) {
      assertRoundTrip(other);
    }
  }

  @Test
  void unknownKey_isRefusedLogin() throws Exception {
    Path stranger = SshTestKeys.writeOpenSsh(SshTestKeys.ed25519(), work.resolve("stranger"), null);
    try (Remote other =
        Remotes.open(
            RemoteSpec.of(url("s"), keyOptions(stranger)).withKnownHostsFile(knownHosts))) {
      assertThatThrownBy(() -> other.existing(List.of("a/b")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("Cannot log in")
          .hasMessageContaining(stranger.toString());
    }
  }

  @Test
  void changedHostKey_isRefused_withHowToFix() throws Exception {
    Path wrong =
        SshTestKeys.knownHosts(
            work.resolve("known_hosts_wrong"),
            "127.0.0.1",
            server.getPort(),
            SshTestKeys.ed25519().getPublic());
    try (Remote other =
        Remotes.open(RemoteSpec.of(url("w"), keyOptions(keyFile)).withKnownHostsFile(wrong))) {
      assertThatThrownBy(() -> other.existing(List.of("a/b")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("CHANGED")
          .hasMessageContaining("ssh-keyscan -p " + server.getPort() + " 127.0.0.1 >> " + wrong);
    }
  }

  @Test
  void garbageKnownHosts_isAConfigurationErrorNamingTheFile() throws Exception {
    Path garbage = work.resolve("known_hosts_garbage");
    Files.write(garbage, random(4096, 14));
    try (Remote other =
        Remotes.open(RemoteSpec.of(url("g"), keyOptions(keyFile)).withKnownHostsFile(garbage))) {
      assertThatThrownBy(() -> other.existing(List.of("a/b")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("is not listed in " + garbage)
          .hasMessageContaining("ssh-keyscan -p " + server.getPort() + " 127.0.0.1")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void junkLinesBesideAValidEntry_areSkippedAsOpenSshDoes() throws Exception {
    Path mixed = work.resolve("known_hosts_mixed");
    Files.writeString(
        mixed,
        "this is not a known_hosts line\n"
            + "garbage-without-spaces\n@revoked\n|1|bad|hash ssh-rsa AAAA\n"
            + "[127.0.0.1]:"
            + server.getPort()
            + " ssh-ed25519 !!notbase64!!\n"
            + "\u0000\u0001 garbage\n"
            + Files.readString(knownHosts));
    try (Remote other =
        Remotes.open(RemoteSpec.of(url("m"), keyOptions(keyFile)).withKnownHostsFile(mixed))) {
      assertRoundTrip(other);
    }
  }

  @Test
  void put_removesATempFileAKilledUploadLeftInTheShard_butNotAFreshOne() throws Exception {
    byte[] content = {7, 7, 7};
    String key = key(content);
    Path root = serverDir.resolve("data").resolve(remote.describe().replaceAll(".*/", ""));
    Path shard = Files.createDirectories(root.resolve(key).getParent());
    Path stale = Files.writeString(shard.resolve(".0123abcd.tmp"), "half an upload");
    Files.setLastModifiedTime(
        stale,
        java.nio.file.attribute.FileTime.from(
            java.time.Instant.now().minus(SftpRemote.TEMP_STALE_AFTER).minusSeconds(60)));
    Path live = Files.writeString(shard.resolve(".4567cdef.tmp"), "an upload in progress");
    Path other = Files.writeString(shard.resolve("not-a-temp"), "an object");
    Files.setLastModifiedTime(
        other, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(86_400)));

    remote.put(key, file("seven", content));

    assertThat(stale).doesNotExist();
    assertThat(live).exists();
    assertThat(other).exists();
    assertThat(root.resolve(key)).hasBinaryContent(content);
  }

  @Test
  void unknownHost_isRefused_withHowToAdd() throws Exception {
    Path otherHost =
        SshTestKeys.knownHosts(
            work.resolve("known_hosts_other"), "10.1.2.3", 22, hostKey.getPublic());
    try (Remote other =
        Remotes.open(RemoteSpec.of(url("u"), keyOptions(keyFile)).withKnownHostsFile(otherHost))) {
      assertThatThrownBy(() -> other.existing(List.of("a/b")))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("is not listed in " + otherHost)
          .hasMessageContaining("ssh-keyscan -p " + server.getPort() + " 127.0.0.1");
    }
  }

  @Test
  void unreachableServer_namesHostAndPort() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (Remote other =
        Remotes.open(
            RemoteSpec.of("ssh://cairn@127.0.0.1:" + port + "/x", keyOptions(keyFile))
                .withKnownHostsFile(knownHosts))) {
      assertThatThrownBy(() -> other.existing(List.of("a/b")))
          .isInstanceOf(RemoteAccessException.class)
          .hasMessageContaining("127.0.0.1:" + port);
    }
  }

  @Test
  void aServerThatAcceptsButNeverAnswers_failsWithinTheTimeoutAsUnreachableNotRefused()
      throws Exception {
    try (java.net.ServerSocket hung =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try (java.net.Socket held = hung.accept()) {
                  Thread.sleep(30_000);
                } catch (Exception e) {
                  // closed by the test
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();

      assertThatThrownBy(
              () -> {
                try (Remote other =
                    Remotes.open(
                        RemoteSpec.of(
                                "ssh://cairn@127.0.0.1:" + hung.getLocalPort() + "/x",
                                Map.of("keyfile", keyFile.toString(), "timeout", "2"))
                            .withKnownHostsFile(knownHosts))) {
                  other.existing(List.of("00/" + "0".repeat(30)));
                }
              })
          .isInstanceOf(dev.cairn.core.RemoteAccessException.class)
          .hasMessageContaining("did not answer within 2 s");
    }
  }

  @Test
  void urlWithoutAbsolutePath_isInvalidInput() {
    assertThatThrownBy(() -> Remotes.open("ssh://host", Map.of()))
        .isInstanceOf(dev.cairn.core.InvalidInputException.class)
        .hasMessageContaining("ssh://host");
  }
}
