package dev.cairn.core.ops;

import dev.cairn.core.hash.Oid;
import dev.cairn.core.internal.Parallel;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.SupportsServerSideCopy;
import dev.cairn.core.transfer.Layout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a version under a prefix of any remote ({@code s3://}, SFTP, local directory) as plain
 * files a model server can read: {@code <uri>/<version>/<relative path>} for a directory version,
 * {@code <uri>/<version>/<file name>} for a single file. When both the data remote and the target
 * are on S3 the objects are copied inside S3 (CopyObject) without passing through Cairn; otherwise
 * they are uploaded from the cache, each object hash-checked first. Files already under the prefix
 * are skipped (versions are immutable), so a re-run only completes what is missing.
 */
public final class ServeUri {
  private static final Logger LOG = LoggerFactory.getLogger(ServeUri.class);
  private static final int BATCH = 1000;

  private ServeUri() {}

  /**
   * What {@link #publish} did.
   *
   * @param prefix {@code <target>/<version>} for messages (no credentials)
   * @param written files written now
   * @param skipped files already there
   * @param serverSideCopy whether files were copied inside the object store
   */
  public record Published(String prefix, int written, int skipped, boolean serverSideCopy) {}

  /**
   * Publishes version {@code oid} under {@code <target>/<version>/}.
   *
   * @param store the data remote (source of server-side copies) and parallelism
   * @param cache the cache holding the version's {@code .dir} listing, and for uploads every object
   *     ({@code store.cache()} or its legacy view for a DVC 2 output)
   * @param oid a file id or a {@code .dir} id
   * @param fileName the file's name for a file id (ignored for a {@code .dir} id)
   * @param target where to publish
   * @param version the version name, the first path segment under {@code target}
   * @throws dev.cairn.core.odb.NotInCacheException if an upload needs an object the cache lacks
   * @throws dev.cairn.core.IntegrityException if a cached object is corrupt (not uploaded)
   */
  public static Published publish(
      Store store, Cache cache, Oid oid, String fileName, Remote target, String version) {
    ServeDir.checkVersionName(version);
    Map<String, Oid> files = ServingFiles.of(cache, oid, fileName);
    List<String> keys = new ArrayList<>();
    files.keySet().forEach(relpath -> keys.add(version + "/" + relpath));
    Set<String> present = existing(target, keys);
    String source = dataRemoteUrl(store);
    boolean serverSide =
        source.startsWith("s3://")
            && target instanceof SupportsServerSideCopy copier
            && copier.canCopyFrom(source + "/x");
    Layout layout = Layout.of(cache);
    List<Map.Entry<String, Oid>> todo = new ArrayList<>();
    for (Map.Entry<String, Oid> file : files.entrySet()) {
      if (!present.contains(version + "/" + file.getKey())) {
        todo.add(file);
      }
    }
    AtomicInteger written = new AtomicInteger();
    run(
        store.jobs(),
        todo,
        file -> {
          String key = version + "/" + file.getKey();
          Oid object = file.getValue();
          if (serverSide) {
            ((SupportsServerSideCopy) target).copyFrom(source + "/" + layout.key(object), key);
          } else {
            cache.check(object);
            target.put(key, cache.path(object));
          }
          written.incrementAndGet();
          store.progress().advance(1, 0);
        });
    String prefix = target.describe() + "/" + version;
    LOG.info(
        "Published {} files to {} ({}), {} already there",
        written.get(),
        prefix,
        serverSide ? "copied inside the object store" : "uploaded from the cache",
        files.size() - todo.size());
    return new Published(prefix, written.get(), files.size() - todo.size(), serverSide);
  }

  private static String dataRemoteUrl(Store store) {
    String url = store.remoteUrl().strip();
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    return url;
  }

  private static Set<String> existing(Remote target, List<String> keys) {
    Set<String> present = new HashSet<>();
    for (int start = 0; start < keys.size(); start += BATCH) {
      present.addAll(target.existing(keys.subList(start, Math.min(keys.size(), start + BATCH))));
    }
    return present;
  }

  /** Runs {@code task} for every item on {@code jobs} threads; rethrows the first failure. */
  private static <T> void run(int jobs, List<T> items, Consumer<T> task) {
    Parallel.forEach(items, jobs, 1, task, "Cannot publish");
  }
}
