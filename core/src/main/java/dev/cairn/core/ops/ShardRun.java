package dev.cairn.core.ops;

import dev.cairn.core.IntegrityException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.HashResult;
import dev.cairn.core.hash.HashResult.DirHash;
import dev.cairn.core.hash.Hasher;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.transfer.RemoteStatus;
import dev.cairn.core.transfer.Transfer;
import dev.cairn.core.transfer.TransferResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard of a {@link ShardedSnapshot}: reuses a finished listing whose files are all on the
 * remote; otherwise hashes the shard's range of the source, uploads what the remote lacks (streamed
 * from the source, or copied server-side for an {@code s3://} source) and writes the listing last.
 */
final class ShardRun {
  private static final Logger LOG = LoggerFactory.getLogger(ShardRun.class);

  private final Store store;
  private final String source;
  private final ShardedSnapshot.Shard shard;
  private final boolean followExternalLinks;
  private final boolean trustEtags;

  ShardRun(
      Store store,
      String source,
      ShardedSnapshot.Shard shard,
      boolean followExternalLinks,
      boolean trustEtags) {
    this.store = store;
    this.source = source;
    this.shard = shard;
    this.followExternalLinks = followExternalLinks;
    this.trustEtags = trustEtags;
  }

  ShardedSnapshot.ShardResult call() {
    Remote remote = store.remote();
    String key = ShardedSnapshot.listingKey(shard);
    if (remote.existing(List.of(key)).contains(key)) {
      ShardedSnapshot.ShardResult reused = reuse(key);
      if (reused != null) {
        return reused;
      }
      remote.delete(key); // redone below; objects are immutable, so the stale one goes first
    }
    List<ShardListing.File> files = new ArrayList<>();
    TransferResult pushed = source.startsWith("s3://") ? inPlace(files) : local(files);
    ShardListing listing = new ShardListing(shard, files);
    Path temp = store.cache().newTempFile();
    try {
      listing.write(temp);
      remote.put(key, temp);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the listing of shard " + shard.index(), e);
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        LOG.debug("Cannot delete {}", temp, e);
      }
    }
    LOG.info(
        "Shard {} of {}: {} files ({} bytes), uploaded {}, listing at {}",
        shard.index() + 1,
        shard.count(),
        files.size(),
        listing.bytes(),
        pushed.transferred(),
        key);
    return new ShardedSnapshot.ShardResult(
        shard, key, files.size(), listing.bytes(), false, pushed.transferred(), pushed.bytes());
  }

  /** The finished shard's result when its listing reads back and its files are on the remote. */
  private ShardedSnapshot.@org.jspecify.annotations.Nullable ShardResult reuse(String key) {
    ShardListing listing;
    try (InputStream in = store.remote().open(key)) {
      listing = ShardListing.read(in, shard, store.remote().describe() + "/" + key);
    } catch (IntegrityException e) {
      LOG.warn("Redoing shard {}: {}", shard.index(), e.getMessage());
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + key, e);
    }
    Set<Oid> missing = missingOnRemote(store, listing.files());
    if (!missing.isEmpty()) {
      LOG.warn(
          "Redoing shard {}: {} of its {} files are not on {}",
          shard.index(),
          missing.size(),
          listing.files().size(),
          store.remote().describe());
      return null;
    }
    LOG.info(
        "Shard {} of {} is done already: {} files, all on {}",
        shard.index() + 1,
        shard.count(),
        listing.files().size(),
        store.remote().describe());
    return new ShardedSnapshot.ShardResult(
        shard, key, listing.files().size(), listing.bytes(), true, 0, 0);
  }

  /** The files of {@code files} the remote lacks, asked in parallel batches. */
  static Set<Oid> missingOnRemote(Store store, List<ShardListing.File> files) {
    Set<Oid> oids = new LinkedHashSet<>();
    for (ShardListing.File f : files) {
      oids.add(f.oid());
    }
    if (oids.isEmpty()) {
      return Set.of();
    }
    RemoteStatus status =
        Transfer.builder(store.cache(), store.remote()).jobs(store.jobs()).build().status(oids);
    Set<Oid> missing = new LinkedHashSet<>(status.missingOnRemote());
    missing.addAll(status.missingEverywhere());
    return missing;
  }

  private TransferResult local(List<ShardListing.File> files) {
    Path root = Path.of(source).toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      throw new InvalidInputException(
          "Cannot snapshot shard "
              + shard.index()
              + " of "
              + source
              + ": no such directory (check the path and that the volume is mounted)");
    }
    HashResult hashed =
        Hasher.builder()
            .stateCache(store.state())
            .progress(store.progress())
            .followExternalLinks(followExternalLinks)
            .range(shard.from(), shard.to())
            .build()
            .hash(root);
    DirHash dir = (DirHash) hashed;
    Map<Oid, Path> paths = new HashMap<>();
    for (Tree.Entry entry : dir.tree().entries()) {
      Path path = dir.pathOf(entry);
      long size;
      try {
        size = Files.size(path);
      } catch (IOException e) {
        throw new InvalidInputException(
            "Cannot snapshot " + path + ": it vanished while hashing (re-run the shard)", e);
      }
      files.add(new ShardListing.File(entry.relpath(), entry.oid(), size));
      paths.putIfAbsent(entry.oid(), path);
    }
    if (paths.isEmpty()) {
      return new TransferResult("push", 0, 0, 0, List.of(), List.of());
    }
    return Transfer.builder(store.cache(), store.remote())
        .jobs(store.jobs())
        .progress(store.progress())
        .sources(paths::get)
        .build()
        .push(paths.keySet())
        .requireSuccess();
  }

  private TransferResult inPlace(List<ShardListing.File> files) {
    InPlaceSnapshot inPlace =
        new InPlaceSnapshot(store, source, trustEtags).range(shard.from(), shard.to());
    Hashed hashed = inPlace.hash();
    for (Tree.Entry entry : hashed.entries("")) {
      files.add(new ShardListing.File(entry.relpath(), entry.oid(), hashed.sizeOf(entry)));
    }
    return inPlace.upload();
  }
}
