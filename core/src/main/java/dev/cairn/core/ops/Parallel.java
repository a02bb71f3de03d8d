package dev.cairn.core.ops;

import dev.cairn.core.CairnException;
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

  static <T> void forEach(List<T> items, Consumer<T> task) {
    if (items.size() <= CHUNK) {
      items.forEach(task);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> futures = new java.util.ArrayList<>();
      for (int start = 0; start < items.size(); start += CHUNK) {
        List<T> chunk = items.subList(start, Math.min(items.size(), start + CHUNK));
        futures.add(pool.submit(() -> chunk.forEach(task)));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new CairnException("Cannot finish: " + cause, cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnException("Interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
