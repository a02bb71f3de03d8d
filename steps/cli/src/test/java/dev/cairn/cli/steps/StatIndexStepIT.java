package dev.cairn.cli.steps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * snapshot-data in fresh pods: each run gets a new, empty {@code --work-dir}, as an emptyDir does,
 * and re-hashes only what the previous version's stat index on the remote does not vouch for.
 */
class StatIndexStepIT {
  private static final int FILES = 12;
  private static final Instant DAY_1 = Instant.parse("2026-03-01T06:00:00.5Z");

  @TempDir Path tmp;
  private StepFixture fixture;
  private Path data;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new StepFixture(tmp);
    data = tmp.resolve("pvc/churn");
    for (int i = 0; i < FILES; i++) {
      Path file = data.resolve("day/part-" + i + ".csv");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "id,label\n" + i + ",stay\n", UTF_8);
      Files.setLastModifiedTime(file, FileTime.from(DAY_1));
    }
  }

  /** snapshot-data with its own work dir; the outputs land in {@code out/<pod>/}. */
  private List<String> argv(String pod, String... extra) {
    Path out = fixture.out.resolve(pod);
    List<String> argv =
        new ArrayList<>(
            List.of(
                "snapshot-data",
                "--git-url",
                fixture.repo.toString(),
                "--remote",
                fixture.remote.toString(),
                "--work-dir",
                tmp.resolve("pods/" + pod).toString(),
                "--quiet",
                "--name",
                "churn-data",
                "--data",
                data.toString(),
                "--output",
                "version=" + out.resolve("version"),
                "--output",
                "md5=" + out.resolve("md5"),
                "--output",
                "rehashed=" + out.resolve("rehashed"),
                "--summary",
                out.resolve("summary.md").toString()));
    argv.addAll(List.of(extra));
    return argv;
  }

  private String output(String pod, String name) throws IOException {
    return Files.readString(fixture.out.resolve(pod).resolve(name), UTF_8);
  }

  @Test
  void dayTwoInFreshPods_reHashOnlyTheChangedFile_andMatchARehashAllRun() throws Exception {
    StepFixture.run(argv("day1")).assertOk();
    assertThat(output("day1", "rehashed")).isEqualTo(String.valueOf(FILES));

    Path changed = data.resolve("day/part-3.csv");
    Files.writeString(changed, "id,label\n3,gone\n", UTF_8);
    Files.setLastModifiedTime(changed, FileTime.from(DAY_1.plusSeconds(86_400)));

    StepFixture.run(argv("day2-a")).assertOk();
    assertThat(output("day2-a", "version")).isEqualTo("v0.0.2");
    assertThat(output("day2-a", "rehashed")).isEqualTo("1");
    assertThat(output("day2-a", "summary.md")).contains("| re-hashed | 1 ");

    // a second fresh pod the same day: the index stored by the first run vouches for every file
    StepFixture.run(argv("day2-b")).assertOk();
    assertThat(output("day2-b", "version")).isEqualTo("v0.0.2");
    assertThat(output("day2-b", "rehashed")).isEqualTo("0");

    // CAIRN_REHASH_ALL (the env fallback of --rehash-all), in a separate JVM: reads every file
    ProcessBuilder builder =
        new ProcessBuilder(StepFixture.javaCommand(argv("day2-all")))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("day2-all.log").toFile());
    builder.environment().put("CAIRN_REHASH_ALL", "true");
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue())
        .as(Files.readString(tmp.resolve("day2-all.log"), UTF_8))
        .isZero();
    assertThat(output("day2-all", "rehashed")).isEqualTo(String.valueOf(FILES));
    assertThat(output("day2-all", "version")).isEqualTo("v0.0.2");
    assertThat(output("day2-all", "md5"))
        .isEqualTo(output("day2-a", "md5"))
        .isEqualTo(output("day2-b", "md5"));
  }

  @Test
  void rehashAllOption_catchesAnEditBehindAnUnchangedStat() throws Exception {
    StepFixture.run(argv("day1")).assertOk();
    // same length, mtime put back: DVC's state rule (and so the index) trusts the file
    Path edited = data.resolve("day/part-5.csv");
    Files.writeString(edited, "id,label\n5,STAY\n", UTF_8);
    Files.setLastModifiedTime(edited, FileTime.from(DAY_1));

    StepFixture.run(argv("trusting")).assertOk();
    assertThat(output("trusting", "version")).isEqualTo("v0.0.1");
    assertThat(output("trusting", "rehashed")).isEqualTo("0");

    StepFixture.run(argv("rehash-all", "--rehash-all")).assertOk();
    assertThat(output("rehash-all", "version")).isEqualTo("v0.0.2");
    assertThat(output("rehash-all", "rehashed")).isEqualTo(String.valueOf(FILES));
  }

  @Test
  void tornIndexOnTheRemote_isIgnored_theRunCompletesAndStoresAWholeOne() throws Exception {
    StepFixture.run(argv("day1")).assertOk();
    String md5 = output("day1", "md5");
    Path index = fixture.remote.resolve("cairn/stat/" + md5 + ".idx");
    byte[] whole = Files.readAllBytes(index);
    Files.write(index, java.util.Arrays.copyOf(whole, whole.length - 7));

    StepFixture.Run torn = StepFixture.run(argv("torn")).assertOk();

    assertThat(torn.err()).doesNotContain("error:");
    assertThat(output("torn", "version")).isEqualTo("v0.0.1");
    assertThat(output("torn", "rehashed")).isEqualTo(String.valueOf(FILES));
    StepFixture.run(argv("after")).assertOk();
    assertThat(output("after", "rehashed")).isEqualTo("0");
  }
}
