package dev.cairn.core.odb;

import dev.cairn.core.CairnException;
import dev.cairn.core.IntegrityException;
import dev.cairn.core.hash.Md5Digest;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * A DVC cache directory ({@code .dvc/cache}): objects at {@code files/md5/ab/cdef...} (DVC 3) or,
 * in its {@link #legacy()} twin, at {@code ab/cdef...} directly under the directory (DVC 2
 * outputs). Every write goes to a temp file in the cache and is renamed into place, so an object
 * name never holds partial content; stored objects are made read-only (0444), which is also what
 * DVC trusts without re-hashing. Thread-safe: objects are immutable and installs are atomic.
 */
public final class Cache {
  private static final Set<PosixFilePermission> READ_ONLY = ReadOnlyFiles.MODE;

  /**
   * Creates a temp file (it must not exist) and opens the stream that fills it; a seam for
   * fault-injecting tests, whose files are made read-only afterwards.
   */
  interface OutputOpener {
    OutputStream open(Path temp) throws IOException;
  }

  /** Per thread, so a cold add of 100,000 files does not allocate 100,000 copy buffers. */
  private static final ThreadLocal<byte[]> COPY_BUFFER =
      ThreadLocal.withInitial(() -> new byte[1 << 16]);

  /** Creates the temp file normally; used unless a test injects faults. */
  private static final OutputOpener CREATE =
      temp -> Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  private final Path dir;
  private final Path objects;
  private final boolean legacy;
  private final List<LinkType> linkTypes;
  private final OutputOpener opener;

  /** Shard directories known to exist, so each object does not cost a {@code mkdir}. */
  private final Set<Path> shards = ConcurrentHashMap.newKeySet();

  /** The tree last stored by {@link #addTree}, returned by {@link #loadTree} for the same id. */
  private volatile @Nullable Tree lastTree;

  /** Creates objects read-only from birth where this file system allows it. */
  private final ReadOnlyFiles readOnly = new ReadOnlyFiles();

  Cache(Path dir, boolean legacy, List<LinkType> linkTypes, OutputOpener opener) {
    if (linkTypes.isEmpty()) {
      throw new IllegalArgumentException("Cannot use an empty cache.type list");
    }
    this.dir = dir.toAbsolutePath().normalize();
    this.objects = legacy ? this.dir : this.dir.resolve("files").resolve("md5");
    this.legacy = legacy;
    this.linkTypes = List.copyOf(linkTypes);
    this.opener = opener;
  }

  /** The DVC 3 cache in {@code cacheDir} with DVC's default link types ({@code reflink,copy}). */
  public static Cache at(Path cacheDir) {
    return at(cacheDir, LinkType.DEFAULT);
  }

  /** The DVC 3 cache in {@code cacheDir}, materialising files with {@code linkTypes} in order. */
  public static Cache at(Path cacheDir, List<LinkType> linkTypes) {
    return new Cache(cacheDir, false, linkTypes, CREATE);
  }

  /** The legacy (DVC 2, {@code md5-dos2unix}) store in the same directory, same link types. */
  public Cache legacy() {
    return legacy ? this : new Cache(dir, true, linkTypes, opener);
  }

  /** The DVC 3 store in the same directory, same link types. */
  public Cache dvc3() {
    return legacy ? new Cache(dir, false, linkTypes, opener) : this;
  }

  public boolean isLegacy() {
    return legacy;
  }

  /** The cache directory as configured ({@code cache.dir}). */
  public Path dir() {
    return dir;
  }

  /**
   * The directory objects are sharded under: {@code <dir>/files/md5}, or {@code <dir>} if legacy.
   */
  public Path objectsDir() {
    return objects;
  }

  public List<LinkType> linkTypes() {
    return linkTypes;
  }

  /** Where the object lives (whether or not it is there). */
  public Path path(Oid oid) {
    return objects.resolve(oid.value().substring(0, 2)).resolve(oid.value().substring(2));
  }

