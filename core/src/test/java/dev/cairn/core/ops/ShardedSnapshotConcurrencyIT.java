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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two sharded runs of the same dataset at once, each with its own pods, register one version. */
class ShardedSnapshotConcurrencyIT {
  @TempDir Path tmp;

  @Test
  void concurrentShardedRuns_convergeOnOneVersion() throws Exception {
    Path source = ShardedSnapshotTest.tree(tmp.resolve("src"));
    try (GitSshServer server = GitSshServer.start(tmp.resolve("srv"), tmp.resolve("srv-state"))) {
      Path key = server.newAuthorizedKey(tmp.resolve("id"));
      Path hosts = server.knownHosts(tmp.resolve("known_hosts"));
      Path bare = server.createEmptyRepository("reg.git");
      try (StoreFixture fixture =
          StoreFixture.over(
              tmp.resolve("world"), bare, server.url("reg.git"), GitAccess.ssh(key, hosts))) {
        List<Store> stores = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          stores.add(fixture.store());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
          List<Future<Snapshot.Result>> runs = new ArrayList<>();
          for (int run = 0; run < 2; run++) {
            Store pod = stores.get(run * 2);
            Store merger = stores.get(run * 2 + 1);
            runs.add(
                pool.submit(
                    () -> {
                      List<ShardedSnapshot.Shard> plan =
                          ShardedSnapshot.plan(pod, source.toString(), 3);
                      for (ShardedSnapshot.Shard s : plan) {
                        ShardedSnapshot.shard(pod, source.toString(), s, false, true);
                      }
                      return ShardedSnapshot.merge(
                          merger,
                          Snapshot.Request.of("lake", source, "data/lake", Snapshot.DATASET),
                          plan);
                    }));
          }
          Snapshot.Result a = runs.get(0).get();
          Snapshot.Result b = runs.get(1).get();
          assertThat(a.version()).isEqualTo(b.version()).isEqualTo("v0.0.1");
          assertThat(a.md5()).isEqualTo(b.md5());
          assertThat(a.changed() ^ b.changed()).isTrue();
          assertThat(fixture.tagNames()).containsExactly("lake@v0.0.1");
        } finally {
          pool.shutdownNow();
        }
      }
    }
  }
}
