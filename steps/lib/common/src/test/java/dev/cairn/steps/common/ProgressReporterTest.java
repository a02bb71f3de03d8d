package dev.cairn.steps.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressReporterTest {
  private final AtomicLong now = new AtomicLong();
  private final StringWriter text = new StringWriter();

  @Test
  void advance_inPod_printsPeriodicLinesWithRateAndEta() {
    ProgressReporter progress = new ProgressReporter(new PrintWriter(text), false, now::get);
    progress.start("uploading", 10, 10 * 1024 * 1024);
    now.set(1_000_000_000L);
    progress.advance(1, 1024 * 1024);
    assertThat(text.toString()).isEmpty();
    now.set(5_000_000_000L);
    progress.advance(1, 1024 * 1024);
    assertThat(text.toString())
        .isEqualTo("uploading: 2/10 files, 2.0 MiB/10.0 MiB, 409.6 KiB/s, ETA 0:20\n");
  }

  @Test
  void finish_onTerminal_endsTheBarWithANewline() {
    ProgressReporter progress = new ProgressReporter(new PrintWriter(text), true, now::get);
    progress.start("hashing", 0, 0);
    now.set(1_000_000_000L);
    progress.advance(3, 3000);
    progress.finish();
    assertThat(text.toString()).startsWith("\rhashing: 3 files, 2.9 KiB").endsWith("\n");
  }

  @Test
  void shortPhasesOfALongRun_inPod_stillPrintEveryFewSeconds() {
    ProgressReporter progress = new ProgressReporter(new PrintWriter(text), false, now::get);
    progress.start("hashing", 100, 0);
    now.set(3_000_000_000L);
    progress.advance(100, 0);
    progress.finish();
    progress.start("uploading", 10, 10 * 1024);
    now.set(6_000_000_000L);
    progress.advance(5, 5 * 1024);
    // 3 s of hashing, 3 s of uploading: no phase reached 5 s, the run did
    assertThat(text.toString()).startsWith("uploading: 5/10 files, 5.0 KiB/10.0 KiB");
  }

  @Test
  void finish_inPod_aPhaseThatPrintedEndsWithItsTotal() {
    ProgressReporter progress = new ProgressReporter(new PrintWriter(text), false, now::get);
    progress.start("uploading", 2, 2048);
    now.set(5_000_000_000L);
    progress.advance(1, 1024);
    now.set(7_000_000_000L);
    progress.advance(1, 1024);
    progress.finish();
    assertThat(text.toString().lines())
        .containsExactly(
            "uploading: 1/2 files, 1.0 KiB/2.0 KiB, 204 B/s, ETA 0:05",
            "uploading: 2/2 files, 2.0 KiB/2.0 KiB, 292 B/s");
  }

  @Test
  void onTerminal_withATotal_drawsABar() {
    ProgressReporter progress = new ProgressReporter(new PrintWriter(text), true, now::get);
    progress.start("uploading", 4, 4096);
    now.set(1_000_000_000L);
    progress.advance(1, 1024);
    assertThat(text.toString()).startsWith("\r[#####...............]  25% uploading: 1/4 files");
  }

  @Test
  void human_usesBinaryUnits() {
    assertThat(ProgressReporter.human(512)).isEqualTo("512 B");
    assertThat(ProgressReporter.human(1536)).isEqualTo("1.5 KiB");
    assertThat(ProgressReporter.human(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GiB");
  }
}
