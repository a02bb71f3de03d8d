package dev.cairn.steps.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** A step that really runs out of heap, where it is told to; started by {@link OutOfMemoryTest}. */
@Command(name = "oom-probe")
final class OomProbe implements Callable<Integer> {
  @Parameters(index = "0")
  String where = "main";

  public static void main(String[] args) {
    StepLauncher.exit(() -> StepLauncher.execute(new OomProbe(), args));
  }

  @Override
  public Integer call() throws Exception {
    switch (where) {
      case "main" -> exhaust();
      case "pool" -> {
        // a worker's failure reaches the step through its future, wrapped
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
          pool.submit(OomProbe::exhaust).get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("worker failed", e);
        } finally {
          pool.shutdownNow();
        }
      }
      case "thread" -> {
        // a thread nobody joins in time: the process must still end with the one line
        Thread t = new Thread(OomProbe::exhaust, "worker");
        t.start();
        Thread.sleep(60_000);
      }
      default -> throw new IllegalArgumentException(where);
    }
    return 0;
  }

  private static Void exhaust() {
    List<long[]> hog = new ArrayList<>();
    while (true) {
      hog.add(new long[1 << 20]);
    }
  }
}
