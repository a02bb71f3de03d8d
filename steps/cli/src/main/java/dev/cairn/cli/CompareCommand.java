package dev.cairn.cli;

import dev.cairn.cli.registry.Json;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.ops.Compare;
import dev.cairn.steps.common.GitOptions;
import dev.cairn.steps.common.RemoteOptions;
import dev.cairn.steps.common.StepSession;
import dev.cairn.steps.common.WorkOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn compare NAME@A NAME@B}: metrics, params, inputs and files of two versions. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Compare two versions of an artifact: recorded metrics, params and input versions, and the",
      "files added, modified and deleted (only the listings are read from the remote)."
    })
public final class CompareCommand implements Callable<Integer> {
  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME@A", description = "e.g. churn-model@v0.0.1")
  private String before = "";

  @Parameters(index = "1", paramLabel = "NAME@B|B", description = "e.g. churn-model@v0.0.2")
  private String after = "";

  @Option(names = "--json", description = "Print the comparison as JSON.")
  private boolean json;

  @Mixin private GitOptions git = new GitOptions();
  @Mixin private RemoteOptions remote = new RemoteOptions();
  @Mixin private WorkOptions work = new WorkOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int at = before.lastIndexOf('@');
    if (at <= 0 || at == before.length() - 1) {
      throw new InvalidInputException(
          "Cannot parse '" + before + "': expected NAME@vX.Y.Z (e.g. churn-model@v0.0.1)");
    }
    String name = before.substring(0, at);
    String second = after.startsWith(name + "@") ? after.substring(name.length() + 1) : after;
    if (second.contains("@")) {
      throw new InvalidInputException(
          "Cannot compare "
              + before
              + " with "
              + after
              + ": both must be versions of "
              + name
              + " (give NAME@A NAME@B, or NAME@A B)");
    }
    try (StepSession session = StepSession.open(git, remote, work, out)) {
      Compare.Result r = Compare.run(session.store(), name, before.substring(at + 1), second);
      out.println(json ? Json.write(r) : text(r));
      out.flush();
    }
    return 0;
  }

  static String text(Compare.Result r) {
    StringBuilder s = new StringBuilder();
    s.append(r.name()).append(' ').append(r.before()).append(" -> ").append(r.after());
    if (r.md5Before().equals(r.md5After())) {
      s.append(" (same content: ").append(r.md5After()).append(')');
    }
    section(s, "metrics", r.metrics(), true);
    section(s, "params", r.params(), false);
    section(s, "inputs", r.inputs(), false);
    Compare.Files f = r.files();
    s.append("\nfiles: ")
        .append(f.added())
        .append(" added, ")
        .append(f.modified())
        .append(" modified, ")
        .append(f.deleted())
        .append(" deleted, ")
        .append(f.unchanged())
        .append(" unchanged");
    paths(s, "+", f.addedPaths(), f.added());
    paths(s, "~", f.modifiedPaths(), f.modified());
    paths(s, "-", f.deletedPaths(), f.deleted());
    return s.toString();
  }

  private static void section(
      StringBuilder s, String title, List<Compare.Change> changes, boolean numeric) {
    if (changes.isEmpty()) {
      return;
    }
    s.append('\n').append(title).append(':');
    for (Compare.Change c : changes) {
      s.append("\n  ")
          .append(c.key())
          .append(": ")
          .append(show(c.before()))
          .append(" -> ")
          .append(show(c.after()));
      if (c.same()) {
        s.append("  (same)");
      } else if (numeric && c.before() instanceof Double a && c.after() instanceof Double b) {
        s.append(String.format(Locale.ROOT, "  (%+.6g)", b - a));
      }
    }
  }

  private static String show(@Nullable Object value) {
    return value == null ? "-" : value.toString();
  }

  private static void paths(StringBuilder s, String mark, List<String> listed, int total) {
    for (String path : listed) {
      s.append("\n  ").append(mark).append(' ').append(path);
    }
    if (total > listed.size()) {
      s.append("\n  ").append(mark).append(" ... ").append(total - listed.size()).append(" more");
    }
  }
}
