package dev.cairn.cli;

import dev.cairn.core.ops.Add;
import dev.cairn.core.ops.AutoStage;
import dev.cairn.core.ops.Workspace;
import dev.cairn.steps.common.ProgressReporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "add",
    description = "Track files or directories: hash, store in the cache, write <path>.dvc.")
final class AddCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories to track.")
  List<Path> targets = List.of();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Workspace workspace = Workspace.open(global.cwd())) {
      List<Add.Added> all = Add.run(workspace, global.resolve(targets), global.progress(out));
      for (Add.Added added : all) {
        Path pointer = workspace.root().relativize(added.dvcFile());
        String what =
            added.nfiles() == null
                ? ProgressReporter.human(added.size())
                : added.nfiles() + " files, " + ProgressReporter.human(added.size());
        out.println(
            (added.changed() ? "Added " : "Unchanged ")
                + pointer
                + " ("
                + what
                + ", "
                + added.oid()
                + (added.stored() > 0 ? ", " + added.stored() + " new objects in cache" : "")
                + ")");
      }
      List<Path> staged = AutoStage.afterAdd(workspace, all);
      if (!staged.isEmpty()) {
        out.println(
            "Staged in Git (core.autostage): "
                + staged.stream()
                    .map(p -> workspace.root().relativize(p).toString())
                    .collect(java.util.stream.Collectors.joining(" ")));
      }
    }
    return 0;
  }
}
