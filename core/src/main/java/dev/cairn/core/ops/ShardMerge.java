package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.transfer.Transfer;
import dev.cairn.core.transfer.TransferResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merge of a {@link ShardedSnapshot}: checks the plan covers every relpath once, reads each
 * shard's listing, checks each listed file is on the remote, then builds the {@code .dir} from all
 * of them and registers it through {@link SnapshotRun}, which uploads the {@code .dir} last.
 */
final class ShardMerge {
  private static final Logger LOG = LoggerFactory.getLogger(ShardMerge.class);

  private final Store store;
  private final Snapshot.Request request;
  private final List<ShardedSnapshot.Shard> plan;

  ShardMerge(Store store, Snapshot.Request request, List<ShardedSnapshot.Shard> plan) {
    this.store = store;
    this.request = request;
    this.plan = plan;
  }

  Snapshot.Result call() {
    checkCovers(plan);
    Remote remote = store.remote();
    List<String> keys = plan.stream().map(ShardedSnapshot::listingKey).toList();
    Set<String> present = remote.existing(keys);
    List<Integer> unfinished = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (!present.contains(keys.get(i))) {
        unfinished.add(i);
      }
    }
    if (!unfinished.isEmpty()) {
      throw new MissingObjectException(
          "Cannot merge "
              + request.name()
              + ": shard"
              + (unfinished.size() == 1 ? " " : "s ")
              + list(unfinished)
              + " of "
              + plan.size()
              + " not finished (no listing under "
              + ShardedSnapshot.PREFIX
              + plan.get(0).plan()
              + "/ on "
              + remote.describe()
              + "; run "
              + (unfinished.size() == 1 ? "it" : "them")
              + ", then merge again)");
    }
    List<ShardListing.File> files = new ArrayList<>();
    Map<Oid, Integer> shardOf = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      ShardListing listing = read(keys.get(i), plan.get(i));
      for (ShardListing.File f : listing.files()) {
        files.add(f);
        shardOf.putIfAbsent(f.oid(), i);
      }
    }
    Set<Oid> missing = ShardRun.missingOnRemote(store, files);
    if (!missing.isEmpty()) {
      Set<Integer> shards = new TreeSet<>();
      missing.forEach(oid -> shards.add(Objects.requireNonNull(shardOf.get(oid))));
      Oid first = missing.iterator().next();
      throw new MissingObjectException(
          "Cannot merge "
              + request.name()
              + ": "
              + missing.size()
              + " files listed by shard"
              + (shards.size() == 1 ? " " : "s ")
              + list(new ArrayList<>(shards))
              + " are not on "
              + remote.describe()
              + ", such as "
              + Transfer.builder(store.cache(), remote).build().key(first)
              + " (run "
              + (shards.size() == 1 ? "that shard" : "those shards")
              + " again, then merge again)");
    }
    List<Tree.Entry> entries = new ArrayList<>(files.size());
    Map<String, Long> sizes = new HashMap<>();
    for (ShardListing.File f : files) {
      entries.add(new Tree.Entry(f.relpath(), f.oid()));
      sizes.put(f.relpath(), f.size());
    }
    Tree tree = Tree.of(entries);
    LOG.info(
        "Merged {} shards: {} files, all on {}; .dir {}",
        plan.size(),
        tree.size(),
        remote.describe(),
        tree.oid());
    return new SnapshotRun(store, request)
        .callMerged(Hashed.ofTree(tree, sizes), () -> upload(tree));
  }

  /** Uploads the {@code .dir}: the last object, after every file is known to be on the remote. */
  private TransferResult upload(Tree tree) {
    Oid dir = store.cache().addTree(tree);
    String key = Transfer.builder(store.cache(), store.remote()).build().key(dir);
    String operation = "push to " + store.remote().describe();
    if (store.remote().existing(List.of(key)).contains(key)) {
      return new TransferResult(operation, 0, 0, 1, List.of(), List.of());
    }
    store.remote().put(key, store.cache().path(dir));
    return new TransferResult(operation, 1, tree.toBytes().length, 0, List.of(), List.of());
  }

  private ShardListing read(String key, ShardedSnapshot.Shard shard) {
    try (InputStream in = store.remote().open(key)) {
      return ShardListing.read(in, shard, store.remote().describe() + "/" + key);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + key, e);
    }
  }

  /** The plan must be one whole plan: shards 0..count-1 of one id, ranges meeting end to start. */
  static void checkCovers(List<ShardedSnapshot.Shard> plan) {
    if (plan.isEmpty()) {
      throw broken("it is empty");
    }
    ShardedSnapshot.Shard first = plan.get(0);
    if (plan.size() != first.count()) {
      throw broken("it has " + plan.size() + " shards, not " + first.count());
    }
    for (int i = 0; i < plan.size(); i++) {
      ShardedSnapshot.Shard s = plan.get(i);
      if (!s.plan().equals(first.plan()) || s.count() != first.count() || s.index() != i) {
        throw broken("shard " + i + " is not shard " + i + " of plan " + first.plan());
      }
      String from = i == 0 ? null : plan.get(i - 1).to();
      if (!Objects.equals(s.from(), from) || (i == plan.size() - 1 && s.to() != null)) {
        throw broken("the ranges of shards " + (i - 1) + " and " + i + " do not meet");
      }
    }
  }

  private static InvalidInputException broken(String why) {
    return new InvalidInputException(
        "Cannot merge with this plan: " + why + " (give the whole JSON list the plan role wrote)");
  }

  private static String list(List<Integer> indexes) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < indexes.size() && i < 10; i++) {
      text.append(i == 0 ? "" : ", ").append(indexes.get(i));
    }
    return indexes.size() > 10 ? text + " and " + (indexes.size() - 10) + " more" : text.toString();
  }
}
