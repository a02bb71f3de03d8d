package dev.cairn.steps.common;

import dev.cairn.core.Progress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Shows {@link Progress}: a redrawn bar on a terminal, or a plain line every few seconds (files,
 * bytes, rate, ETA) in a pod log where carriage returns would only make noise.
 */
public final class ProgressReporter implements Progress {
  private static final long LINE_INTERVAL_NANOS = 5_000_000_000L;
  private static final long BAR_INTERVAL_NANOS = 200_000_000L;

  private final PrintWriter out;
  private final boolean terminal;
  private final LongSupplier clock;
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private volatile String phase = "";
  private volatile long totalFiles;
  private volatile long totalBytes;
  private volatile long startedNanos;
  private volatile long lastPrintNanos;
  private volatile boolean printedBefore;

  ProgressReporter(PrintWriter out, boolean terminal, LongSupplier clock) {
    this.out = out;
    this.terminal = terminal;
    this.clock = clock;
  }

  /** A reporter for this process: a bar when stdout is a terminal, periodic lines otherwise. */
  public static ProgressReporter to(PrintWriter out) {
    return new ProgressReporter(out, isTerminal(), System::nanoTime);
  }

  /**
   * Whether stdout is a terminal: up to JDK 21 a console exists only then; from JDK 22 one always
   * exists and says so with {@code isTerminal()}.
   */
  @SuppressWarnings("SystemConsoleNull") // the null check is for JDK 17-21; isTerminal() covers 22+
  private static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return Boolean.TRUE.equals(java.io.Console.class.getMethod("isTerminal").invoke(console));
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  @Override
  public void start(String phase, long totalFiles, long totalBytes) {
    this.phase = phase;
    this.totalFiles = totalFiles;
    this.totalBytes = totalBytes;
    files.set(0);
    bytes.set(0);
    startedNanos = clock.getAsLong();
    if (!printedBefore) {
      // the interval runs across phases: several short phases of a long run still print a line
      // every few seconds in a pod log
      lastPrintNanos = startedNanos;
      printedBefore = true;
    }
  }

  @Override
  public void advance(long doneFiles, long doneBytes) {
    files.addAndGet(doneFiles);
    bytes.addAndGet(doneBytes);
    long now = clock.getAsLong();
    long interval = terminal ? BAR_INTERVAL_NANOS : LINE_INTERVAL_NANOS;
    if (now - lastPrintNanos >= interval) {
      synchronized (this) {
        if (now - lastPrintNanos >= interval) {
          lastPrintNanos = now;
          print(now, false);
        }
      }
    }
  }

  @Override
  public synchronized void finish() {
    if (phase.isEmpty()) {
      return;
    }
    long now = clock.getAsLong();
    // on a terminal the bar ends with its final state; in a pod a phase long enough to have had a
    // line gets its total too, so the log says it finished
    if (terminal || now - startedNanos >= LINE_INTERVAL_NANOS) {
      print(now, true);
      lastPrintNanos = now;
    }
  }

  private void print(long now, boolean last) {
    double seconds = Math.max((now - startedNanos) / 1e9, 1e-9);
    long doneBytes = bytes.get();
    long doneFiles = files.get();
    double rate = doneBytes / seconds;
    String line =
        String.format(
            Locale.ROOT,
            "%s: %s files%s%s",
            phase,
            totalFiles > 0 ? doneFiles + "/" + totalFiles : Long.toString(doneFiles),
            doneBytes > 0 || totalBytes > 0
                ? ", "
                    + human(doneBytes)
                    + (totalBytes > 0 ? "/" + human(totalBytes) : "")
                    + ", "
                    + human((long) rate)
                    + "/s"
                : String.format(Locale.ROOT, ", %.0f files/s", doneFiles / seconds),
            eta(doneBytes, rate));
    if (terminal) {
      out.print("\r" + bar(doneFiles, doneBytes) + line + (last ? "\n" : ""));
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** {@code [#######.............] 35% } when the total is known, else nothing. */
  private String bar(long doneFiles, long doneBytes) {
    double fraction =
        totalBytes > 0
            ? (double) doneBytes / totalBytes
            : totalFiles > 0 ? (double) doneFiles / totalFiles : -1;
    if (fraction < 0) {
      return "";
    }
    int width = 20;
    int filled = (int) Math.round(Math.min(1, fraction) * width);
    return "["
        + "#".repeat(filled)
        + ".".repeat(width - filled)
        + "] "
        + String.format(Locale.ROOT, "%3d%% ", Math.round(Math.min(1, fraction) * 100));
  }

  private String eta(long doneBytes, double rate) {
    if (totalBytes <= 0 || rate <= 0 || doneBytes >= totalBytes) {
      return "";
    }
    long seconds = (long) ((totalBytes - doneBytes) / rate);
    return String.format(Locale.ROOT, ", ETA %d:%02d", seconds / 60, seconds % 60);
  }

  /** Bytes in binary units with one decimal: {@code 1.5 MiB}. */
  public static String human(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
