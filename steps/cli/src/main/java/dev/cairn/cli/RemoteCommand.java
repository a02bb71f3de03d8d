package dev.cairn.cli;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.dvc.DvcConfig;
import dev.cairn.core.ops.Workspace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
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

    @Option(
        names = {"-f", "--force"},
        description = "Replace a remote of the same name (as `dvc remote add --force`).")
    boolean force;

    @Parameters(index = "0", paramLabel = "NAME")
    String name = "";

    @Parameters(
        index = "1",
        paramLabel = "URL",
        description = "s3://, gs://, azure://, ssh://, file:// or a path.")
    String url = "";

    @Override
    public Integer call() {
      try (Workspace workspace = Workspace.open(global.cwd())) {
        Path dvcDir = workspace.root().resolve(".dvc");
        DvcConfig.Level level = local ? DvcConfig.Level.LOCAL : DvcConfig.Level.REPO;
        if (!force
            && DvcConfig.load(dvcDir).remoteNames().contains(name.toLowerCase(Locale.ROOT))) {
          throw new InvalidInputException(
              "Cannot add remote '"
                  + name
                  + "': it exists already (use --force to replace it, as dvc remote add does)");
        }
        requireParsableUrl(url);
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

  /** A URL with a scheme must parse as one ({@code ssh://[::1} does not). */
  static void requireParsableUrl(String url) {
    if (!url.contains("://")) {
      return;
    }
    try {
      java.net.URI uri = new java.net.URI(url);
      if (uri.getAuthority() == null && !url.startsWith("file:")) {
        throw new java.net.URISyntaxException(url, "no host or bucket");
      }
    } catch (java.net.URISyntaxException e) {
      throw new InvalidInputException(
          "Cannot add remote URL " + url + ": not a valid URL (" + e.getReason() + ")");
    }
  }

  @Command(name = "list", description = "List remotes and their URLs.")
  static final class ListRemotes implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Workspace workspace = Workspace.open(global.cwd())) {
        for (String name : workspace.config().remoteNames()) {
          out.println(name + "\t" + workspace.config().remote(name).url());
        }
      }
      return 0;
    }
  }
}
