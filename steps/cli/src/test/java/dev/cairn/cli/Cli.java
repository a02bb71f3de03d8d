package dev.cairn.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs {@code cairn} in-process in a directory, capturing exit code, stdout and stderr. */
final class Cli {
  record Run(int exitCode, String out, String err) {
    Run assertOk() {
      if (exitCode != 0) {
        throw new AssertionError("cairn exited " + exitCode + "\nout:\n" + out + "\nerr:\n" + err);
      }
      return this;
    }
  }

  private Cli() {}

  /** {@code cairn <command> -C dir -q <args...>}. */
  static Run run(Path dir, String command, String... args) {
    List<String> argv = new ArrayList<>();
    argv.addAll(List.of(command.split(" ")));
    argv.add("-C");
    argv.add(dir.toString());
    argv.add("-q");
    argv.addAll(List.of(args));
    return execute(argv.toArray(String[]::new));
  }

  /** {@code cairn <argv...>}, exactly these arguments. */
  static Run execute(String... argv) {
    CommandLine commandLine = Main.commandLine(argv);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(argv);
    return new Run(code, out.toString(), err.toString());
  }
}
