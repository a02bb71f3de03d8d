package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every command in the {@code cairn} tree answers {@code -h} and {@code --help}. */
class HelpOptionsTest {

  /** Every command path below {@code cairn}, nested ones ({@code remote add}) included. */
  static Stream<String> commandPaths() {
    List<String> paths = new ArrayList<>();
    collect(Main.commandLine(), "", paths);
    return paths.stream();
  }

  private static void collect(CommandLine commandLine, String prefix, List<String> paths) {
    commandLine
        .getSubcommands()
        .forEach(
            (name, sub) -> {
              String path = prefix.isEmpty() ? name : prefix + " " + name;
              paths.add(path);
              collect(sub, path, paths);
            });
  }

  @Test
  void theTree_isWalkedWithNestedCommands() {
    List<String> paths = commandPaths().toList();

    assertThat(paths).contains("push", "remote add", "remote list", "snapshot-data", "show");
    assertThat(paths).hasSizeGreaterThan(Main.commandLine().getSubcommands().size());
  }

  @ParameterizedTest
  @MethodSource("commandPaths")
  void everyCommand_longHelp_printsUsageAndExitsZero(String path) {
    assertPrintsUsage(path, "--help");
  }

  @ParameterizedTest
  @MethodSource("commandPaths")
  void everyCommand_shortHelp_printsUsageAndExitsZero(String path) {
    assertPrintsUsage(path, "-h");
  }

  @ParameterizedTest
  @MethodSource("commandPaths")
  void everyCommand_helpOption_isListedInItsUsage(String path) {
    Cli.Run run = run(path, "--help");

    assertThat(run.out()).contains("-h, --help");
  }

  @Test
  void theRoot_printsItsVersion() {
    for (String option : List.of("-V", "--version")) {
      Cli.Run run = run("", option);

      assertThat(run.exitCode()).isZero();
      assertThat(run.out().strip()).matches("cairn \\d+\\.\\d+\\.\\d+.*");
    }
  }

  @ParameterizedTest
  @MethodSource("commandPaths")
  void aSubcommand_rejectsVersionLikeGitAndDvc(String path) {
    if (path.equals("help")) {
      return; // cairn help -V is help on a command named -V
    }
    Cli.Run run = run(path, "-V");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("error: ").contains("'-V'");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  private static void assertPrintsUsage(String path, String option) {
    Cli.Run run = run(path, option);

    assertThat(run.exitCode()).as(path + " " + option).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).contains("Usage: cairn " + path + " ");
  }

  private static Cli.Run run(String path, String... args) {
    List<String> argv = new ArrayList<>(path.isEmpty() ? List.of() : List.of(path.split(" ")));
    argv.addAll(List.of(args));
    return Cli.execute(argv.toArray(String[]::new));
  }
}