  /** Whether the object is in the cache (not checked for corruption). */
  public boolean contains(Oid oid) {
    return Files.isRegularFile(path(oid), LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * A plain hasher for workspace files that names content as this store does (plain MD5, or {@code
   * md5-dos2unix} in the legacy store). No state cache: callers with one plug in their own.
   */
  public WorkspaceHasher hasher() {
    return file -> {
      try {
        return Oid.ofFile(Md5Digest.hashFile(file, legacy));
      } catch (IOException e) {
        throw new CairnException(
            "Cannot hash " + file + ": " + FsErrors.describe(e) + " (check it is readable)", e);
      }
    };
  }

  /**
   * Stores a workspace file whose id the caller computed. Fills the cache by hard link when the
   * first usable configured type is {@code hardlink} (the workspace file then becomes read-only, as
   * with DVC), otherwise by copying; a copy is re-hashed on the way and rejected if the file
   * changed since it was hashed.
   *
   * @return true if stored now, false if the object was already there
   * @throws IntegrityException if the copied bytes do not have the given id
   */
  public boolean add(Path file, Oid oid) {
    if (oid.isDir()) {
      throw new IllegalArgumentException("Cannot add a file as a .dir object: " + oid);
    }
    Path target = path(oid);
    if (contains(oid)) {
      return false;
    }
    Path shard = createShard(target, "add " + file);
    if (fillsByHardlink()) {
      Path temp = shard.resolve("." + UUID.randomUUID() + ".tmp");
      try {
        Files.createLink(temp, file);
        protect(temp);
        return moveIntoPlace(temp, target);
      } catch (IOException | UnsupportedOperationException e) {
        FsErrors.deleteQuietly(temp);
        if (!Linker.isFallback(e)) {
          throw FsErrors.cacheWrite("add " + file + " to the cache", shard, e);
        }
      }
    }
    try (InputStream in = Files.newInputStream(file)) {
      return installStream(
              oid,
              in,
              "add " + file + " to the cache",
              "the file changed while it" + " was being added; add it again")
          >= 0;
    } catch (IOException e) {
      throw new CairnException(
          "Cannot add "
              + file
              + " to the cache: "
              + FsErrors.describe(e)
              + " (check the file is readable)",
          e);
    }
  }

  /** Stores a directory listing; returns its {@code .dir} id. */
  public Oid addTree(Tree tree) {
    Oid oid = tree.oid();
    if (!contains(oid)) {
      // written straight to a temp file: a large listing is never held as one byte array
      Path temp = newTempFile();
      try (java.io.OutputStream out =
          new java.io.BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        tree.writeTo(out);
      } catch (IOException e) {
        FsErrors.deleteQuietly(temp);
        throw FsErrors.cacheWrite("store object " + oid, objects, e);
      }
      installFile(temp, oid);
    }
    lastTree = tree;
    return oid;
  }

  /**
   * Stores {@code bytes} under {@code oid}.
   *
   * @return true if stored now, false if already there
   * @throws IntegrityException if the bytes do not hash to {@code oid}
   */
  public boolean addBytes(Oid oid, byte[] bytes) {
    if (contains(oid)) {
      return false;
    }
    return installStream(
            oid, new ByteArrayInputStream(bytes), "store object " + oid, "a caller bug; report it")
        >= 0;
  }

  /**
   * Streams {@code in} into the cache as {@code oid}, verifying its MD5 on the way; nothing reaches
   * the object's name unless every byte matched. Does not close {@code in}.
   *
   * @param source what the bytes are, for messages (e.g. {@code key on s3://bucket/prefix})
   * @return the number of bytes read, or -1 if the object was already there (not read)
   * @throws IntegrityException if the content does not match {@code oid}
   */
  public long install(Oid oid, InputStream in, String source) {
    if (contains(oid)) {
      return -1;
    }
    return installStream(
        oid,
        in,
        "fetch " + source,
        "the stored copy is corrupt; nothing was written to the cache, restore the object there"
            + " from a good copy");
  }

  /**
   * A new empty temp file inside the cache (same file system as the objects), for a download that
   * {@link #installFile} then moves into place. The caller deletes it if it is not installed.
   */
  public Path newTempFile() {
    try {
      Files.createDirectories(objects);
      return Files.createTempFile(objects, ".", ".tmp");
    } catch (IOException | UnsupportedOperationException e) {
      throw FsErrors.cacheWrite("create a temp file in the cache", objects, e);
    }
  }

  /**
   * Verifies {@code temp} against {@code oid} and moves it into place unless the object is already
   * there (then {@code temp} is deleted). {@code temp} is gone afterwards in every case.
   *
   * @return true if installed now
   * @throws IntegrityException if the content does not match
   */
  public boolean installFile(Path temp, Oid oid) {
    return installFile(temp, oid, Optional.empty());
  }

  /**
   * As {@link #installFile(Path, Oid)}, trusting {@code plainMd5} (the MD5 of {@code temp}'s bytes
   * computed while they were written) instead of reading the file again; the legacy layout, which
   * names objects by another hash, reads it anyway.
   */
  public boolean installFile(Path temp, Oid oid, Optional<String> plainMd5) {
    try {
      if (contains(oid)) {
        return false;
      }
      String actual;
      try {
        actual =
            plainMd5.isPresent() && !legacy ? plainMd5.get() : Md5Digest.hashFile(temp, legacy);
      } catch (IOException e) {
        throw FsErrors.cacheWrite("read " + temp, objects, e);
      }
      if (!actual.equals(oid.md5())) {
        throw new IntegrityException(
            "Cannot install object "
                + oid
                + ": downloaded content has md5 "
                + actual
                + " (the source copy is corrupt; nothing was written to the cache)");
      }
      Path target = path(oid);
      Path shard = createShard(target, "install " + oid);
      protect(temp);
      try {
        return moveIntoPlace(temp, target);
      } catch (IOException e) {
        throw FsErrors.cacheWrite("install " + oid, shard, e);
      }
    } finally {
      FsErrors.deleteQuietly(temp);
    }
  }

  /**
   * Loads a directory listing (checked as {@link #check} does).
   *
   * @throws NotInCacheException if it is not in the cache
   * @throws IntegrityException if it is corrupt
   */
  public Tree loadTree(Oid dirOid) {
    if (!dirOid.isDir()) {
      throw new IllegalArgumentException("Cannot load a file object as a tree: " + dirOid);
    }
    check(dirOid);
    Tree added = lastTree;
    if (added != null && added.oid().equals(dirOid)) {
      return added; // the listing just stored: parsing it again would hold it twice in memory
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path(dirOid)), 1 << 16)) {
      return Tree.parse(in, dirOid + " (" + path(dirOid) + ")");
    } catch (IOException e) {
      throw new CairnException(
          "Cannot read cached object "
              + dirOid
              + ": "
              + FsErrors.describe(e)
              + " (check the cache directory is readable)",
          e);
    }
  }

