package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  @Test
  void aNamedSubcommand_isTheOnlyOneBuilt() {
    assertThat(Main.commandLine("push", "--help").getSubcommands()).containsOnlyKeys("push");
    assertThat(Main.commandLine("snapshot-data").getSubcommands())
        .containsOnlyKeys("snapshot-data");
  }

  @Test
  void aSubcommandAfterDashC_isTheOnlyOneBuilt() {
    assertThat(Main.commandLine("-C", "dir", "push").getSubcommands()).containsOnlyKeys("push");
    assertThat(Main.commandLine("-Cdir", "-C", "sub", "remote", "add").getSubcommands())
        .containsOnlyKeys("remote");
  }

  @Test
  void noSubcommand_helpOrAMistypedName_buildEverySubcommand() {
    int all = Main.commandLine().getSubcommands().size();

    assertThat(all).isEqualTo(25);
    assertThat(Main.commandLine("--help").getSubcommands()).hasSize(all);
    assertThat(Main.commandLine("help", "push").getSubcommands()).hasSize(all);
    assertThat(Main.commandLine("psh").getSubcommands()).hasSize(all);
  }

  @Test
  void aMistypedName_isAUsageErrorNamingIt() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine("psh");
    commandLine.setErr(new PrintWriter(err, true));

    int code = commandLine.execute("psh");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("'psh'", "cairn --help");
  }

  @Test
  void aMistypedCommand_suggestsTheCloseOneOnOneLine() {
    Cli.Run run = Cli.execute("rolback-model", "--name", "m");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "error: Unknown command: 'rolback-model' (did you mean rollback-model? see cairn"
                + " --help)\n");
  }

  @Test
  void aMistypedNestedCommand_suggestsTheCloseOne() {
    Cli.Run run = Cli.execute("remote", "ad", "store", "/srv");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err())
        .startsWith("error: Unknown command: 'ad' (did you mean add? see cairn remote --help)");
  }

  @Test
  void aNameCloseToNothing_getsNoSuggestion() {
    Cli.Run run = Cli.execute("xyzzy");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).isEqualTo("error: Unknown command: 'xyzzy' (see cairn --help)\n");
  }

  @Test
  void aMistypedOption_suggestsTheCloseOne() {
    Cli.Run run = Cli.execute("status", "--jsn");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "error: Unknown option: '--jsn' (did you mean --json? see cairn status --help)\n");
  }

  @Test
  void topLevelHelp_listsEverySubcommand() {
    StringWriter out = new StringWriter();
    CommandLine commandLine = Main.commandLine("--help");
    commandLine.setOut(new PrintWriter(out, true));

    assertThat(commandLine.execute("--help")).isZero();
    assertThat(out.toString()).contains("snapshot-data", "rollback-model", "lineage", "checkout");
  }

  @Test
  void theChosenSubcommand_getsCairnsSettings() {
    CommandLine push = Main.commandLine("push").getSubcommands().get("push");

    assertThat(push).isNotNull();
    assertThat(push != null && push.isCaseInsensitiveEnumValuesAllowed()).isTrue();
    assertThat(push == null ? null : push.getExitCodeExceptionMapper()).isNotNull();
  }
}
