package dev.cairn.cli;

import dev.cairn.core.ops.DataSync;
import dev.cairn.core.ops.Workspace;
import dev.cairn.steps.common.ProgressReporter;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "push", description = "Upload tracked data the remote does not have yet.")
final class PushCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin SyncOptions sync;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Workspace workspace = Workspace.open(global.cwd())) {
      DataSync.Summary summary =
          DataSync.push(
              workspace, global.resolve(sync.targets), sync.options(global.progress(out)));
      out.println(describe("pushed to", summary));
    }
    return 0;
  }

  static String describe(String verb, DataSync.Summary summary) {
    if (summary.transferred() == 0) {
      return "Everything is up to date (" + summary.remote() + ").";
    }
    return summary.transferred()
        + " objects "
        + verb
        + " "
        + summary.remote()
        + " ("
        + ProgressReporter.human(summary.bytes())
        + "; "
        + summary.skipped()
        + " already there)";
  }
}
