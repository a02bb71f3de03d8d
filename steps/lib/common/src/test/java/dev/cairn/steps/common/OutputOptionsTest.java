package dev.cairn.steps.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class OutputOptionsTest {
  @TempDir Path dir;

  @Command(name = "t")
  static final class Cmd {
    @Mixin OutputOptions outputs = new OutputOptions();
  }

  private OutputOptions parse(String... args) {
    Cmd cmd = new Cmd();
    new CommandLine(cmd).parseArgs(args);
    return cmd.outputs;
  }

  private static StepResult result() {
    Map<String, @Nullable Object> values = new LinkedHashMap<>();
    values.put("version", "v0.0.2");
    values.put("changed", true);
    values.put("files", 12L);
    values.put("previous_version", null);
    return new StepResult(values, "# Snapshot\n\nok\n");
  }

  @Test
  void writesRawValuesWithoutTrailingNewlineIntoNewDirectories() throws Exception {
    Path version = dir.resolve("tmp/outputs/version/data");
    Path changed = dir.resolve("changed");
    Path previous = dir.resolve("previous");
    OutputOptions options =
        parse(
            "--output",
            "version=" + version,
            "--output",
            "changed=" + changed + ",previous_version=" + previous);
    options.check(result().values().keySet());
    StringWriter out = new StringWriter();
    options.write(result(), new PrintWriter(out));

    assertThat(Files.readString(version)).isEqualTo("v0.0.2");
    assertThat(Files.readString(changed)).isEqualTo("true");
    assertThat(Files.readString(previous)).isEmpty();
    assertThat(out.toString()).contains("version: v0.0.2").contains("files: 12");
  }

  @Test
  void writesJsonAndSummary() throws Exception {
    Path json = dir.resolve("out.json");
    Path summary = dir.resolve("summary.md");
    parse("--output-json", json.toString(), "--summary", summary.toString())
        .write(result(), new PrintWriter(new StringWriter()));

    assertThat(Files.readString(json))
        .contains("\"version\" : \"v0.0.2\"")
        .contains("\"changed\" : true")
        .contains("\"files\" : 12")
        .contains("\"previous_version\" : null");
    assertThat(Files.readString(summary)).isEqualTo("# Snapshot\n\nok\n");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("out.json", "summary.md");
    }
  }

  @Test
  void unknownOutputNameFailsBeforeAnyWork() {
    OutputOptions options = parse("--output", "verison=" + dir.resolve("v"));
    assertThatThrownBy(() -> options.check(Set.of("version", "changed")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot write output 'verison': this step's outputs are changed, version (fix"
                + " --output)");
  }
}
