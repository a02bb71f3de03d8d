package dev.cairn.steps.common;

import dev.cairn.core.DidYouMean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one {@code error: ...} line of a usage error (exit code 2): what is wrong, a "did you mean"
 * when a command or option name is close to what was typed, and the help command to run.
 */
final class UsageErrors {
  private UsageErrors() {}

  static String line(ParameterException failure) {
    CommandLine failed = failure.getCommandLine();
    String see = "see " + failed.getCommandSpec().qualifiedName() + " --help";
    List<String> unmatched = failed.getUnmatchedArguments();
    String text = String.valueOf(failure.getMessage());
    String hint = "";
    String typed = null;
    if (failure instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      typed = u.getUnmatched().get(0);
    } else if (failure instanceof MissingParameterException && !unmatched.isEmpty()) {
      // picocli checks what is missing before what is unknown; the mistyped name is the cause
      typed = unmatched.get(0);
    }
    if (typed != null) {
      text = unknown(failed, typed);
      hint = DidYouMean.hint(typed.replaceFirst("=.*", ""), namesAt(failed, typed));
    }
    return "error: " + text.replace('\n', ' ').strip() + " (" + hint + see + ")";
  }

  /** The names {@code typed} may have meant: options for an option, else subcommands. */
  private static Collection<String> namesAt(CommandLine command, String typed) {
    if (typed.startsWith("-")) {
      List<String> names = new ArrayList<>();
      command.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
      return names;
    }
    return command.getSubcommands().keySet();
  }

  private static String unknown(CommandLine command, String arg) {
    if (arg.startsWith("-")) {
      return "Unknown option: '" + arg + "'";
    }
    if (!command.getSubcommands().isEmpty()
        && command.getCommandSpec().positionalParameters().isEmpty()) {
      return "Unknown command: '" + arg + "'";
    }
    return "Unmatched argument: '" + arg + "'";
  }
}
