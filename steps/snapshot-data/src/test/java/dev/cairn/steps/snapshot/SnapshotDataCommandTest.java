package dev.cairn.steps.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.ops.Snapshot;
import dev.cairn.steps.common.ExitCodes;
import dev.cairn.steps.common.StepLauncher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The step's own decisions, without a registry: option parsing, the source it hands to {@link
 * Snapshot#run(dev.cairn.core.ops.Store, Snapshot.Request, Snapshot.Source, Path)}, and the exit
 * code of bad input refused before anything is opened.
 */
class SnapshotDataCommandTest {
  @TempDir Path tmp;

  private static SnapshotDataCommand parsed(String... args) {
    SnapshotDataCommand command = new SnapshotDataCommand();
    StepLauncher.commandLine(command).parseArgs(args);
    return command;
  }

  /** What a run printed and returned. */
  private record Run(int exitCode, String out, String err) {}

  private static Run run(String... args) {
    CommandLine commandLine = StepLauncher.commandLine(new SnapshotDataCommand());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void source_s3Prefix_inPlaceAutoByDefault_trustingEtags() {
    Snapshot.Source source = parsed("--name", "churn-data", "--data", "s3://bucket/raw").source();

    assertThat(source)
        .isEqualTo(
            new Snapshot.Source.S3Prefix("s3://bucket/raw", Snapshot.InPlace.AUTO, true, null));
  }

  @Test
  void source_s3Prefix_passesTheModeTheHashingAndTheEndpoint() {
    Snapshot.Source source =
        parsed(
                "--name",
                "churn-data",
                "--data",
                "s3://bucket/raw",
                "--in-place",
                "NEVER",
                "--hash-all-bytes",
                "--remote-endpoint-url",
                "http://minio:9000")
            .source();

    assertThat(source)
        .isEqualTo(
            new Snapshot.Source.S3Prefix(
                "s3://bucket/raw", Snapshot.InPlace.NEVER, false, "http://minio:9000"));
  }

  @Test
  void source_mountedDirectory_isLocal() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(data.resolve("a.csv"), "1,2\n");

    Snapshot.Source source = parsed("--name", "churn-data", "--data", data.toString()).source();

    assertThat(source).isInstanceOf(Snapshot.Source.Local.class);
    assertThat(((Snapshot.Source.Local) source).path()).isEqualTo(data);
  }

  @Test
  void badInPlace_isAUsageError_beforeAnythingIsOpened() {
    Run run = run("--name", "churn-data", "--data", "s3://bucket/raw", "--in-place", "sometimes");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("Cannot use --in-place sometimes: give auto, always or never");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void otherUrl_isAUsageError() {
    Run run = run("--name", "churn-data", "--data", "hdfs://bucket/raw");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("give a mounted path or an s3://, gs:// or azure:// prefix");
  }

  @Test
  void missingOrEmptyData_isAUsageError() throws Exception {
    assertThat(run("--name", "churn-data").exitCode()).isEqualTo(ExitCodes.USAGE);
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    Run run = run("--name", "churn-data", "--data", empty.toString());

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--data");
  }

  @Test
  void badDerivedFrom_isAUsageError() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(data.resolve("a.csv"), "1,2\n");

    Run run = run("--name", "churn-data", "--data", data.toString(), "--derived-from", "raw-data");

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).contains("--derived-from");
  }

  @Test
  void unknownOutput_isAUsageError() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(data.resolve("a.csv"), "1,2\n");

    Run run =
        run(
            "--name",
            "churn-data",
            "--data",
            data.toString(),
            "--output",
            "nope=" + tmp.resolve("nope"));

    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(SnapshotDataCommand.OUTPUTS).doesNotContain("nope");
  }

  @Test
  void headline_saysWhatHappened() {
    Snapshot.Result unchanged =
        new Snapshot.Result(
            "churn-data", "v0.0.2", "abc.dir", "c0ffee", false, 3, 2048, "v0.0.1", null, 0, 0, 0);

    assertThat(SnapshotDataCommand.headline(unchanged))
        .isEqualTo(
            "unchanged: churn-data@v0.0.2 already holds this data (3 files, 2.0 KiB); nothing"
                + " written");
  }
}
