package dev.cairn.core.odb;

import dev.cairn.core.CairnException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Maps a function over items on a bounded pool; the first failure is thrown after all finish. */
final class Parallel {
  private static final int WINDOW = 8192;

  private Parallel() {}

  static <T, R> List<R> map(int jobs, List<T> items, Function<T, R> function) {
    List<R> results = new ArrayList<>(items.size());
    if (jobs <= 1 || items.size() <= 1) {
      for (T item : items) {
        results.add(function.apply(item));
      }
      return results;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(jobs, items.size()),
            runnable -> {
              Thread thread = new Thread(runnable, "cairn-checkout");
              thread.setDaemon(true);
              return thread;
            });
    try {
      @Nullable RuntimeException first = null;
      for (int from = 0; from < items.size(); from += WINDOW) {
        List<Future<R>> futures = new ArrayList<>();
        for (T item : items.subList(from, Math.min(items.size(), from + WINDOW))) {
          futures.add(pool.submit(() -> function.apply(item)));
        }
        for (Future<R> future : futures) {
          try {
            results.add(future.get());
          } catch (ExecutionException e) {
            if (first == null) {
              first = unwrap(e);
            }
          }
        }
        if (first != null) {
          break; // do not start more work after a failure
        }
      }
      if (first != null) {
        throw first;
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnException("Cannot finish checkout: interrupted (re-run it to complete)", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static RuntimeException unwrap(ExecutionException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new CairnException("Cannot checkout: " + cause, cause);
  }
}
