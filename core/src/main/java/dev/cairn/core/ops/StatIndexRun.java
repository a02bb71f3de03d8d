package dev.cairn.core.ops;

import dev.cairn.core.CairnException;
import dev.cairn.core.hash.IndexingStateCache;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.StatIndex;
import dev.cairn.core.hash.StatIndexWriter;
import dev.cairn.core.hash.StateCache;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.Remote;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stat index side of one directory snapshot: reads the previous version's index from the remote
 * (so a fresh pod re-hashes only the files whose stat changed), records the new one in a temp file
 * of the work dir while the tree is hashed, and stores it on the remote under {@code
 * cairn/stat/<md5>.dir.idx} once the version is registered. The index only ever saves reading
 * files: a missing, torn or foreign index is logged and ignored (every file is hashed), and a
 * failure to store it only costs the next run time.
 */
final class StatIndexRun implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StatIndexRun.class);

  /**
   * Where the indexes live on the data remote. DVC reads objects only below {@code files/md5/} (and
   * legacy ones at {@code ab/cdef...}, two-character folders); a flat folder of {@code *.idx} keys
   * is neither, so {@code dvc pull}, {@code dvc push} and {@code dvc gc -c} pass it by.
   */
  static final String PREFIX = "cairn/stat/";

  private final Remote remote;
  private final Path temp;
  private final StatIndexWriter writer;
  private final IndexingStateCache state;
  private final @Nullable Oid previousDir;
  private final boolean hasPrevious;
  private final long previousDevice;
  private final long previousSize;
  private final long device;

  private StatIndexRun(
      Remote remote,
      Path temp,
      StatIndexWriter writer,
      IndexingStateCache state,
      @Nullable Oid previousDir,
      @Nullable StatIndex previous,
      long device) {
    this.remote = remote;
    this.temp = temp;
    this.writer = writer;
    this.state = state;
    this.previousDir = previousDir;
    this.hasPrevious = previous != null;
    this.previousDevice = previous == null ? StatIndex.UNKNOWN_DEVICE : previous.device();
    this.previousSize = previous == null ? -1 : previous.size();
    this.device = device;
  }

  /** The remote key of the index of {@code dir}. */
  static String key(Oid dir) {
    return PREFIX + dir.value() + ".idx";
  }

  /**
   * Prepares hashing the tree at {@code root}: loads the index of {@code previousDir} unless it is
   * null or {@code rehashAll}.
   */
  static StatIndexRun start(Store store, Path root, @Nullable Oid previousDir, boolean rehashAll) {
    StatIndex previous =
        previousDir == null || rehashAll ? null : load(store.remote(), previousDir);
    if (rehashAll) {
      LOG.info("Re-hashing every file of {} (rehash-all)", root);
    }
    long device = StatIndex.deviceOf(root);
    Path temp = store.cache().newTempFile();
    StatIndexWriter writer;
    try {
      writer = StatIndexWriter.open(Files.newOutputStream(temp), device);
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("Cannot write the stat index " + temp, e);
    }
    StateCache base = store.state();
    IndexingStateCache state =
        rehashAll
            ? IndexingStateCache.rehashingAll(base, root, writer)
            : IndexingStateCache.over(base, root, previous, writer);
    return new StatIndexRun(store.remote(), temp, writer, state, previousDir, previous, device);
  }

  /**
   * Whether the files this run reads are likely new to the remote: the tree's first version, or
   * only the files whose stat changed since the previous one. Not so when every file of a known
   * tree is read again (rehash-all, or the previous index missing or unreadable).
   */
  boolean readsOnlyNewFiles() {
    return previousDir == null || hasPrevious;
  }

  /** Lets go of the previous index: the tree is hashed (see {@link IndexingStateCache}). */
  void hashed() {
    state.forgetPrevious();
  }

  /** The state the hasher should use. */
  StateCache state() {
    return state;
  }

  /** Files read and hashed in this run. */
  long rehashed() {
    return state.rehashed();
  }

  /** Files whose MD5 came from the previous version's index. */
  long trustedFromIndex() {
    return state.trustedFromIndex();
  }

  /** Logs how the files were settled. */
  void logCounts(long files) {
    LOG.info(
        "Hashed the tree: read {} of {} files ({} trusted from the stat index of {})",
        state.rehashed(),
        files,
        state.trustedFromIndex(),
        previousDir == null ? "no previous version" : previousDir.value());
  }

  /**
   * Stores the index of {@code dir} (the version now registered) on the remote, replacing an older
   * index of the same listing unless the one just read is still exact. Best effort: a failure is
   * logged.
   */
  void save(Oid dir, long files) {
    String key = key(dir);
    try {
      writer.finish(dir);
      if (dir.equals(previousDir)
          && hasPrevious
          && previousDevice == device
          && previousSize == files
          && state.trustedFromIndex() == files) {
        LOG.info("Kept the stat index {}: every file matched it", key);
        return;
      }
      if (remote.existing(List.of(key)).contains(key)) {
        replacing(key);
      }
      remote.put(key, temp);
      LOG.info("Stored the stat index {} ({} files, {} bytes)", key, files, Files.size(temp));
    } catch (IOException | UncheckedIOException | CairnException e) {
      LOG.warn(
          "Cannot store the stat index {}: {} (the next run hashes every file)",
          key,
          String.valueOf(e.getMessage()));
    }
  }

  /**
   * Deletes an outdated index, since local and SFTP remotes keep an existing key. Without the right
   * to delete (S3's minimal policy has no {@code s3:DeleteObject}) the put that follows replaces it
   * anyway on S3.
   */
  private void replacing(String key) {
    try {
      remote.delete(key);
    } catch (CairnException e) {
      LOG.debug("Cannot delete the outdated stat index {}: {}", key, e.getMessage());
    }
  }

  /** Reads the index of {@code dir}, or null when there is none or it is not a valid one. */
  static @Nullable StatIndex load(Remote remote, Oid dir) {
    String key = key(dir);
    try (InputStream in = remote.open(key)) {
      StatIndex index = StatIndex.read(in, dir);
      LOG.info("Read the stat index {} ({} files)", key, index.size());
      return index;
    } catch (MissingObjectException e) {
      LOG.info("No stat index {} on {}: hashing every file", key, remote.describe());
    } catch (IOException | UncheckedIOException | CairnException e) {
      LOG.warn("Ignored the stat index {}: {} (hashing every file)", key, e.getMessage());
    }
    return null;
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (IOException e) {
      LOG.debug("Cannot close the stat index {}", temp, e);
    }
    deleteQuietly(temp);
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("Cannot delete {}", file, e);
    }
  }
}
