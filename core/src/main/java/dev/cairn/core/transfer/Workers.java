package dev.cairn.core.transfer;

import dev.cairn.core.CairnException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.remote.Remote;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/** A bounded pool for one transfer: runs a task per object and collects every outcome. */
final class Workers implements AutoCloseable {
  private static final AtomicInteger POOLS = new AtomicInteger();
  private static final int WINDOW = 8192;

  private final ExecutorService pool;

  Workers(int threads) {
    int id = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread =
              new Thread(runnable, "cairn-transfer-" + id + "-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.pool = Executors.newFixedThreadPool(threads, factory);
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
    for (int from = 0; from < all.size(); from += WINDOW) {
      Map<Oid, Future<Long>> futures = new LinkedHashMap<>();
      for (Oid oid : all.subList(from, Math.min(all.size(), from + WINDOW))) {
        futures.put(oid, pool.submit(() -> task.applyAsLong(oid)));
      }
      for (Map.Entry<Oid, Future<Long>> entry : futures.entrySet()) {
        try {
          done.put(entry.getKey(), await(entry.getValue(), futures.values()));
        } catch (CairnException e) {
          if (Thread.currentThread().isInterrupted()) {
            throw e;
          }
          failed.put(entry.getKey(), e);
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
      for (String key : await(future, futures)) {
        Oid oid = byKey.get(key);
        if (oid != null) {
          present.add(oid);
        }
      }
    }
    return present;
  }

  private static <T> T await(Future<T> future, Collection<? extends Future<?>> all) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      all.forEach(f -> f.cancel(true));
      throw new CairnException("Cannot finish transfer: interrupted (re-run to complete it)", e);
    } catch (CancellationException e) {
      throw new CairnException("Cannot finish transfer: cancelled (re-run to complete it)", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof CairnException cairn) {
        throw cairn;
      }
      throw new CairnException(
          "Cannot transfer: "
              + (cause == null ? e : cause)
              + " (re-run; if it persists, report it)",
          cause == null ? e : cause);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
