package dev.cairn.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.git.GitAccess;
import dev.cairn.core.git.GitSshServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots by concurrent writers (separate mirrors, as separate pods) against a real Git-over-SSH
 * server: shared files (dvc.yaml, a folder's .gitignore) are merged, never overwritten, and the
 * same data gets one version.
 */
class SnapshotConcurrencyIT {
  @TempDir Path tmp;
  private GitSshServer server;
  private StoreFixture fixture;
  private Path data;

  @BeforeEach
  void setUp() {
    server = GitSshServer.start(tmp.resolve("srv"), tmp.resolve("srv-state"));
    Path key = server.newAuthorizedKey(tmp.resolve("id"));
    Path hosts = server.knownHosts(tmp.resolve("known_hosts"));
    Path bare = server.createEmptyRepository("reg.git");
    fixture =
        StoreFixture.over(
            tmp.resolve("world"), bare, server.url("reg.git"), GitAccess.ssh(key, hosts));
    data = tmp.resolve("src/churn");
    StoreFixture.write(data.resolve("a.csv"), "id,label\n1,0\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
    server.close();
  }

  private Snapshot.Request dataset(Path source) {
    return Snapshot.Request.of("churn", source, "data/churn", Snapshot.DATASET);
  }

  @Test
  void run_concurrentWritersInOneFolder_everyArtifactIgnoreEntryAndTagSurvives() throws Exception {
    int writers = 4;
    List<Store> stores = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      stores.add(fixture.store());
      StoreFixture.write(tmp.resolve("par/d" + i + "/x.csv"), "writer " + i + "\n");
    }
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Snapshot.Result>> futures = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () ->
                    Snapshot.run(
                        stores.get(n),
                        Snapshot.Request.of(
                            "d" + n, tmp.resolve("par/d" + n), "data/d" + n, Snapshot.DATASET))));
      }
      for (Future<Snapshot.Result> f : futures) {
        assertThat(f.get().version()).isEqualTo("v0.0.1");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(fixture.tagNames())
        .containsExactly("d0@v0.0.1", "d1@v0.0.1", "d2@v0.0.1", "d3@v0.0.1");
    String ignore = fixture.file("main", "data/.gitignore");
    String yaml = fixture.file("main", "dvc.yaml");
    for (int i = 0; i < writers; i++) {
      assertThat(ignore).contains("/d" + i + "\n");
      assertThat(yaml).contains("  d" + i + ":\n    path: data/d" + i + "\n");
      assertThat(fixture.file("main", "data/d" + i + ".dvc")).contains("path: d" + i + "\n");
    }
  }

  @Test
  void run_sameDataByTwoWritersAtOnce_bothGetTheSameVersion() throws Exception {
    Store a = fixture.store();
    Store b = fixture.store();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      // Different tag messages: byte-identical packs pushed at the same instant make JGit's
      // in-process receive-pack fail to lock the pack name (a test-server artifact).
      var fa = pool.submit(() -> Snapshot.run(a, dataset(data).withMessage("writer a")));
      var fb = pool.submit(() -> Snapshot.run(b, dataset(data).withMessage("writer b")));
      Snapshot.Result ra = fa.get();
      Snapshot.Result rb = fb.get();
      assertThat(ra.version()).isEqualTo("v0.0.1").isEqualTo(rb.version());
      assertThat(ra.commit()).isEqualTo(rb.commit());
      assertThat(List.of(ra.changed(), rb.changed())).containsExactlyInAnyOrder(true, false);
    } finally {
      pool.shutdownNow();
    }
    assertThat(fixture.tagNames()).containsExactly("churn@v0.0.1");
  }
}
