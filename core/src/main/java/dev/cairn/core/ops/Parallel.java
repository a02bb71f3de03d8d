package dev.cairn.core.ops;

import dev.cairn.core.CairnException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Runs a task for each item on a small bounded pool; the first failure is rethrown. */
final class Parallel {
  private static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
  private static final int CHUNK = 256;

  private Parallel() {}

  /** Local file work: chunks of 256 items on twice as many threads as cores. */
  static <T> void forEach(List<T> items, Consumer<T> task) {
    forEach(items, THREADS, CHUNK, task, "Cannot finish");
  }

  /**
   * Runs {@code task} for every item, {@code chunk} items per pool task on at most {@code threads}
   * threads (all on the caller when one thread or one chunk is enough). A runtime failure is
   * rethrown as is; anything else becomes a {@link CairnException} starting with {@code what}.
   */
  static <T> void forEach(List<T> items, int threads, int chunk, Consumer<T> task, String what) {
    int size = Math.max(1, chunk);
    int workers = Math.max(1, Math.min(threads, (items.size() + size - 1) / size));
    if (workers == 1) {
      items.forEach(task);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int start = 0; start < items.size(); start += size) {
        List<T> part = items.subList(start, Math.min(items.size(), start + size));
        futures.add(pool.submit(() -> part.forEach(task)));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new CairnException(what + ": " + cause + " (run again)", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnException(what + ": interrupted (run again)", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
