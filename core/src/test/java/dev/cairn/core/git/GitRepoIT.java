package dev.cairn.core.git;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConcurrentWriteException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitRepo against a real Git-over-SSH server (MINA SSHD + JGit UploadPack/ReceivePack). */
class GitRepoIT {
  @TempDir Path tmp;
  private GitSshServer server;
  private Path key;
  private Path knownHosts;

  @BeforeEach
  void start() {
    server = GitSshServer.start(tmp.resolve("srv"), tmp.resolve("srv-state"));
    key = server.newAuthorizedKey(tmp.resolve("id_ecdsa"));
    knownHosts = server.knownHosts(tmp.resolve("known_hosts"));
    server.createRepository("reg.git", "main");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private GitRemoteOptions options(String work) {
    return GitRemoteOptions.builder()
        .url(server.url("reg.git"))
        .branch("main")
        .access(GitAccess.ssh(key, knownHosts))
        .workDir(tmp.resolve(work))
        .retryTimeout(Duration.ofSeconds(30))
        .build();
  }

  @Test
  void write_commitAndAnnotatedTag_readableFromAFreshMirror() {
    Instant time = Instant.parse("2026-01-02T03:04:05Z");
    try (GitRepo repo = GitRepo.connect(options("a"))) {
      WriteResult result =
          repo.write(
              "test",
              s ->
                  Change.commit(
                      "add pointer",
                      Map.of("models/m.dvc", "outs: []\n".getBytes(UTF_8)),
                      List.of(
                          new NewTag(
                              "m@v0.0.1", null, "Registering artifact m version v0.0.1", time))));
      assertThat(result.commit()).isNotNull();
      assertThat(result.attempts()).isEqualTo(1);
      assertThat(result.tags()).containsExactly("m@v0.0.1");
    }
    try (GitRepo fresh = GitRepo.connect(options("b"))) {
      GitTag tag =
          fresh.tags().stream().filter(t -> t.name().equals("m@v0.0.1")).findFirst().orElseThrow();
      assertThat(tag.taggerTime()).isEqualTo(time);
      assertThat(tag.message().strip()).isEqualTo("Registering artifact m version v0.0.1");
      assertThat(tag.targetCommit()).isEqualTo(fresh.head().orElseThrow());
      assertThat(fresh.readFile("m@v0.0.1", "models/m.dvc"))
          .map(b -> new String(b, UTF_8))
          .contains("outs: []\n");
      assertThat(fresh.readFile("m@v0.0.1", "README.md")).isPresent();
      assertThat(fresh.readFile("m@v0.0.1", "missing")).isEmpty();
    }
  }

  @Test
  void write_remoteMovedDuringAttempt_reappliesOnNewHead() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (GitRepo a = GitRepo.connect(options("a"));
        GitRepo b = GitRepo.connect(options("b"))) {
      WriteResult result =
          a.write(
              "a",
              s -> {
                if (calls.incrementAndGet() == 1) {
                  b.write(
                      "b",
                      s2 -> Change.commit("b", Map.of("b.txt", "b".getBytes(UTF_8)), List.of()));
                }
                return Change.commit(
                    "a",
                    Map.of("a.txt", ("a on " + s.head()).getBytes(UTF_8)),
                    List.of(new NewTag("a-tag", null, "a", Instant.now())));
              });
      assertThat(result.attempts()).isEqualTo(2);
      assertThat(a.readFile(a.branch(), "b.txt")).isPresent();
      assertThat(a.readFile(a.branch(), "a.txt")).isPresent();
    }
    try (Git git = Git.open(tmp.resolve("srv/reg.git").toFile())) {
      assertThat(git.log().call())
          .extracting(c -> c.getShortMessage())
          .containsExactly("a", "b", "init");
    }
  }

  @Test
  void write_identicalWriteByAnotherWriterFirst_reportsNothingWritten() {
    // two runs of the same data in the same second build byte-identical objects: the second push
    // finds every ref already at its object (UP_TO_DATE) and must not claim the write as its own
    Instant time = Instant.parse("2026-01-02T03:04:05Z");
    java.util.function.Function<GitSnapshot, Change> same =
        s -> Change.tags(List.of(new NewTag("m@v0.0.1", null, "Registering m v0.0.1", time)));
    try (GitRepo a = GitRepo.connect(options("a"));
        GitRepo b = GitRepo.connect(options("b"))) {
      AtomicInteger calls = new AtomicInteger();
      WriteResult second =
          b.write(
              "b",
              s -> {
                if (calls.incrementAndGet() == 1) {
                  assertThat(a.write("a", same).tags()).containsExactly("m@v0.0.1");
                }
                return same.apply(s);
              });
      assertThat(second.tags()).isEmpty();
      assertThat(second.commit()).isNull();
      assertThat(b.tags()).extracting(GitTag::name).contains("m@v0.0.1");
    }
  }

