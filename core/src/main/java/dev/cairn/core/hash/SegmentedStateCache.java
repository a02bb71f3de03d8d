package dev.cairn.core.hash;

import dev.cairn.core.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state cache: a {@link StateTable} in memory, loaded from and appended to segment files.
 *
 * <p>On disk, a directory of {@code state-<uuid>.seg} files. Each starts with an 8-byte magic and
 * holds fixed 56-byte records: six longs (see {@link StateTable}), their CRC32C and a marker. A
 * reader stops at the first incomplete or mismatching record of a segment, so a torn write loses
 * only the records after it. Each instance appends to its own new segment, locked while open, so
 * processes never interleave writes. When the segments hold many more records than live paths, the
 * instance that opens the directory writes one compacted segment (temp file + atomic rename, under
 * {@code compact.lock}) and deletes the old segments no live instance holds.
 */
final class SegmentedStateCache implements StateCache {
  static final String SUFFIX = ".seg";
  static final int RECORD_BYTES = StateTable.LONGS * Long.BYTES + 8;

  /** "CAIRNST2": records keyed by {@link StateTable#pathHash} (ST1 used an MD5 of the path). */
  private static final long MAGIC = 0x4341_4952_4e53_5432L;

  private static final int MARKER = 0x5245_4331; // "REC1"
  private static final int MAX_SEGMENTS = 16;
  private static final Logger LOG = LoggerFactory.getLogger(SegmentedStateCache.class);

  private final StateTable table;
  private final @Nullable Path directory;
  private final ByteBuffer pending = ByteBuffer.allocate(RECORD_BYTES * 2048);
  private final CRC32C crc = new CRC32C();
  private @Nullable FileChannel segment;
  private boolean closed;

  SegmentedStateCache(StateTable table, @Nullable Path directory) {
    this.table = table;
    this.directory = directory;
  }

  static SegmentedStateCache open(Path directory) {
    try {
      Files.createDirectories(directory);
      List<Path> segments = listSegments(directory);
      StateTable table = new StateTable();
      long records = 0;
      for (Path segment : segments) {
        long loaded = load(segment, table);
        if (loaded < 0) {
          deleteIfFree(segment); // another format's records never hit; they would only pile up
        } else {
          records += loaded;
        }
      }
      SegmentedStateCache cache = new SegmentedStateCache(table, directory);
      if (segments.size() > MAX_SEGMENTS || records > 2L * table.size() + 100_000) {
        cache.compact(segments);
      }
      return cache;
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigurationException(
          "Cannot open state cache: " + directory + " (make the directory writable)", e);
    }
  }

  @Override
  public @Nullable Oid get(Key key) {
    return table.get(key);
  }

  @Override
  public void put(Key key, Oid oid) {
    if (oid.isDir()) {
      throw new IllegalArgumentException("Cannot remember a .dir id for a file: " + key.path());
    }
    long[] record = StateTable.record(key, oid);
    table.put(record);
    if (directory != null) {
      synchronized (this) {
        if (closed) {
          return;
        }
        encode(record, pending);
        if (!pending.hasRemaining()) {
          flush();
        }
      }
    }
  }

  @Override
  public long size() {
    return table.size();
  }

  @Override
  public synchronized void flush() {
    if (directory == null || pending.position() == 0 || closed) {
      return;
    }
    try {
      FileChannel out = segment;
      if (out == null) {
        out = newSegment(directory);
        segment = out;
      }
      pending.flip();
      while (pending.hasRemaining()) {
        out.write(pending);
      }
    } catch (IOException e) {
      // the cache only saves work: losing records costs re-hashing, never a wrong hash
      LOG.warn("Cannot write state cache in {}: {}", directory, e.toString());
    } finally {
      pending.clear();
    }
  }

