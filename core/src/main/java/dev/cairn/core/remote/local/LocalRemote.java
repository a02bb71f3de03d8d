package dev.cairn.core.remote.local;

import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.odb.ReadOnlyFiles;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteKeys;
import dev.cairn.core.remote.SupportsDownload;
import dev.cairn.core.remote.SupportsListing;
import dev.cairn.core.remote.SupportsStagedPut;
import dev.cairn.core.remote.SupportsStreamingPut;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory as a remote. Writes go to a hidden temp file in the target directory and are then
 * renamed into place atomically (also on NFS, where rename within a directory is atomic); objects
 * are made read-only like DVC's cache ({@code 0444}).
 */
final class LocalRemote
    implements Remote, SupportsListing, SupportsDownload, SupportsStreamingPut, SupportsStagedPut {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRemote.class);

  private final Path root;
  private final int concurrency;

  /** Shard directories known to exist, so each upload does not cost a {@code mkdir}. */
  private final Set<Path> directories = ConcurrentHashMap.newKeySet();

  /** Creates objects read-only from birth where this file system allows it. */
  private final ReadOnlyFiles readOnly = new ReadOnlyFiles();

  LocalRemote(Path root, int concurrency) {
    this.root = root;
    this.concurrency = concurrency;
  }

  @Override
  public String describe() {
    return root.toString();
  }

  private Path path(String key) {
    return root.resolve(RemoteKeys.check(key));
  }

  @Override
  public Set<String> existing(Collection<String> keys) {
    Set<String> found = ConcurrentHashMap.newKeySet();
    Stream<String> stream =
        keys.size() > 64 && concurrency > 1 ? keys.parallelStream() : keys.stream();
    stream.forEach(
        key -> {
          if (Files.isRegularFile(path(key))) {
            found.add(key);
          }
        });
    return new HashSet<>(found);
  }

  @Override
  public void put(String key, Path source) {
    Path target = path(key);
    if (Files.isRegularFile(target)) {
      LOG.debug("{} already present, skipped", key);
      return;
    }
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      long size = in.size();
      // the kernel copies (sendfile): no bytes through the heap
      write(key, target, out -> copyAll(in, size, out), size);
    } catch (NoSuchFileException e) {
      throw new RemoteAccessException("Cannot read upload source: " + source + " (it vanished)", e);
    } catch (IOException e) {
      throw failure("store", key, e);
    }
  }

  @Override
  public void put(String key, InputStream source, long size) {
    Path target = path(key);
    if (Files.isRegularFile(target)) {
      LOG.debug("{} already present, skipped", key);
      return;
    }
    try {
      write(key, target, out -> source.transferTo(Channels.newOutputStream(out)), size);
    } catch (IOException e) {
      throw failure("store", key, e);
    }
  }

  /**
   * Upload temp files ({@code .*.tmp}) a killed writer left in a shard: removed on the first write
   * to that shard in this process once nothing has written them for {@link #TEMP_STALE_AFTER} (a
   * live upload keeps its temp file's modification time fresh).
   */
  static final java.time.Duration TEMP_STALE_AFTER = java.time.Duration.ofHours(1);

  private static void removeStaleTemps(Path dir) {
    java.time.Instant cutoff = java.time.Instant.now().minus(TEMP_STALE_AFTER);
    try (java.nio.file.DirectoryStream<Path> temps = Files.newDirectoryStream(dir, ".*.tmp")) {
      for (Path temp : temps) {
        try {
          if (Files.getLastModifiedTime(temp).toInstant().isBefore(cutoff)
              && Files.deleteIfExists(temp)) {
            LOG.info("Removed {}: an upload left behind by a writer that stopped", temp);
          }
        } catch (IOException e) {
          LOG.debug("Cannot remove stale temp file {}: {}", temp, e.toString());
        }
      }
    } catch (IOException e) {
      LOG.debug("Cannot list {} for stale temp files: {}", dir, e.toString());
    }
  }

  /** Fills a new object's temp file; returns the bytes written. */
  private interface Fill {
    long into(FileChannel out) throws IOException;
  }

  private static long copyAll(FileChannel in, long size, FileChannel out) throws IOException {
    long copied = 0;
    while (copied < size) {
      long n = in.transferTo(copied, size - copied, out);
      if (n <= 0) {
        break; // the source shrank; the size check below reports it
      }
      copied += n;
    }
    return in.size() == size ? copied : -1;
  }

  /** Creates {@code dir} unless known to exist; the first time, removes its stale temp files. */
  private void ensureDirectory(Path dir) throws IOException {
    if (!directories.contains(dir)) {
      Files.createDirectories(dir);
      if (directories.add(dir)) {
        removeStaleTemps(dir);
      }
    }
  }

  private static Path newTemp(Path dir) {
    return dir.resolve("." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
  }

  private void write(String key, Path target, Fill fill, long size) throws IOException {
    Path dir = java.util.Objects.requireNonNull(target.getParent());
    ensureDirectory(dir);
    Path temp = newTemp(dir);
    boolean moved = false;
    boolean bornReadOnly = readOnly.supported(dir);
    try {
      long copied;
      try (FileChannel out = create(temp, dir, bornReadOnly)) {
        copied = fill.into(out);
      }
      if (copied != size) {
        throw new IOException("expected " + size + " bytes but the source changed while read");
      }
      if (!bornReadOnly) {
        makeReadOnly(temp);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target);
      }
      moved = true;
    } catch (FileAlreadyExistsException e) {
      LOG.debug("{} written concurrently by another writer", key);
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * A temp file in the remote's root directory, named when its hash is known; a temp file left by a
   * killed writer is removed like an upload's ({@link #TEMP_STALE_AFTER}).
   */
  @Override
  public Staged stage() throws IOException {
    ensureDirectory(root);
    boolean bornReadOnly = readOnly.supported(root);
    Path temp = newTemp(root);
    return new StagedFile(temp, create(temp, root, bornReadOnly), bornReadOnly);
  }

  private final class StagedFile implements Staged {
    private final Path temp;
    private final FileChannel out;
    private final boolean bornReadOnly;
    private boolean committed;

    StagedFile(Path temp, FileChannel out, boolean bornReadOnly) {
      this.temp = temp;
      this.out = out;
      this.bornReadOnly = bornReadOnly;
    }

    @Override
    public java.nio.channels.WritableByteChannel channel() {
      return out;
    }

    @Override
    public boolean commit(String key) throws IOException {
      out.close();
      Path target = path(key);
      if (Files.isRegularFile(target)) {
        return false; // the same content: the temp file goes in close()
      }
      if (!bornReadOnly) {
        makeReadOnly(temp);
      }
      ensureDirectory(java.util.Objects.requireNonNull(target.getParent()));
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target);
      }
      committed = true;
      return true;
    }

    @Override
    public void close() {
      try {
        out.close();
      } catch (IOException e) {
        LOG.debug("Cannot close {}: {}", temp, e.toString());
      }
      if (!committed) {
        deleteQuietly(temp);
      }
    }
  }

  /** Creates and opens {@code temp}, re-creating {@code dir} if it was removed meanwhile. */
  private FileChannel create(Path temp, Path dir, boolean bornReadOnly) throws IOException {
    try {
      return open(temp, bornReadOnly);
    } catch (NoSuchFileException e) {
      directories.remove(dir);
      Files.createDirectories(dir);
      directories.add(dir);
      return open(temp, bornReadOnly);
    }
  }

  private static FileChannel open(Path temp, boolean bornReadOnly) throws IOException {
    return bornReadOnly
        ? ReadOnlyFiles.create(temp)
        : FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
  }

  private static void makeReadOnly(Path file) {
    try {
      Files.setPosixFilePermissions(file, ReadOnlyFiles.MODE);
    } catch (UnsupportedOperationException | IOException e) {
      file.toFile().setReadOnly();
    }
  }

  @Override
  public InputStream open(String key) {
    try {
      return Files.newInputStream(path(key));
    } catch (NoSuchFileException e) {
      throw missing(key);
    } catch (IOException e) {
      throw failure("read", key, e);
    }
  }

  /** Streams, as before: a local or SFTP read gains nothing from ranges. */
  @Override
  public Fetched fetch(String key, java.util.function.Supplier<Path> tempFile) {
    return new Streamed(open(key));
  }

  @Override
  public void download(String key, Path target) {
    Path source = path(key);
    try {
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (NoSuchFileException e) {
      deleteQuietly(target);
      throw Files.exists(source) ? failure("write", target.toString(), e) : missing(key);
    } catch (IOException e) {
      deleteQuietly(target);
      throw failure("download", key, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("could not delete {}", file, e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      Files.deleteIfExists(path(key));
    } catch (IOException e) {
      throw failure("delete", key, e);
    }
  }

  @Override
  public void list(String prefix, Consumer<String> sink) {
    RemoteKeys.checkPrefix(prefix);
    int slash = prefix.lastIndexOf('/');
    Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
    if (!Files.isDirectory(start)) {
      return;
    }
    // the walk's own attributes say which entries are files: no second stat per object
    try (Stream<Path> files =
        Files.find(start, Integer.MAX_VALUE, (file, attributes) -> attributes.isRegularFile())) {
      files
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(k -> k.startsWith(prefix) && !isTemp(k))
          .forEach(sink);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new RemoteAccessException(
          "Cannot list remote directory: " + start + " (" + e.getMessage() + ")", e);
    }
  }

  private static boolean isTemp(String key) {
    String name = key.substring(key.lastIndexOf('/') + 1);
    return name.startsWith(".") && name.endsWith(".tmp");
  }

  @Override
  public void close() {}

  private MissingObjectException missing(String key) {
    return new MissingObjectException(
        "Cannot find remote object: "
            + root.resolve(key)
            + " (push it first, or check the remote)");
  }

  private RemoteAccessException failure(String verb, String key, IOException e) {
    return failure(verb, root.resolve(key), e);
  }

  /**
   * A failed read or write of a remote object. A full remote (ENOSPC, EDQUOT) says so: it is the
   * remote's file system that is full, not the machine running the step.
   */
  static RemoteAccessException failure(String verb, Path object, IOException e) {
    // a write through a channel reports ENOSPC as a plain IOException, a file operation as a
    // FileSystemException whose reason is the errno text
    String reason =
        e instanceof java.nio.file.FileSystemException fse ? fse.getReason() : e.getMessage();
    if (reason != null
        && (reason.contains("No space left on device") || reason.contains("Disk quota exceeded"))) {
      return new RemoteAccessException(
          "Cannot "
              + verb
              + " remote object: "
              + object
              + " (the remote's file system is full: "
              + reason
              + "; free space or raise the quota on the remote, then re-run)",
          e);
    }
    return new RemoteAccessException(
        "Cannot "
            + verb
            + " remote object: "
            + object
            + " ("
            + e
            + "; check the path, free space and permissions)",
        e);
  }
}
