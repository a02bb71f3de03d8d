package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.testing.TestTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sharded snapshot (plan, shards each in a pod of its own, merge) registers the same version as a
 * single-pod snapshot of the same tree: the same {@code .dir} bytes, pointer and outputs.
 */
class ShardedSnapshotTest {
  @TempDir Path tmp;

  /** The awkward tree plus names whose order is easy to get wrong, and repeated content. */
  static Path tree(Path root) throws IOException {
    TestTrees.awkward(root, 400, 0, 11);
    for (String name :
        List.of(
            "ab/x.txt",
            "ab.txt",
            "ab0",
            "a.b/c",
            "\uFFFD.txt",
            "\uD83D\uDE00/inner.txt",
            "z/y/x/w/v/u/t/s/r/q/deep file.txt",
            "dup/one",
            "dup/two",
            "zz/dup")) {
      Path file = root.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, name.startsWith("dup") || name.equals("zz/dup") ? "same\n" : name);
    }
    Files.createDirectories(root.resolve("zz/empty/deeper"));
    return root;
  }

  private static Snapshot.Request request(Path source) {
    return Snapshot.Request.of("lake", source, "data/lake", Snapshot.DATASET);
  }

  /** Runs plan, each shard in a store (pod) of its own, and the merge. */
  static Snapshot.Result sharded(StoreFixture fixture, Path source, int count) {
    List<ShardedSnapshot.Shard> plan =
        ShardedSnapshot.plan(fixture.store(), source.toString(), count);
    for (ShardedSnapshot.Shard shard : plan) {
      ShardedSnapshot.shard(fixture.store(), source.toString(), shard, false, true);
    }
    List<ShardedSnapshot.Shard> read =
        ShardedSnapshot.parse(ShardedSnapshot.toJson(plan), "--plan");
    return ShardedSnapshot.merge(fixture.store(), request(source), read);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7, 64})
  void shardedDir_isTheSingleDir(int count) throws Exception {
    Path source = tree(tmp.resolve("src"));
    try (StoreFixture single = StoreFixture.create(tmp.resolve("single"));
        StoreFixture sharded = StoreFixture.create(tmp.resolve("sharded"))) {
      Snapshot.Result one = Snapshot.run(single.store(), request(source));
      Snapshot.Result many = sharded(sharded, source, count);

      assertThat(many.md5()).isEqualTo(one.md5());
      assertThat(many.version()).isEqualTo("v0.0.1");
      assertThat(many.files()).isEqualTo(one.files());
      assertThat(many.bytes()).isEqualTo(one.bytes());
      assertThat(many.changes()).isEqualTo(one.changes());
      assertThat(sharded.file("lake@v0.0.1", "data/lake.dvc"))
          .isEqualTo(single.file("lake@v0.0.1", "data/lake.dvc"));
      assertThat(sharded.file("lake@v0.0.1", "dvc.yaml"))
          .isEqualTo(single.file("lake@v0.0.1", "dvc.yaml"));
      Oid dir = Oid.parse(one.md5());
      String key = key(dir);
      assertThat(sharded.root.resolve("remote").resolve(key))
          .hasSameBinaryContentAs(single.root.resolve("remote").resolve(key));
      // every file of the .dir is on the sharded remote
      Tree tree = Tree.parse(Files.readAllBytes(single.root.resolve("remote").resolve(key)), key);
      for (Tree.Entry e : tree.entries()) {
        assertThat(sharded.root.resolve("remote").resolve(key(e.oid()))).exists();
      }
    }
  }

  @Test
  void plan_isDeterministic_balanced_andCoversEveryFileOnce() throws Exception {
    Path source = tree(tmp.resolve("src"));
    try (StoreFixture fixture = StoreFixture.create(tmp.resolve("w"))) {
      List<ShardedSnapshot.Shard> a = ShardedSnapshot.plan(fixture.store(), source.toString(), 4);
      List<ShardedSnapshot.Shard> b = ShardedSnapshot.plan(fixture.store(), source.toString(), 4);
      assertThat(ShardedSnapshot.toJson(a)).isEqualTo(ShardedSnapshot.toJson(b));
      long files = a.stream().mapToLong(ShardedSnapshot.Shard::files).sum();
      Snapshot.Result single = Snapshot.run(fixture.store(), request(source));
      assertThat(files).isEqualTo(single.files());
      for (ShardedSnapshot.Shard s : a) {
        assertThat(s.files()).isBetween(files / 8, files / 2);
      }
      assertThat(a.get(0).from()).isNull();
      assertThat(a.get(3).to()).isNull();
      // the cuts fall between directories: "many/" holds 400 of the files, in d0..d16
      assertThat(a.get(1).from()).doesNotContain(".bin");
      Files.writeString(source.resolve("new.txt"), "new");
      assertThat(ShardedSnapshot.plan(fixture.store(), source.toString(), 4).get(0).plan())
          .isNotEqualTo(a.get(0).plan());
    }
  }

  @Test
  void merge_refusesAMissingShard_andCompletesOnceItRan() throws Exception {
    Path source = tree(tmp.resolve("src"));
    try (StoreFixture fixture = StoreFixture.create(tmp.resolve("w"))) {
      List<ShardedSnapshot.Shard> plan =
          ShardedSnapshot.plan(fixture.store(), source.toString(), 3);
      ShardedSnapshot.shard(fixture.store(), source.toString(), plan.get(0), false, true);
      ShardedSnapshot.shard(fixture.store(), source.toString(), plan.get(2), false, true);

      assertThatThrownBy(() -> ShardedSnapshot.merge(fixture.store(), request(source), plan))
          .isInstanceOf(MissingObjectException.class)
          .hasMessageStartingWith("Cannot merge lake: shard 1 of 3 not finished")
          .hasMessageNotContaining("\n");
      assertThat(fixture.tagNames()).isEmpty();

      ShardedSnapshot.ShardResult ran =
          ShardedSnapshot.shard(fixture.store(), source.toString(), plan.get(1), false, true);
      assertThat(ran.reused()).isFalse();
      Snapshot.Result merged = ShardedSnapshot.merge(fixture.store(), request(source), plan);
      assertThat(merged.version()).isEqualTo("v0.0.1");
      assertThat(fixture.tagNames()).hasSize(1);
    }
  }

  @Test
  void merge_refusesAMissingMember_andARerunShardRestoresIt() throws Exception {
    Path source = tree(tmp.resolve("src"));
    try (StoreFixture fixture = StoreFixture.create(tmp.resolve("w"))) {
      List<ShardedSnapshot.Shard> plan =
          ShardedSnapshot.plan(fixture.store(), source.toString(), 2);
      for (ShardedSnapshot.Shard s : plan) {
        ShardedSnapshot.shard(fixture.store(), source.toString(), s, false, true);
      }
      Oid deep = Oid.ofFile(md5("deep\n"));
      Files.delete(fixture.root.resolve("remote").resolve(key(deep)));

      assertThatThrownBy(() -> ShardedSnapshot.merge(fixture.store(), request(source), plan))
          .isInstanceOf(MissingObjectException.class)
          .hasMessageContaining("1 files listed by shard 0 are not on")
          .hasMessageContaining(key(deep));
      assertThat(fixture.tagNames()).isEmpty();

      ShardedSnapshot.ShardResult redone =
          ShardedSnapshot.shard(fixture.store(), source.toString(), plan.get(0), false, true);
      assertThat(redone.reused()).isFalse();
      assertThat(redone.uploaded()).isEqualTo(1);
      ShardedSnapshot.ShardResult reused =
          ShardedSnapshot.shard(fixture.store(), source.toString(), plan.get(1), false, true);
      assertThat(reused.reused()).isTrue();
      assertThat(reused.uploaded()).isZero();
      assertThat(ShardedSnapshot.merge(fixture.store(), request(source), plan).version())
          .isEqualTo("v0.0.1");
    }
  }

  @Test
  void shard_rewritesACorruptListing() throws Exception {
    Path source = tree(tmp.resolve("src"));
    try (StoreFixture fixture = StoreFixture.create(tmp.resolve("w"))) {
      List<ShardedSnapshot.Shard> plan =
          ShardedSnapshot.plan(fixture.store(), source.toString(), 2);
      for (ShardedSnapshot.Shard s : plan) {
        ShardedSnapshot.shard(fixture.store(), source.toString(), s, false, true);
      }
      Path listing =
          fixture.root.resolve("remote").resolve(ShardedSnapshot.listingKey(plan.get(1)));
      byte[] whole = Files.readAllBytes(listing);
      listing.toFile().setWritable(true);
      Files.write(listing, java.util.Arrays.copyOf(whole, whole.length / 2));

      assertThatThrownBy(() -> ShardedSnapshot.merge(fixture.store(), request(source), plan))
          .hasMessageStartingWith("Cannot read shard listing");
      assertThat(
              ShardedSnapshot.shard(fixture.store(), source.toString(), plan.get(1), false, true)
                  .reused())
          .isFalse();
      assertThat(ShardedSnapshot.merge(fixture.store(), request(source), plan).changed()).isTrue();
    }
  }

  @Test
  void interleavedShardedRuns_convergeOnOneVersion() throws Exception {
    Path source = tree(tmp.resolve("src"));
    try (StoreFixture fixture = StoreFixture.create(tmp.resolve("w"))) {
      List<ShardedSnapshot.Shard> first =
          ShardedSnapshot.plan(fixture.store(), source.toString(), 3);
      List<ShardedSnapshot.Shard> second =
          ShardedSnapshot.plan(fixture.store(), source.toString(), 3);
      for (int i = 0; i < 3; i++) {
        ShardedSnapshot.shard(fixture.store(), source.toString(), first.get(i), false, true);
        ShardedSnapshot.shard(fixture.store(), source.toString(), second.get(i), false, true);
      }
      Snapshot.Result b = ShardedSnapshot.merge(fixture.store(), request(source), second);
      Snapshot.Result a = ShardedSnapshot.merge(fixture.store(), request(source), first);
      assertThat(a.version()).isEqualTo(b.version()).isEqualTo("v0.0.1");
      assertThat(a.changed()).isFalse();
      assertThat(fixture.tagNames()).hasSize(1);
    }
  }

  @Test
  void badPlans_areRefusedInOneLine() throws Exception {
    Path source = tree(tmp.resolve("src"));
    try (StoreFixture fixture = StoreFixture.create(tmp.resolve("w"))) {
      List<ShardedSnapshot.Shard> plan =
          ShardedSnapshot.plan(fixture.store(), source.toString(), 3);
      assertThatThrownBy(
              () -> ShardedSnapshot.merge(fixture.store(), request(source), plan.subList(0, 2)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "Cannot merge with this plan: it has 2 shards, not 3 (give the whole JSON list the"
                  + " plan role wrote)");
      assertThatThrownBy(() -> ShardedSnapshot.parse("{\"x\":1}", "--shard"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("Cannot read --shard: not a shard plan");
      assertThatThrownBy(() -> ShardedSnapshot.plan(fixture.store(), source.toString(), 0))
          .isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(
              () ->
                  ShardedSnapshot.plan(fixture.store(), source.resolve("plain.txt").toString(), 2))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("not a directory");
      assertThat(ShardedSnapshot.parse(plan.get(1).toJson(), "--shard"))
          .containsExactly(plan.get(1));
    }
  }

  /** The DVC 3 remote key of an object. */
  private static String key(Oid oid) {
    return "files/md5/" + oid.value().substring(0, 2) + "/" + oid.value().substring(2);
  }

  private static String md5(String text) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(UTF_8)));
  }
}
