package dev.cairn.core.transfer;

import dev.cairn.core.hash.Oid;
import dev.cairn.core.internal.Parallel;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.SupportsListing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of many objects a remote has, found by listing the remote's objects instead of asking for
 * each one, when that reads fewer names (as DVC chooses between traversing a remote and querying
 * it): a first snapshot of a million files into an empty or small remote costs one listing, not a
 * million existence checks. The remote's size is estimated from one shard folder ({@code
 * files/md5/ab/}, a 256th of the objects).
 */
final class RemoteListing {
  private static final Logger LOG = LoggerFactory.getLogger(RemoteListing.class);

  /** Fewer objects than this are always asked about one by one. */
  static final int FROM = 2048;

  /** The remote is listed when it holds at most this many objects per object asked about. */
  static final int NAMES_PER_OBJECT = 8;

  private static final int SHARDS = 256;

  private RemoteListing() {}

  /**
   * The subset of {@code oids} on the remote, if listing is the cheaper way to find it: a remote
   * that lists, the DVC 3 layout, many objects and a remote not much larger than them.
   */
  static Optional<Set<Oid>> existing(
      Remote remote, Layout layout, Collection<Oid> oids, Parallel pool) {
    if (oids.size() < FROM
        || layout != Layout.DVC3
        || !(remote instanceof SupportsListing listing)) {
      return Optional.empty();
    }
    Oid sample = oids.iterator().next();
    String shard = layout.key(sample).substring(0, layout.prefix().length() + 3); // files/md5/ab/
    LongAdder inShard = new LongAdder();
    listing.list(shard, key -> inShard.increment());
    long estimate = inShard.sum() * SHARDS;
    if (estimate > (long) oids.size() * NAMES_PER_OBJECT) {
      return Optional.empty();
    }
    Set<Oid> wanted = oids instanceof Set<Oid> set ? set : new HashSet<>(oids);
    Set<Oid> present = java.util.concurrent.ConcurrentHashMap.newKeySet();
    LongAdder listed = new LongAdder();
    List<String> shards = new ArrayList<>(SHARDS);
    for (int i = 0; i < SHARDS; i++) {
      shards.add(layout.prefix() + String.format(java.util.Locale.ROOT, "%02x/", i));
    }
    // the shard folders side by side: a file-system listing stats each name it reads
    pool.map(
        shards,
        prefix -> {
          listing.list(
              prefix,
              key -> {
                listed.increment();
                Oid oid = oidOf(layout, key);
                if (oid != null && wanted.contains(oid)) {
                  present.add(oid);
                }
              });
          return Boolean.TRUE;
        });
    LOG.debug(
        "Listed {} objects on {} to check {} (about {} estimated)",
        listed.sum(),
        remote.describe(),
        oids.size(),
        estimate);
    return Optional.of(present);
  }

  /** The object a key names ({@code files/md5/ab/cdef...[.dir]}), or null for any other key. */
  static @org.jspecify.annotations.Nullable Oid oidOf(Layout layout, String key) {
    String prefix = layout.prefix();
    int slash = prefix.length() + 2;
    if (!key.startsWith(prefix) || key.length() <= slash || key.charAt(slash) != '/') {
      return null;
    }
    try {
      return Oid.parse(key.substring(prefix.length(), slash) + key.substring(slash + 1));
    } catch (RuntimeException e) {
      return null; // not an object's key: ignored, as DVC ignores it
    }
  }
}
