package dev.cairn.cli;

import dev.cairn.core.ops.DataSync;
import dev.cairn.core.ops.Materialize;
import dev.cairn.core.ops.Workspace;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "pull", description = "fetch, then checkout.")
final class PullCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin SyncOptions sync;

  @Option(
      names = {"-f", "--force"},
      description = "Delete files that are not in the cache too (they are lost).")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Workspace workspace = Workspace.open(global.cwd())) {
      DataSync.Summary summary =
          DataSync.fetch(
              workspace, global.resolve(sync.targets), sync.options(global.progress(out)));
      out.println(PushCommand.describe("fetched from", summary));
      CheckoutCommand.print(
          out,
          workspace,
          Materialize.run(workspace, global.resolve(sync.targets), force, global.progress(out)));
    }
    return 0;
  }
}
