package dev.cairn.core.git;

import java.time.Duration;
import java.time.Instant;

/**
 * The time a Git writer reads and waits on: the wall clock that ages ref lock files, a monotonic
 * reading for its retry deadline, and the wait between retries. {@link #SYSTEM} is the real one; a
 * test passes one that moves forward when asked to wait, so a wait costs no real time. ({@link
 * java.time.Clock} has neither a monotonic reading nor a wait.)
 */
interface GitClock {
  /** The system clock, {@link System#nanoTime()} and {@link Thread#sleep}. */
  GitClock SYSTEM =
      new GitClock() {
        @Override
        public Instant now() {
          return Instant.now();
        }

        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
          Thread.sleep(Math.max(1, duration.toMillis()));
        }
      };

  /** The wall-clock time, compared with the modification time of lock files. */
  Instant now();

  /** A monotonic reading in nanoseconds, only for measuring elapsed time. */
  long nanoTime();

  /** Waits for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;
}
