package dev.cairn.core.internal;

import dev.cairn.core.CairnException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The one bounded pool core uses for parallel work (checkout, add, snapshot, publish, transfer):
 * daemon threads named {@code cairn-<name>-<pool>-<n>}, work submitted in windows so that millions
 * of items do not queue millions of futures, and failures rethrown the same way everywhere: a
 * runtime exception as it is, an interruption or anything else as a {@link CairnException} that
 * starts with the caller's {@code what} (for example {@code "Cannot checkout"}).
 */
public final class Parallel implements AutoCloseable {
  /** Items submitted at once; the next window starts when this one is done. */
  public static final int WINDOW = 8192;

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ExecutorService pool;
  private final String what;

  /**
   * A pool of {@code threads} threads.
   *
   * @param name the thread name part, e.g. {@code transfer}
   * @param what how a failure message starts, e.g. {@code Cannot transfer}
   */
  public Parallel(int threads, String name, String what) {
    int id = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(1, threads),
            runnable -> {
              Thread thread =
                  new Thread(runnable, "cairn-" + name + "-" + id + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.what = what;
  }

  /**
   * {@code function} of every item on at most {@code jobs} threads (on the caller when one is
   * enough), results in item order. After a failure no further window starts, and the first failure
   * is thrown once the running window is done.
   */
  public static <T, R> List<R> map(
      int jobs, List<T> items, Function<T, R> function, String name, String what) {
    if (jobs <= 1 || items.size() <= 1) {
      List<R> results = new ArrayList<>(items.size());
      for (T item : items) {
        results.add(function.apply(item));
      }
      return results;
    }
    try (Parallel parallel = new Parallel(Math.min(jobs, items.size()), name, what)) {
      return parallel.map(items, function);
    }
  }

  /**
   * Runs {@code task} for every item, {@code chunk} items per pool task on at most {@code threads}
   * threads (all on the caller when one thread or one chunk is enough); the first failure is
   * rethrown.
   */
  public static <T> void forEach(
      List<T> items, int threads, int chunk, Consumer<T> task, String what) {
    int size = Math.max(1, chunk);
    List<List<T>> parts = new ArrayList<>();
    for (int start = 0; start < items.size(); start += size) {
      parts.add(items.subList(start, Math.min(items.size(), start + size)));
    }
    map(
        Math.min(threads, parts.size()),
        parts,
        part -> {
          part.forEach(task);
          return Boolean.TRUE;
        },
        "work",
        what);
  }

  /** {@link #map(int, List, Function, String, String)} on this pool. */
  public <T, R> List<R> map(List<T> items, Function<T, R> function) {
    List<R> results = new ArrayList<>(items.size());
    @Nullable RuntimeException first = null;
    for (int from = 0; from < items.size() && first == null; from += WINDOW) {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items.subList(from, Math.min(items.size(), from + WINDOW))) {
        futures.add(pool.submit(() -> function.apply(item)));
      }
      for (Future<R> future : futures) {
        try {
          results.add(await(future, futures));
        } catch (RuntimeException e) {
          if (Thread.currentThread().isInterrupted()) {
            throw e;
          }
          if (first == null) {
            first = e;
          }
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return results;
  }

  /** Submits one task. */
  public <T> Future<T> submit(Callable<T> task) {
    return pool.submit(task);
  }

  /**
   * The result of {@code future}; on interruption every future of {@code all} is cancelled.
   *
   * @throws RuntimeException the task's own runtime exception, or a {@link CairnException}
   */
  public <T> T await(Future<T> future, Collection<? extends Future<?>> all) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      all.forEach(f -> f.cancel(true));
      throw new CairnException(what + ": interrupted (run it again to complete it)", e);
    } catch (CancellationException e) {
      throw new CairnException(what + ": cancelled (run it again to complete it)", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new CairnException(
          what + ": " + cause + " (run it again; if it persists, report it)", cause);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
