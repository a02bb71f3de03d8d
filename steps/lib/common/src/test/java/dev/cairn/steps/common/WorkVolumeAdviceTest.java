package dev.cairn.steps.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkVolumeAdviceTest {
  @Test
  void aLargeTreeHashedWithNoStateGetsTheAdvice() {
    Optional<String> manyFiles = WorkVolumeAdvice.of(true, 10_000, 5_000);
    assertThat(manyFiles).isPresent();
    assertThat(manyFiles.get())
        .contains("all 10000 files")
        .contains("work-volume")
        .contains("/workspace");
    assertThat(WorkVolumeAdvice.of(true, 3, 1L << 30)).isPresent();
  }

  @Test
  void aSmallTreeOrAnEarlierRunsStateGetsNone() {
    assertThat(WorkVolumeAdvice.of(true, 9_999, (1L << 30) - 1)).isEmpty();
    assertThat(WorkVolumeAdvice.of(false, 1_000_000, 1L << 40)).isEmpty();
  }

  @Test
  void theAdviceIsASummaryRow() {
    Markdown md = Markdown.titled("snapshot-data: churn-data v0.0.1").row("version", "v0.0.1");
    WorkVolumeAdvice.addTo(md, WorkVolumeAdvice.of(true, 20_000, 2L << 30));
    assertThat(md.render())
        .contains(
            "| work directory | no hash state from an earlier run, so all 20000 files (2.0 GiB)"
                + " were read; set work-volume (a PVC for /workspace) so that the next run"
                + " reuses the hash state |\n");
    Markdown without = Markdown.titled("snapshot-data: churn-data v0.0.2");
    WorkVolumeAdvice.addTo(without, WorkVolumeAdvice.of(false, 20_000, 2L << 30));
    assertThat(without.render()).doesNotContain("work directory");
  }
}