  /**
   * Passes the entries of a cached directory listing to {@code sink} one at a time, in the order
   * they are stored (checked as {@link #check} does), without holding the listing: for one pass
   * over a large tree.
   *
   * @throws NotInCacheException if it is not in the cache
   * @throws IntegrityException if it is corrupt
   */
  public void readTree(Oid dirOid, java.util.function.Consumer<Tree.Entry> sink) {
    if (!dirOid.isDir()) {
      throw new IllegalArgumentException("Cannot read a file object as a tree: " + dirOid);
    }
    check(dirOid);
    try (InputStream in = new BufferedInputStream(Files.newInputStream(path(dirOid)), 1 << 16)) {
      Tree.read(in, dirOid + " (" + path(dirOid) + ")", sink);
    } catch (IOException e) {
      throw new CairnException(
          "Cannot read cached object "
              + dirOid
              + ": "
              + FsErrors.describe(e)
              + " (check the cache directory is readable)",
          e);
    }
  }

  /**
   * DVC's trusting check: an object whose mode is exactly 0444 is accepted as is; any other is
   * re-hashed and, when correct, protected again.
   *
   * @throws NotInCacheException if absent
   * @throws IntegrityException if corrupt
   */
  public void check(Oid oid) {
    requirePresent(oid);
    if (!isProtected(path(oid))) {
      verify(oid);
      protect(path(oid));
    }
  }

  /**
   * Re-hashes the object regardless of its mode.
   *
   * @throws NotInCacheException if absent
   * @throws IntegrityException if corrupt
   */
  public void verify(Oid oid) {
    requirePresent(oid);
    Path file = path(oid);
    String actual;
    try {
      actual = Md5Digest.hashFile(file, legacy);
    } catch (IOException e) {
      throw new CairnException(
          "Cannot verify cached object "
              + oid
              + ": "
              + FsErrors.describe(e)
              + " (check the cache directory is readable)",
          e);
    }
    if (!actual.equals(oid.md5())) {
      throw new IntegrityException(
          "Cannot use cached object "
              + oid
              + ": its content has md5 "
              + actual
              + " (the cache file "
              + file
              + " is corrupt; delete it and fetch it again with"
              + " `cairn pull`)");
    }
  }