  @Override
  public synchronized void close() {
    flush();
    closed = true;
    FileChannel out = segment;
    segment = null;
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        LOG.warn("Cannot close state cache segment in {}: {}", directory, e.toString());
      }
    }
  }

  private FileChannel newSegment(Path dir) throws IOException {
    Path path = dir.resolve("state-" + UUID.randomUUID() + SUFFIX);
    FileChannel out =
        FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    tryLock(out); // held while open: compaction never deletes a segment in use
    ByteBuffer header = ByteBuffer.allocate(Long.BYTES).putLong(MAGIC).flip();
    while (header.hasRemaining()) {
      out.write(header);
    }
    return out;
  }

  private void encode(long[] record, ByteBuffer out) {
    int start = out.position();
    for (long value : record) {
      out.putLong(value);
    }
    crc.reset();
    crc.update(out.array(), out.arrayOffset() + start, StateTable.LONGS * Long.BYTES);
    out.putInt((int) crc.getValue());
    out.putInt(MARKER);
  }

  /**
   * Loads the valid prefix of a segment into {@code table}; returns how many records it read, or -1
   * if the segment is complete but of another format (its magic).
   */
  static long load(Path segment, StateTable table) throws IOException {
    long records = 0;
    CRC32C check = new CRC32C();
    long[] record = new long[StateTable.LONGS];
    try (FileChannel in = FileChannel.open(segment, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(RECORD_BYTES * 4096);
      fill(in, buffer);
      if (buffer.remaining() < Long.BYTES) {
        return 0; // being created right now
      }
      if (buffer.getLong() != MAGIC) {
        return -1;
      }
      while (true) {
        if (buffer.remaining() < RECORD_BYTES) {
          buffer.compact();
          fill(in, buffer);
          if (buffer.remaining() < RECORD_BYTES) {
            return records; // end, or a torn last record
          }
        }
        int start = buffer.position();
        for (int i = 0; i < StateTable.LONGS; i++) {
          record[i] = buffer.getLong();
        }
        check.reset();
        check.update(buffer.array(), start, StateTable.LONGS * Long.BYTES);
        if (buffer.getInt() != (int) check.getValue() || buffer.getInt() != MARKER) {
          LOG.debug("Ignoring the corrupt tail of state segment {}", segment);
          return records;
        }
        if (record[0] != 0) {
          table.put(record.clone());
          records++;
        }
      }
    } catch (NoSuchFileException e) {
      return records; // compacted away by another process meanwhile
    }
  }

  private static void fill(FileChannel in, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining() && in.read(buffer) >= 0) {
      // read until full or end of file
    }
    buffer.flip();
  }

  private static List<Path> listSegments(Path dir) throws IOException {
    List<Path> segments = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "state-*" + SUFFIX)) {
      stream.forEach(segments::add);
    }
    // oldest first, so the newest record for a path wins
    segments.sort(Comparator.comparingLong(SegmentedStateCache::modified));
    return segments;
  }

  private static long modified(Path path) {
    try {
      return Files.getLastModifiedTime(path).toMillis();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Rewrites every live record into one segment and deletes the old segments nobody holds. */
  private void compact(List<Path> old) throws IOException {
    Path dir = java.util.Objects.requireNonNull(directory);
    try (FileChannel lockFile =
            FileChannel.open(
                dir.resolve("compact.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = tryLock(lockFile)) {
      if (lock == null) {
        return; // someone else is compacting
      }
      Path temp = dir.resolve("compact-" + UUID.randomUUID() + ".tmp");
      try (FileChannel out =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.allocate(RECORD_BYTES * 4096);
        buffer.putLong(MAGIC);
        IOException[] failure = new IOException[1];
        table.forEach(
            record -> {
              if (buffer.remaining() < RECORD_BYTES) {
                drain(out, buffer, failure);
              }
              encode(record, buffer);
            });
        drain(out, buffer, failure);
        if (failure[0] != null) {
          throw failure[0];
        }
        out.force(true);
      }
      Files.move(
          temp, dir.resolve("state-" + UUID.randomUUID() + SUFFIX), StandardCopyOption.ATOMIC_MOVE);
      for (Path segment : old) {
        deleteIfFree(segment);
      }
      LOG.debug("Compacted state cache {} to {} records", dir, table.size());
    }
  }

  private static void drain(FileChannel out, ByteBuffer buffer, IOException[] failure) {
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    } catch (IOException e) {
      failure[0] = e;
    }
    buffer.clear();
  }

  private static void deleteIfFree(Path segment) {
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE);
        FileLock lock = tryLock(channel)) {
      if (lock != null) {
        Files.deleteIfExists(segment);
      }
    } catch (IOException e) {
      LOG.debug("Keeping state segment {}: {}", segment, e.toString());
    }
  }

  private static @Nullable FileLock tryLock(FileChannel channel) {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      return null; // held in this JVM, or the file system has no locks
    }
  }
}