  @Test
  void write_tagTakenByAnotherWriter_retriesWithRecomputedName() {
    try (GitRepo a = GitRepo.connect(options("a"));
        GitRepo b = GitRepo.connect(options("b"))) {
      AtomicInteger calls = new AtomicInteger();
      WriteResult result =
          a.write(
              "a",
              s -> {
                if (calls.incrementAndGet() == 1) {
                  b.write(
                      "b", s2 -> Change.tags(List.of(new NewTag("x#1", null, "b", Instant.now()))));
                }
                String name =
                    s.tags().stream().anyMatch(t -> t.name().equals("x#1")) ? "x#2" : "x#1";
                return Change.tags(List.of(new NewTag(name, null, "a", Instant.now())));
              });
      assertThat(result.tags()).containsExactly("x#2");
      assertThat(result.attempts()).isEqualTo(2);
    }
  }

  @Test
  void write_otherWriterAlwaysWins_concurrentWriteExceptionAndNothingPushed() throws Exception {
    try (GitRepo a = GitRepo.connect(options("a").toBuilder().retryTimeout(Duration.ZERO).build());
        GitRepo b = GitRepo.connect(options("b"))) {
      assertThatThrownBy(
              () ->
                  a.write(
                      "loser",
                      s -> {
                        b.write(
                            "b",
                            s2 ->
                                Change.commit(
                                    "b" + System.nanoTime(),
                                    Map.of(
                                        "b.txt", String.valueOf(System.nanoTime()).getBytes(UTF_8)),
                                    List.of()));
                        return Change.commit(
                            "a",
                            Map.of("a.txt", "a".getBytes(UTF_8)),
                            List.of(new NewTag("lost", null, "a", Instant.now())));
                      }))
          .isInstanceOf(ConcurrentWriteException.class)
          .hasMessageContaining("Cannot write loser");
    }
    try (Git git = Git.open(tmp.resolve("srv/reg.git").toFile())) {
      assertThat(git.tagList().call()).isEmpty();
      assertThat(git.log().call()).extracting(c -> c.getShortMessage()).doesNotContain("a");
    }
  }

  @Test
  void connect_unknownHostKey_configurationError() throws Exception {
    Path otherHosts = tmp.resolve("other_known_hosts");
    Files.writeString(
        otherHosts,
        "[127.0.0.1]:"
            + server.port()
            + " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFXvTcLVRr1wsD0dq0tDHVb9JPkCqdsDcNeqBEW2XOsW\n");
    GitRemoteOptions o = options("a").toBuilder().access(GitAccess.ssh(key, otherHosts)).build();
    assertThatThrownBy(() -> GitRepo.connect(o))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Cannot verify SSH server");
    Files.writeString(otherHosts, "");
    assertThatThrownBy(() -> GitRepo.connect(o))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("known_hosts");
  }

  @Test
  void connect_changedHostKey_configurationErrorSayingItChanged() throws Exception {
    Path changed =
        dev.cairn.core.remote.sftp.SshTestKeys.knownHosts(
            tmp.resolve("changed_known_hosts"),
            "127.0.0.1",
            server.port(),
            server.anotherHostKeyOfTheSameType());
    GitRemoteOptions o = options("a").toBuilder().access(GitAccess.ssh(key, changed)).build();
    assertThatThrownBy(() -> GitRepo.connect(o))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("CHANGED")
        .hasMessageContaining("man-in-the-middle")
        .hasMessageContaining(changed.toString())
        .hasMessageContaining("ssh-keyscan -p " + server.port() + " 127.0.0.1")
        .hasMessageNotContaining("not listed");
  }

