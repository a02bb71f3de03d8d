package dev.cairn.core.hash;

import java.nio.file.Path;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * A {@link StateCache} for hashing one directory tree that also trusts the previous version's
 * {@link StatIndex} and writes the next one. A lookup asks the wrapped state first (exact path,
 * size, mtime and inode), then the previous index (see {@link StatIndex#trusted}); every file the
 * hasher settles, looked up or read, is recorded in the new index with the stat it was hashed at
 * (and not in the wrapped state, which is only read). Closing it leaves the wrapped state open.
 */
public final class IndexingStateCache implements StateCache {
  private final StateCache state;
  private final String rootPrefix;
  private @Nullable StatIndex previous; // set before the hasher's threads start, cleared after
  private final long device;
  private final StatIndexWriter next;
  private final boolean readState;
  private final LongAdder rehashed = new LongAdder();
  private final LongAdder fromIndex = new LongAdder();

  private IndexingStateCache(
      StateCache state,
      Path root,
      @Nullable StatIndex previous,
      StatIndexWriter next,
      boolean readState) {
    this.state = state;
    this.readState = readState;
    String text = root.toAbsolutePath().normalize().toString();
    this.rootPrefix = text.endsWith("/") ? text : text + "/";
    this.previous = previous;
    this.device = StatIndex.deviceOf(root);
    this.next = next;
  }

  /**
   * Wraps {@code state} for hashing the tree at {@code root}.
   *
   * @param previous the index to trust, or null to trust only {@code state}
   * @param next receives an entry per file of the tree
   */
  public static IndexingStateCache over(
      StateCache state, Path root, @Nullable StatIndex previous, StatIndexWriter next) {
    return new IndexingStateCache(state, root, previous, next, true);
  }

  /**
   * Wraps {@code state} so that every file of the tree at {@code root} is read and hashed (neither
   * the state nor an index is trusted); the hashes go to {@code next}.
   */
  public static IndexingStateCache rehashingAll(StateCache state, Path root, StatIndexWriter next) {
    return new IndexingStateCache(state, root, null, next, false);
  }

  /**
   * Lets go of the previous index once the tree is hashed (its hasher's threads are done): a
   * million-file index holds about 100 MB, which the upload that follows can use.
   */
  public void forgetPrevious() {
    previous = null;
  }

  /** Files read and hashed, because neither the state nor the previous index vouched for them. */
  public long rehashed() {
    return rehashed.sum();
  }

  /** Files whose MD5 came from the previous index. */
  public long trustedFromIndex() {
    return fromIndex.sum();
  }

  @Override
  public @Nullable Oid get(Key key) {
    String relpath = relpath(key);
    Oid known = readState ? state.get(key) : null;
    StatIndex index = previous;
    if (known == null && relpath != null && index != null) {
      known = index.trusted(relpath, key.size(), key.mtimeNanos(), key.inode(), device);
      if (known != null) {
        fromIndex.increment();
      }
    }
    if (known != null && relpath != null) {
      next.add(relpath, key.size(), key.mtimeNanos(), key.inode(), known);
    }
    return known;
  }

  /**
   * Records a file just read in the new index only. The wrapped state is not written: the index
   * carries the same stat to the next run (in a fresh pod too), and a million-file tree would
   * otherwise be held twice (about 100 MB more for the state's table).
   */
  @Override
  public void put(Key key, Oid oid) {
    rehashed.increment();
    String relpath = relpath(key);
    if (relpath != null) {
      next.add(relpath, key.size(), key.mtimeNanos(), key.inode(), oid);
    }
  }

  private @Nullable String relpath(Key key) {
    String path = key.path();
    return path.length() > rootPrefix.length() && path.startsWith(rootPrefix)
        ? path.substring(rootPrefix.length())
        : null;
  }

  @Override
  public long size() {
    return state.size();
  }

  @Override
  public void flush() {
    state.flush();
  }

  @Override
  public void close() {
    // the wrapped state belongs to the caller
  }
}
