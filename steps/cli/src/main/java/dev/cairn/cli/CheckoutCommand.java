package dev.cairn.cli;

import dev.cairn.core.ops.Materialize;
import dev.cairn.core.ops.Workspace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "checkout",
    description = {
      "Make tracked files match their .dvc files, from the cache.",
      "Files not in the version are removed only if their content is in the cache, unless --force."
    })
final class CheckoutCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(arity = "0..*", paramLabel = "TARGET", description = "Tracked paths or .dvc files.")
  List<Path> targets = List.of();

  @Option(
      names = {"-f", "--force"},
      description = "Delete files that are not in the cache too (they are lost).")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Workspace workspace = Workspace.open(global.cwd())) {
      print(
          out,
          workspace,
          Materialize.run(workspace, global.resolve(targets), force, global.progress(out)));
    }
    return 0;
  }

  static void print(PrintWriter out, Workspace workspace, List<Materialize.Outcome> outcomes) {
    for (Materialize.Outcome outcome : outcomes) {
      var r = outcome.result();
      String path = workspace.root().relativize(outcome.path()).toString();
      if (r.isNoOp()) {
        out.println("Unchanged " + path + " (" + outcome.oid() + ")");
      } else {
        out.printf(
            "Checked out %s (%s): %d added, %d modified, %d deleted, %d unchanged%n",
            path, outcome.oid(), r.added(), r.modified(), r.deleted(), r.unchanged());
      }
    }
  }
}