  @Test
  void connect_hostListedOnlyForAnotherPort_notListed() throws Exception {
    Path other =
        dev.cairn.core.remote.sftp.SshTestKeys.knownHosts(
            tmp.resolve("other_port_known_hosts"),
            "127.0.0.1",
            server.port() + 1,
            dev.cairn.core.remote.sftp.SshTestKeys.ecdsa().getPublic());
    GitRemoteOptions o = options("a").toBuilder().access(GitAccess.ssh(key, other)).build();
    assertThatThrownBy(() -> GitRepo.connect(o))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not listed")
        .hasMessageNotContaining("CHANGED");
  }

  @Test
  void connect_garbageKnownHosts_configurationErrorNamingTheFile() throws Exception {
    Path garbage = tmp.resolve("garbage_known_hosts");
    byte[] noise = new byte[4096];
    new java.util.Random(14).nextBytes(noise);
    Files.write(garbage, noise);
    GitRemoteOptions o = options("a").toBuilder().access(GitAccess.ssh(key, garbage)).build();
    assertThatThrownBy(() -> GitRepo.connect(o))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(garbage.toString())
        .hasMessageContaining("not listed")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    Files.writeString(garbage, "[127.0.0.1]:" + server.port() + " ecdsa-sha2-nistp256 AAAA!!\n");
    assertThatThrownBy(() -> GitRepo.connect(o))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(garbage.toString())
        .hasMessageContaining("not listed");
  }

  @Test
  void connect_junkLinesBesideAValidEntry_areSkippedAsOpenSshDoes() throws Exception {
    Path mixed = tmp.resolve("mixed_known_hosts");
    Files.writeString(
        mixed,
        "this is not a known_hosts line\n"
            + "garbage-without-spaces\n@revoked\n|1|bad|hash ssh-rsa AAAA\n"
            + "[127.0.0.1]:"
            + server.port()
            + " ssh-ed25519 !!notbase64!!\n"
            + "\u0000\u0001 garbage\n"
            + Files.readString(knownHosts));
    GitRemoteOptions o = options("a").toBuilder().access(GitAccess.ssh(key, mixed)).build();
    try (GitRepo repo = GitRepo.connect(o)) {
      assertThat(repo.refreshTags()).isEmpty();
    }
  }

  @Test
  void connect_rejectedKey_configurationError() {
    Path stranger = server.newUnauthorizedKey(tmp.resolve("stranger"));
    GitRemoteOptions o =
        options("a").toBuilder().access(GitAccess.ssh(stranger, knownHosts)).build();
    assertThatThrownBy(() -> GitRepo.connect(o))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Cannot authenticate");
  }

  @Test
  void connect_missingKeyFile_configurationError() {
    GitRemoteOptions o =
        options("a").toBuilder()
            .access(GitAccess.sshAuthSecret(tmp.resolve("no-secret"), knownHosts))
            .build();
    assertThatThrownBy(() -> GitRepo.connect(o))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("ssh-privatekey");
  }

  @Test
  void connect_missingRepository_remoteAccessError() {
    GitRemoteOptions o = options("a").toBuilder().url(server.url("nope.git")).build();
    assertThatThrownBy(() -> GitRepo.connect(o))
        .isInstanceOf(RemoteAccessException.class)
        .hasMessageContaining("Cannot find Git repository");
  }

  @Test
  void connect_missingBranch_configurationError() {
    GitRemoteOptions o = options("a").toBuilder().branch("nope").build();
    assertThatThrownBy(() -> GitRepo.connect(o))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Cannot find branch: nope");
  }

  @Test
  void write_protectedBranch_remoteAccessErrorNamingTheReason() {
    server.protect("main");
    try (GitRepo repo = GitRepo.connect(options("a"))) {
      assertThatThrownBy(
              () ->
                  repo.write(
                      "x",
                      s ->
                          Change.commit(
                              "x",
                              Map.of("x", new byte[] {1}),
                              List.of(new NewTag("t", null, "m", Instant.now())))))
          .isInstanceOf(RemoteAccessException.class)
          .hasMessageContaining("protected branch");
      assertThat(repo.refreshTags()).isEmpty();
    }
  }

  @Test
  void connect_emptyRepository_firstWriteCreatesBranch() {
    server.createEmptyRepository("empty.git");
    GitRemoteOptions o = options("a").toBuilder().url(server.url("empty.git")).build();
    try (GitRepo repo = GitRepo.connect(o)) {
      assertThat(repo.head()).isEmpty();
      repo.write("first", s -> Change.commit("first", Map.of("f", new byte[] {1}), List.of()));
      assertThat(repo.head()).isPresent();
    }
  }
}
