package dev.cairn.cli;

import dev.cairn.core.ops.Workspace;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "init",
    description = "Make a folder (default: the current one) a DVC repository, as `dvc init` does.")
final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;

  @Parameters(arity = "0..1", paramLabel = "DIR", description = "Repository root.")
  Path dir = Path.of("");

  @Override
  public Integer call() {
    try (Workspace workspace = Workspace.init(global.resolve(dir))) {
      if (!global.quiet) {
        spec.commandLine().getOut().println("Initialized DVC repository in " + workspace.root());
      }
    }
    return 0;
  }
}
