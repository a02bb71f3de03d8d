package dev.cairn.steps.common;

import java.io.PrintStream;

/**
 * Running out of heap, from any thread: one {@code error:} line and exit code {@link
 * ExitCodes#FAILURE}, instead of a stack trace or the JVM's own {@code -XX:+ExitOnOutOfMemoryError}
 * (which exits 3, the code reserved for configuration errors, and prints no {@code error:} line). A
 * failed step loses nothing: everything Cairn writes is written atomically, last the registry.
 */
public final class OutOfMemory {
  private OutOfMemory() {}

  /**
   * Makes an out-of-memory error on any thread that nothing catches end the process at once with
   * the one-line message, rather than leave the step limping on with a dead worker.
   */
  public static void exitOnUncaught() {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, failure) -> {
          if (isCause(failure)) {
            report(System.err);
            Runtime.getRuntime().halt(ExitCodes.FAILURE);
          }
          if (previous != null) {
            previous.uncaughtException(thread, failure);
          } else {
            thread.getThreadGroup().uncaughtException(thread, failure);
          }
        });
  }

  /** Whether {@code failure} or one of its causes is an {@link OutOfMemoryError}. */
  public static boolean isCause(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  /** The message, without the {@code error: } prefix. */
  public static String message() {
    long mib = Runtime.getRuntime().maxMemory() / (1024 * 1024);
    return "ran out of memory (the Java heap limit is "
        + mib
        + " MiB; raise the pod's memory limit, the heap is 75% of it, or give the JVM more with"
        + " -Xmx or CAIRN_JAVA_OPTS, and re-run)";
  }

  /** Prints the one line. */
  static void report(PrintStream err) {
    err.println("error: " + message());
    err.flush();
  }
}
