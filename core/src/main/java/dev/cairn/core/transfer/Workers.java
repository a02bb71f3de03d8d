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
  record Outcomes(Map<Oid, Long> done, Map<Oid, CairnException> failed) {
    long bytes() {
      long total = 0;
      for (long value : done.values()) {
        total += value;
      }
      return total;
    }
  }

  /**
   * Runs {@code task} for every object in parallel and waits for all of them. Objects are submitted
   * in windows so that millions of them do not queue millions of futures.
   */
  Outcomes runAll(Collection<Oid> oids, ToLongFunction<Oid> task) {
    Map<Oid, Long> done = new LinkedHashMap<>();
    Map<Oid, CairnException> failed = new LinkedHashMap<>();
    List<Oid> all = new ArrayList<>(oids);
    for (int from = 0; from < all.size(); from += Parallel.WINDOW) {
      Map<Oid, Future<Long>> futures = new LinkedHashMap<>();
      for (Oid oid : all.subList(from, Math.min(all.size(), from + Parallel.WINDOW))) {
        futures.put(oid, pool.submit(() -> task.applyAsLong(oid)));
      }
      for (Map.Entry<Oid, Future<Long>> entry : futures.entrySet()) {
        try {
          done.put(entry.getKey(), pool.await(entry.getValue(), futures.values()));
        } catch (RuntimeException e) {
          if (Thread.currentThread().isInterrupted()) {
            throw e;
          }
          failed.put(entry.getKey(), asCairn(e));
        }
      }
    }
    return new Outcomes(done, failed);
  }

  /**
   * The subset of {@code oids} present on the remote, asked in parallel batches.
   *
   * @throws CairnException (typically {@code RemoteAccessException}) if any batch fails
   */
  Set<Oid> existing(Remote remote, Layout layout, Collection<Oid> oids, int batchSize) {
    Set<Oid> present = new HashSet<>();
    if (oids.isEmpty()) {
      return present;
    }
    Map<String, Oid> byKey = new HashMap<>();
    List<List<String>> batches = new ArrayList<>();
    List<String> batch = new ArrayList<>();
    for (Oid oid : oids) {
      String key = layout.key(oid);
      byKey.put(key, oid);
      batch.add(key);
      if (batch.size() == batchSize) {
        batches.add(batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      batches.add(batch);
    }
    List<Future<Set<String>>> futures = new ArrayList<>();
    for (List<String> keys : batches) {
      futures.add(pool.submit(() -> remote.existing(keys)));
    }
    for (Future<Set<String>> future : futures) {
      for (String key : asCairnAwait(future, futures)) {
        Oid oid = byKey.get(key);
        if (oid != null) {
          present.add(oid);
        }
      }
    }
    return present;
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
