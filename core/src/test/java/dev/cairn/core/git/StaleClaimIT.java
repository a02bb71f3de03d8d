package dev.cairn.core.git;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A claim ref left behind by a tag deleted since (as {@code gto deprecate --delete} or {@code git
 * push --delete} leave it) does not block the next write that picks the same name (it takes the
 * next free claim ref), while two writers racing for one name still cannot both win: over SSH and
 * on a local bare repository.
 */
class StaleClaimIT {
  private static final String CLAIM = "counter/m/1";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path tmp;
  private GitSshServer server;
  private Path bare;
  private Path key;
  private Path knownHosts;
  private int mirrors;

  @BeforeEach
  void start() {
    server = GitSshServer.start(tmp.resolve("srv"), tmp.resolve("srv-state"));
    key = server.newAuthorizedKey(tmp.resolve("id"));
    knownHosts = server.knownHosts(tmp.resolve("known_hosts"));
    bare = server.createRepository("reg.git", "main");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private GitRepo connect() {
    return GitRepo.connect(
        GitRemoteOptions.builder()
            .url(server.url("reg.git"))
            .access(GitAccess.ssh(key, knownHosts))
            .workDir(tmp.resolve("w" + ++mirrors))
            .retryTimeout(TIMEOUT)
            .build());
  }

  private static Change tagWithClaim(String tag, String claim) {
    return Change.tags(List.of(new NewTag(tag, null, "t", Instant.now())))
        .withClaims(List.of(claim));
  }

  @Test
  void write_claimOfDeletedTag_replacedInOneAttempt() throws IOException {
    try (GitRepo first = connect()) {
      first.write("first", s -> tagWithClaim("m#prod#1", CLAIM));
    }
    deleteRef(bare, "refs/tags/m#prod#1");
    assertThat(ref(bare, Change.CLAIMS_PREFIX + CLAIM)).isNotNull();

    try (GitRepo next = connect()) {
      WriteResult result = next.write("next", s -> tagWithClaim("m#dev#1", CLAIM));
      assertThat(result.attempts()).isEqualTo(1);
      assertThat(result.tags()).containsExactly("m#dev#1");
    }
    // the stale claim stays (it keeps its deleted tag's object); the next free name took its place
    assertThat(ref(bare, Change.CLAIMS_PREFIX + CLAIM)).isNotNull();
    assertThat(ref(bare, Change.CLAIMS_PREFIX + CLAIM + ".2"))
        .isEqualTo(ref(bare, "refs/tags/m#dev#1"));
  }

  @Test
  void write_twoWritersReplaceOneStaleClaim_onlyOneWins() throws IOException {
    try (GitRepo first = connect()) {
      first.write("first", s -> tagWithClaim("m#prod#1", CLAIM));
    }
    deleteRef(bare, "refs/tags/m#prod#1");
    try (GitRepo a = connect();
        GitRepo b = connect()) {
      AtomicInteger calls = new AtomicInteger();
      WriteResult result =
          b.write(
              "b",
              snapshot -> {
                if (calls.incrementAndGet() == 1) {
                  // a takes the stale claim after b's snapshot was taken: b must lose this attempt
                  a.write("a", s -> tagWithClaim("m#dev#1", CLAIM));
                  return tagWithClaim("m#staging#1", CLAIM);
                }
                assertThat(snapshot.tags()).extracting(GitTag::name).contains("m#dev#1");
                return tagWithClaim("m#staging#2", "counter/m/2");
              });
      assertThat(result.attempts()).isEqualTo(2);
      assertThat(result.tags()).containsExactly("m#staging#2");
    }
    assertThat(ref(bare, "refs/tags/m#staging#1")).isNull();
    assertThat(ref(bare, Change.CLAIMS_PREFIX + CLAIM + ".2"))
        .isEqualTo(ref(bare, "refs/tags/m#dev#1"));
  }

  @Test
  void write_localBareRepository_staleClaimReplacedLiveClaimKept() throws IOException {
    try (GitRepo local = GitRepo.open(bare, GitIdentity.cairn())) {
      local.write("first", s -> tagWithClaim("m#prod#1", CLAIM));
      deleteRef(bare, "refs/tags/m#prod#1");
      local.refreshTags();
      WriteResult replaced = local.write("next", s -> tagWithClaim("m#dev#1", CLAIM));
      assertThat(replaced.tags()).containsExactly("m#dev#1");
      assertThat(ref(bare, Change.CLAIMS_PREFIX + CLAIM + ".2"))
          .isEqualTo(ref(bare, "refs/tags/m#dev#1"));

      AtomicInteger calls = new AtomicInteger();
      try (GitRepo other = GitRepo.open(bare, GitIdentity.cairn())) {
        deleteRef(bare, "refs/tags/m#dev#1");
        WriteResult raced =
            local.write(
                "raced",
                snapshot -> {
                  if (calls.incrementAndGet() == 1) {
                    other.write("other", s -> tagWithClaim("m#prod#1", CLAIM));
                    return tagWithClaim("m#staging#1", CLAIM);
                  }
                  return tagWithClaim("m#staging#2", "counter/m/2");
                });
        assertThat(raced.attempts()).isEqualTo(2);
      }
    }
    assertThat(ref(bare, "refs/tags/m#staging#1")).isNull();
    assertThat(ref(bare, Change.CLAIMS_PREFIX + CLAIM + ".3"))
        .isEqualTo(ref(bare, "refs/tags/m#prod#1"));
  }

  private static void deleteRef(Path repository, String name) throws IOException {
    try (Repository repo = open(repository)) {
      RefUpdate update = repo.updateRef(name);
      update.setForceUpdate(true);
      assertThat(update.delete()).isEqualTo(RefUpdate.Result.FORCED);
    }
  }

  private static @Nullable ObjectId ref(Path repository, String name) throws IOException {
    try (Repository repo = open(repository)) {
      Ref ref = repo.exactRef(name);
      return ref == null ? null : ref.getObjectId();
    }
  }

  private static Repository open(Path repository) throws IOException {
    return new FileRepositoryBuilder().setGitDir(repository.toFile()).setMustExist(true).build();
  }
}
