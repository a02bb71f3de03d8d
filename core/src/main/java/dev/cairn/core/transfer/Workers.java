package dev.cairn.core.transfer;

import dev.cairn.core.CairnException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.internal.Parallel;
import dev.cairn.core.remote.Remote;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;

/**
 * The pool of one transfer: runs a task per object and collects every outcome, and asks a remote
 * which objects it has in parallel batches. The pool itself is core's one {@link Parallel}.
 */
final class Workers implements AutoCloseable {
  private final Parallel pool;

  Workers(int threads) {
    this.pool = new Parallel(threads, "transfer", "Cannot finish transfer");
  }

  /** Per-object results: bytes for the ones done, the error for the ones that failed. */
  /** How many objects were moved and their bytes, and each failure. */
  record Outcomes(int done, long bytes, Map<Oid, CairnException> failed) {}

  /**
   * Runs {@code task} for every object in parallel and waits for all of them. Objects are submitted
   * in windows so that millions of them do not queue millions of futures, and only the failures are
   * kept per object.
   */
  Outcomes runAll(Collection<Oid> oids, ToLongFunction<Oid> task) {
    int done = 0;
    long bytes = 0;
    Map<Oid, CairnException> failed = new LinkedHashMap<>();
    List<Oid> all = new ArrayList<>(oids);
    for (int from = 0; from < all.size(); from += Parallel.WINDOW) {
      Map<Oid, Future<Long>> futures = new LinkedHashMap<>();
      for (Oid oid : all.subList(from, Math.min(all.size(), from + Parallel.WINDOW))) {
        futures.put(oid, pool.submit(() -> task.applyAsLong(oid)));
      }
      for (Map.Entry<Oid, Future<Long>> entry : futures.entrySet()) {
        try {
          bytes += pool.await(entry.getValue(), futures.values());
          done++;
        } catch (RuntimeException e) {
          if (Thread.currentThread().isInterrupted()) {
            throw e;
          }
          failed.put(entry.getKey(), asCairn(e));
        }
      }
    }
    return new Outcomes(done, bytes, failed);
  }

  /**
   * The subset of {@code oids} present on the remote: asked in parallel batches, or found by
   * listing the remote when it is small next to them ({@link RemoteListing}).
   *
   * @throws CairnException (typically {@code RemoteAccessException}) if any batch fails
   */
  Set<Oid> existing(Remote remote, Layout layout, Collection<Oid> oids, int batchSize) {
    Set<Oid> present = new HashSet<>();
    if (oids.isEmpty()) {
      return present;
    }
    java.util.Optional<Set<Oid>> listed = RemoteListing.existing(remote, layout, oids, pool);
    if (listed.isPresent()) {
      return listed.get();
    }
    // each batch makes its keys when it runs: a million keys and a map back from them at once
    // cost more heap than the rest of a snapshot
    List<Oid> all = new ArrayList<>(oids);
    List<Future<List<Oid>>> futures = new ArrayList<>();
    for (int from = 0; from < all.size(); from += batchSize) {
      List<Oid> batch = all.subList(from, Math.min(all.size(), from + batchSize));
      futures.add(pool.submit(() -> presentOf(remote, layout, batch)));
    }
    for (Future<List<Oid>> future : futures) {
      present.addAll(asCairnAwait(future, futures));
    }
    return present;
  }

  private static List<Oid> presentOf(Remote remote, Layout layout, List<Oid> batch) {
    Map<String, Oid> byKey = new HashMap<>();
    for (Oid oid : batch) {
      byKey.put(layout.key(oid), oid);
    }
    List<Oid> found = new ArrayList<>();
    for (String key : remote.existing(new ArrayList<>(byKey.keySet()))) {
      Oid oid = byKey.get(key);
      if (oid != null) {
        found.add(oid);
      }
    }
    return found;
  }

  private <T> T asCairnAwait(Future<T> future, Collection<? extends Future<?>> all) {
    try {
      return pool.await(future, all);
    } catch (RuntimeException e) {
      throw asCairn(e);
    }
  }

  private static CairnException asCairn(RuntimeException e) {
    return e instanceof CairnException cairn
        ? cairn
        : new CairnException("Cannot transfer: " + e + " (re-run; if it persists, report it)", e);
  }

  @Override
  public void close() {
    pool.close();
  }
}