  private void requirePresent(Oid oid) {
    if (!contains(oid)) {
      throw new NotInCacheException(
          "Cannot find object " + oid + " in the cache " + dir + " (fetch it with `cairn pull`)",
          List.of(oid));
    }
  }

  boolean fillsByHardlink() {
    for (LinkType type : linkTypes) {
      if (type != LinkType.REFLINK) {
        return type == LinkType.HARDLINK;
      }
    }
    return false;
  }

  private long installStream(Oid oid, InputStream in, String what, String remedy) {
    // The temp file lives in the object's own shard directory: a rename within one directory does
    // not take the file system's cross-directory rename lock, which serialises parallel adds.
    Path target = path(oid);
    Path shardDir = createShard(target, what);
    Path temp =
        shardDir.resolve("." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
    boolean installed = false;
    boolean bornReadOnly = opener == CREATE && readOnly.supported(shardDir);
    try {
      Md5Digest digest = Md5Digest.forLayout(legacy);
      long total = copy(in, temp, bornReadOnly, digest, what);
      String actual = digest.hex();
      if (!actual.equals(oid.md5())) {
        throw new IntegrityException(
            "Cannot "
                + what
                + ": content has md5 "
                + actual
                + ", expected "
                + oid.md5()
                + " ("
                + remedy
                + ")");
      }
      if (!bornReadOnly) {
        protect(temp);
      }
      try {
        installed = moveIntoPlace(temp, target);
      } catch (IOException e) {
        throw FsErrors.cacheWrite(what, shardDir, e);
      }
      return total;
    } finally {
      if (!installed) {
        FsErrors.deleteQuietly(temp); // failed, or the object was there (then already deleted)
      }
    }
  }

  private long copy(InputStream in, Path temp, boolean readOnly, Md5Digest digest, String what) {
    byte[] buffer = COPY_BUFFER.get();
    long total = 0;
    try (OutputStream out = openTemp(temp, readOnly)) {
      while (true) {
        int n;
        try {
          n = in.read(buffer);
        } catch (IOException e) {
          throw new CairnException(
              "Cannot "
                  + what
                  + ": reading failed: "
                  + FsErrors.describe(e)
                  + " (retry; nothing was written to the cache)",
              e);
        }
        if (n < 0) {
          return total;
        }
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
        total += n;
      }
    } catch (IOException e) {
      throw FsErrors.cacheWrite(what, objects, e);
    }
  }

  /** Creates and opens {@code temp}, re-creating its shard if something removed it meanwhile. */
  private OutputStream openTemp(Path temp, boolean readOnly) throws IOException {
    try {
      return readOnly ? Channels.newOutputStream(ReadOnlyFiles.create(temp)) : opener.open(temp);
    } catch (NoSuchFileException e) {
      Path shard = java.util.Objects.requireNonNull(temp.getParent());
      shards.remove(shard);
      Files.createDirectories(shard);
      shards.add(shard);
      return readOnly ? Channels.newOutputStream(ReadOnlyFiles.create(temp)) : opener.open(temp);
    }
  }

  private Path createShard(Path target, String what) {
    Path shard = target.getParent();
    if (shard == null) {
      throw new IllegalStateException("Cannot place object at " + target);
    }
    if (shards.contains(shard)) {
      return shard; // created or seen by this instance (openTemp copes if it vanished since)
    }
    try {
      Files.createDirectories(shard);
      shards.add(shard);
      return shard;
    } catch (IOException | UnsupportedOperationException e) {
      throw FsErrors.cacheWrite(what, shard, e);
    }
  }

  /** Renames {@code temp} to {@code target} unless an object is already there. */
  private static boolean moveIntoPlace(Path temp, Path target) throws IOException {
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(temp);
      return false;
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(temp);
      return false;
    }
  }

  static void protect(Path file) {
    try {
      Files.setPosixFilePermissions(file, READ_ONLY);
    } catch (UnsupportedOperationException e) {
      if (!file.toFile().setReadOnly()) {
        throw new CairnException(
            "Cannot protect cached object " + file + " (check the cache directory's owner)");
      }
    } catch (IOException e) {
      throw new CairnException(
          "Cannot protect cached object "
              + file
              + ": "
              + FsErrors.describe(e)
              + " (check the cache directory's owner)",
          e);
    }
  }

  static boolean isProtected(Path file) {
    try {
      return Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(READ_ONLY);
    } catch (UnsupportedOperationException | IOException e) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "Cache[" + objects + "]";
  }
}
