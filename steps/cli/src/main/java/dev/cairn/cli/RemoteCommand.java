package dev.cairn.cli;

import dev.cairn.core.dvc.DvcConfig;
import dev.cairn.core.ops.Workspace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "remote",
    description = "Manage remotes in .dvc/config (credentials belong in config.local or files).",
    subcommands = {RemoteCommand.AddRemote.class, RemoteCommand.ListRemotes.class})
final class RemoteCommand {

  @Command(name = "add", description = "Add a remote, as `dvc remote add`.")
  static final class AddRemote implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Option(
        names = {"-d", "--default"},
        description = "Make it the default remote (core.remote).")
    boolean makeDefault;

    @Option(names = "--local", description = "Write to .dvc/config.local (not committed).")
    boolean local;

    @Parameters(index = "0", paramLabel = "NAME")
    String name = "";

    @Parameters(index = "1", paramLabel = "URL", description = "s3://, ssh://, file:// or a path.")
    String url = "";

    @Override
    public Integer call() {
      try (Workspace workspace = Workspace.open(global.cwd)) {
        Path dvcDir = workspace.root().resolve(".dvc");
        DvcConfig.Level level = local ? DvcConfig.Level.LOCAL : DvcConfig.Level.REPO;
        DvcConfig.setRemote(dvcDir, level, name, url);
        if (makeDefault) {
          DvcConfig.setDefaultRemote(dvcDir, level, name);
        }
        if (!global.quiet) {
          spec.commandLine()
              .getOut()
              .println("Added remote " + name + (makeDefault ? " (default)" : ""));
        }
      }
      return 0;
    }
  }

  @Command(name = "list", description = "List remotes and their URLs.")
  static final class ListRemotes implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Workspace workspace = Workspace.open(global.cwd)) {
        for (String name : workspace.config().remoteNames()) {
          out.println(name + "\t" + workspace.config().remote(name).url());
        }
      }
      return 0;
    }
  }
}
