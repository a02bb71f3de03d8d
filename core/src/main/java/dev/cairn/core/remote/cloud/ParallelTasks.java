package dev.cairn.core.remote.cloud;

import dev.cairn.core.RemoteAccessException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A remote's bounded pool of daemon threads: runs tasks, waits for all, rethrows the first error.
 */
public final class ParallelTasks implements AutoCloseable {
  private final ExecutorService pool;

  public ParallelTasks(String threadName, int threads) {
    AtomicInteger count = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, threadName + "-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs the tasks (in the caller's thread if there is one) and returns their results in order. */
  public <T> List<T> runAll(List<Callable<T>> tasks) {
    if (tasks.size() == 1) {
      try {
        List<T> one = new ArrayList<>(1);
        one.add(tasks.get(0).call());
        return one;
      } catch (Exception e) {
        throw unwrap(e);
      }
    }
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(pool.submit(task));
    }
    List<T> results = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<T> future : futures) {
      try {
        if (failure == null) {
          results.add(future.get());
        }
      } catch (ExecutionException e) {
        failure = unwrap(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = new RemoteAccessException("Cannot complete remote requests: interrupted", e);
      }
    }
    if (failure != null) {
      for (Future<T> future : futures) {
        future.cancel(true);
      }
      throw failure;
    }
    return results;
  }

  private static RuntimeException unwrap(@Nullable Throwable cause) {
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof IOException io) {
      return new UncheckedIOException(io);
    }
    return new RemoteAccessException("Cannot complete remote request: " + cause, cause);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
