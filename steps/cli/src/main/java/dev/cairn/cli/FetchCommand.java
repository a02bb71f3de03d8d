package dev.cairn.cli;

import dev.cairn.core.ops.DataSync;
import dev.cairn.core.ops.Workspace;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "fetch",
    description = "Download tracked data into the cache (MD5-verified), without touching files.")
final class FetchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin SyncOptions sync;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Workspace workspace = Workspace.open(global.cwd())) {
      DataSync.Summary summary =
          DataSync.fetch(
              workspace, global.resolve(sync.targets), sync.options(global.progress(out)));
      out.println(PushCommand.describe("fetched from", summary));
    }
    return 0;
  }
}
