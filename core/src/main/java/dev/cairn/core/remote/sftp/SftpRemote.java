package dev.cairn.core.remote.sftp;

import dev.cairn.core.CairnException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteKeys;
import dev.cairn.core.remote.SupportsDownload;
import dev.cairn.core.remote.SupportsListing;
import dev.cairn.core.remote.SupportsStreamingPut;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory on an SSH server as a remote. Writes go to a hidden temp file in the target directory
 * and are renamed into place ({@code posix-rename@openssh.com} where offered, else a plain rename
 * where an existing target means another writer finished first); parent directories are created as
 * needed; several SFTP sessions serve parallel calls.
 */
final class SftpRemote implements Remote, SupportsListing, SupportsDownload, SupportsStreamingPut {
  private static final Logger LOG = LoggerFactory.getLogger(SftpRemote.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A directory with at least this many wanted keys is listed instead of stat-ing each. */
  private static final int LIST_DIR_FROM = 16;

  /**
   * Upload temp files ({@code .*.tmp}) a killed writer left in a shard: removed on the first write
   * to that shard in this process once nothing has written them for this long (a live upload keeps
   * its temp file's modification time fresh). The same bound as the local remote's.
   */
  static final java.time.Duration TEMP_STALE_AFTER = java.time.Duration.ofHours(1);

  private final SftpSettings settings;
  private final SftpConnections connections;
  private final Set<String> knownDirs = ConcurrentHashMap.newKeySet();
  private final Set<String> sweptDirs = ConcurrentHashMap.newKeySet();
  private final ExecutorService pool;

  SftpRemote(SftpSettings settings, SftpConnections connections) {
    this.settings = settings;
    this.connections = connections;
    AtomicInteger threads = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            connections.size(),
            r -> {
              Thread t = new Thread(r, "cairn-sftp-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public String describe() {
    return settings.url();
  }

  private String path(String key) {
    return settings.path(RemoteKeys.check(key));
  }

  /** One SFTP operation on a pooled channel. */
  private interface Operation<T> {
    T run(SftpClient sftp) throws IOException;
  }

  private <T> T with(String verb, String what, Operation<T> operation) {
    SftpClient sftp = connections.acquire();
    boolean healthy = false;
    try {
      T result = operation.run(sftp);
      healthy = true;
      return result;
    } catch (SftpException e) {
      healthy = true;
      throw failure(verb, what, e);
    } catch (IOException e) {
      throw failure(verb, what, e);
    } finally {
      connections.release(sftp, healthy);
    }
  }

  private CairnException failure(String verb, String what, IOException e) {
    if (e instanceof SftpException sftp && sftp.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
      return missing(what);
    }
    String reason =
        e instanceof SftpException sftp
                && sftp.getStatus() == SftpConstants.SSH_FX_PERMISSION_DENIED
            ? "permission denied; check that " + settings.user() + " may write " + settings.root()
            : e.getClass().getSimpleName()
                + ": "
                + String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
    return new RemoteAccessException("Cannot " + verb + " " + what + " (" + reason + ")", e);
  }

  private MissingObjectException missing(String what) {
    return new MissingObjectException(
        "Cannot find remote object: " + what + " (push it first, or check the remote)");
  }

  private String describe(String key) {
    return "ssh://" + settings.host() + ":" + settings.port() + path(key);
  }

  private static boolean isMissing(SftpException e) {
    return e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE
        || e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_PATH;
  }

  private static boolean exists(SftpClient sftp, String path) throws IOException {
    try {
      return sftp.stat(path).isRegularFile();
    } catch (SftpException e) {
      if (isMissing(e)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public Set<String> existing(Collection<String> keys) {
    Map<String, List<String>> byDir = new LinkedHashMap<>();
    for (String key : new HashSet<>(keys)) {
      RemoteKeys.check(key);
      int slash = key.lastIndexOf('/');
      byDir
          .computeIfAbsent(slash < 0 ? "" : key.substring(0, slash), d -> new ArrayList<>())
          .add(key);
    }
    List<Future<Set<String>>> futures = new ArrayList<>();
    List<String> singles = new ArrayList<>();
    for (Map.Entry<String, List<String>> group : byDir.entrySet()) {
      if (group.getValue().size() >= LIST_DIR_FROM) {
        futures.add(pool.submit(() -> existingInDir(group.getKey(), group.getValue())));
      } else {
        singles.addAll(group.getValue());
      }
    }
    int slices = Math.max(1, Math.min(connections.size(), singles.size()));
    for (int s = 0; s < slices; s++) {
      List<String> slice =
          singles.subList(s * singles.size() / slices, (s + 1) * singles.size() / slices);
      futures.add(pool.submit(() -> existingByStat(slice)));
    }
    Set<String> found = new HashSet<>();
    for (Future<Set<String>> future : futures) {
      try {
        found.addAll(future.get());
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException
            ? (RuntimeException) e.getCause()
            : new RemoteAccessException(
                "Cannot check objects on " + settings.url() + ": " + e.getCause(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RemoteAccessException(
            "Cannot check objects on " + settings.url() + ": interrupted", e);
      }
    }
    return found;
  }

  private Set<String> existingByStat(List<String> keys) {
    if (keys.isEmpty()) {
      return Set.of();
    }
    return with(
        "check",
        settings.url(),
        sftp -> {
          Set<String> found = new HashSet<>();
          for (String key : keys) {
            if (exists(sftp, path(key))) {
              found.add(key);
            }
          }
          return found;
        });
  }

  private Set<String> existingInDir(String dir, List<String> keys) {
    Set<String> names = new HashSet<>();
    with(
        "list",
        settings.url() + "/" + dir,
        sftp -> {
          try {
            for (SftpClient.DirEntry entry :
                sftp.readDir(dir.isEmpty() ? settings.root() : settings.path(dir))) {
              if (entry.getAttributes().isRegularFile()) {
                names.add(entry.getFilename());
              }
            }
          } catch (SftpException e) {
            if (!isMissing(e)) {
              throw e;
            }
          }
          return Boolean.TRUE;
        });
    Set<String> found = new HashSet<>();
    for (String key : keys) {
      if (names.contains(key.substring(key.lastIndexOf('/') + 1))) {
        found.add(key);
      }
    }
    return found;
  }

  @Override
  public void put(String key, Path source) {
    try (InputStream in = Files.newInputStream(source)) {
      put(key, in, Files.size(source));
    } catch (NoSuchFileException e) {
      throw new RemoteAccessException("Cannot read upload source: " + source + " (it vanished)", e);
    } catch (IOException e) {
      throw new RemoteAccessException("Cannot read upload source: " + source + " (" + e + ")", e);
    }
  }

  @Override
  public void put(String key, InputStream source, long size) {
    String target = path(key);
    String dir = target.substring(0, target.lastIndexOf('/'));
    with(
        "store",
        describe(key),
        sftp -> {
          if (exists(sftp, target)) {
            LOG.debug("{} already present, skipped", key);
            return Boolean.TRUE;
          }
          mkdirs(sftp, dir);
          String temp = dir + "/." + HexFormat.of().formatHex(randomBytes()) + ".tmp";
          boolean moved = false;
          try {
            long copied;
            try (OutputStream out =
                sftp.write(
                    temp,
                    SftpClient.OpenMode.Write,
                    SftpClient.OpenMode.Create,
                    SftpClient.OpenMode.Exclusive)) {
              copied = source.transferTo(out);
            }
            if (copied != size) {
              throw new IOException("expected " + size + " bytes but the source had " + copied);
            }
            if (sweptDirs.add(dir)) {
              removeStaleTemps(sftp, dir, temp);
            }
            moved = rename(sftp, temp, target);
          } finally {
            if (!moved) {
              removeQuietly(sftp, temp);
            }
          }
          return Boolean.TRUE;
        });
  }

  /** Renames {@code temp} to {@code target}; false if another writer's object is already there. */
  private static boolean rename(SftpClient sftp, String temp, String target) throws IOException {
    OpenSSHPosixRenameExtension posix = sftp.getExtension(OpenSSHPosixRenameExtension.class);
    if (posix.isSupported()) {
      posix.posixRename(temp, target);
      return true;
    }
    try {
      sftp.rename(temp, target);
      return true;
    } catch (SftpException e) {
      if (exists(sftp, target)) {
        return false;
      }
      throw e;
    }
  }

  private void mkdirs(SftpClient sftp, String dir) throws IOException {
    if (knownDirs.contains(dir) || dir.isEmpty() || dir.equals("/")) {
      return;
    }
    try {
      if (sftp.stat(dir).isDirectory()) {
        knownDirs.add(dir);
        return;
      }
    } catch (SftpException e) {
      if (!isMissing(e)) {
        throw e;
      }
    }
    mkdirs(sftp, dir.substring(0, Math.max(0, dir.lastIndexOf('/'))));
    try {
      sftp.mkdir(dir);
    } catch (SftpException e) {
      // another writer may have created it meanwhile
      if (!sftp.stat(dir).isDirectory()) {
        throw e;
      }
    }
    knownDirs.add(dir);
  }

  /**
   * Removes the {@code .*.tmp} files in {@code dir} not written for {@link #TEMP_STALE_AFTER}: one
   * listing, on the first write to the directory in this process. Ages are measured on the server's
   * clock (the modification time of {@code ownTemp}, just written), so a clock skew between the two
   * machines never makes a live upload look stale. Best effort: a failure is logged, not thrown.
   */
  private static void removeStaleTemps(SftpClient sftp, String dir, String ownTemp) {
    try {
      java.nio.file.attribute.FileTime serverNow = sftp.stat(ownTemp).getModifyTime();
      if (serverNow == null) {
        return;
      }
      java.time.Instant cutoff = serverNow.toInstant().minus(TEMP_STALE_AFTER);
      for (SftpClient.DirEntry entry : readDir(sftp, dir)) {
        String path = dir + "/" + entry.getFilename();
        java.nio.file.attribute.FileTime modified = entry.getAttributes().getModifyTime();
        if (isTemp(entry.getFilename())
            && !path.equals(ownTemp)
            && entry.getAttributes().isRegularFile()
            && modified != null
            && modified.toInstant().isBefore(cutoff)) {
          try {
            sftp.remove(path);
            LOG.info("Removed {}: an upload left behind by a writer that stopped", path);
          } catch (SftpException e) {
            LOG.debug("Cannot remove stale temp file {}: {}", path, e.toString());
          }
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      LOG.debug("Cannot list {} for stale temp files: {}", dir, e.toString());
    }
  }

  private static boolean isTemp(String name) {
    return name.startsWith(".") && name.endsWith(".tmp");
  }

  private static void removeQuietly(SftpClient sftp, String path) {
    try {
      sftp.remove(path);
    } catch (IOException e) {
      LOG.debug("could not remove {}", path, e);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[12];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  @Override
  public InputStream open(String key) {
    String path = path(key);
    SftpClient sftp = connections.acquire();
    try {
      InputStream in = sftp.read(path);
      return new FilterInputStream(in) {
        private boolean closed;

        @Override
        public void close() throws IOException {
          if (closed) {
            return;
          }
          closed = true;
          boolean healthy = false;
          try {
            super.close();
            healthy = true;
          } finally {
            connections.release(sftp, healthy);
          }
        }
      };
    } catch (IOException e) {
      connections.release(sftp, e instanceof SftpException);
      throw failure("read", describe(key), e);
    } catch (RuntimeException e) {
      connections.release(sftp, false);
      throw e;
    }
  }

  /** Streams, as before: a local or SFTP read gains nothing from ranges. */
  @Override
  public Fetched fetch(String key, java.util.function.Supplier<Path> tempFile) {
    return new Streamed(open(key));
  }

  @Override
  public void download(String key, Path target) {
    boolean done = false;
    try (InputStream in = open(key)) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      done = true;
    } catch (IOException e) {
      throw new RemoteAccessException(
          "Cannot download " + describe(key) + " to " + target + " (" + e + ")", e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(target);
        } catch (IOException e) {
          LOG.debug("could not delete {}", target, e);
        }
      }
    }
  }

  @Override
  public void delete(String key) {
    String path = path(key);
    with(
        "delete",
        describe(key),
        sftp -> {
          try {
            sftp.remove(path);
          } catch (SftpException e) {
            if (!isMissing(e)) {
              throw e;
            }
          }
          return Boolean.TRUE;
        });
  }

  @Override
  public void list(String prefix, Consumer<String> sink) {
    RemoteKeys.checkPrefix(prefix);
    int slash = prefix.lastIndexOf('/');
    String startKey = slash < 0 ? "" : prefix.substring(0, slash);
    String start = startKey.isEmpty() ? settings.root() : settings.path(startKey);
    with(
        "list",
        settings.url() + "/" + prefix,
        sftp -> {
          walk(sftp, start, startKey, prefix, sink);
          return Boolean.TRUE;
        });
  }

  private void walk(
      SftpClient sftp, String dir, String dirKey, String prefix, Consumer<String> sink)
      throws IOException {
    List<SftpClient.DirEntry> entries = readDir(sftp, dir);
    List<String[]> subdirs = new ArrayList<>();
    for (SftpClient.DirEntry entry : entries) {
      String name = entry.getFilename();
      if (name.equals(".") || name.equals("..")) {
        continue;
      }
      String key = dirKey.isEmpty() ? name : dirKey + "/" + name;
      if (entry.getAttributes().isDirectory()) {
        if (key.startsWith(prefix) || prefix.startsWith(key + "/")) {
          subdirs.add(new String[] {dir + "/" + name, key});
        }
      } else if (entry.getAttributes().isRegularFile() && key.startsWith(prefix) && !isTemp(name)) {
        sink.accept(key);
      }
    }
    for (String[] sub : subdirs) {
      walk(sftp, sub[0], sub[1], prefix, sink);
    }
  }

  /** The entries of {@code dir}, none if it does not exist. */
  private static List<SftpClient.DirEntry> readDir(SftpClient sftp, String dir) throws IOException {
    List<SftpClient.DirEntry> entries = new ArrayList<>();
    try {
      for (SftpClient.DirEntry entry : sftp.readDir(dir)) {
        entries.add(entry);
      }
    } catch (SftpException e) {
      if (!isMissing(e)) {
        throw e;
      }
    } catch (java.io.UncheckedIOException e) {
      if (!(e.getCause() instanceof SftpException && isMissing((SftpException) e.getCause()))) {
        throw e.getCause();
      }
    }
    return entries;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    connections.close();
  }
}
