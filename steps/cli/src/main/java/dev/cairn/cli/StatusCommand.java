package dev.cairn.cli;

import dev.cairn.cli.registry.Json;
import dev.cairn.core.ops.CloudStatus;
import dev.cairn.core.ops.Status;
import dev.cairn.core.ops.Workspace;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    description =
        "Show tracked data that changed in the workspace, or (with -c) is not on the remote.")
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin GlobalOptions global;
  @Mixin SyncOptions sync;

  @Option(
      names = {"-c", "--cloud"},
      description = "Compare the cache with the remote instead of the workspace with the cache.")
  boolean cloud;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Workspace workspace = Workspace.open(global.cwd())) {
      if (cloud) {
        printCloud(
            out,
            CloudStatus.run(
                workspace, global.resolve(sync.targets), sync.options(global.progress(out))));
      } else {
        printLocal(
            out,
            Status.run(
                workspace,
                global.resolve(sync.targets),
                global.quiet ? dev.cairn.core.Progress.NONE : global.progress(out)));
      }
    }
    return 0;
  }

  private void printLocal(PrintWriter out, List<Status.Entry> entries) {
    List<Map<String, Object>> changed = new ArrayList<>();
    for (Status.Entry entry : entries) {
      if (entry.state() != Status.State.UNCHANGED) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("path", entry.path());
        row.put("state", entry.state().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        changed.add(row);
      }
    }
    if (json) {
      out.println(Json.write(changed));
    } else if (changed.isEmpty()) {
      out.println("Data and pointers are up to date.");
    } else {
      changed.forEach(row -> out.println("\t" + row.get("state") + ": " + row.get("path")));
    }
  }

  /** As {@code dvc status --cloud}: one line (or JSON key) per object path not in sync. */
  private void printCloud(PrintWriter out, List<CloudStatus.Entry> entries) {
    Map<String, String> states = new LinkedHashMap<>();
    for (CloudStatus.Entry entry : entries) {
      states.put(entry.path(), entry.state().name().toLowerCase(Locale.ROOT));
    }
    if (json) {
      out.println(Json.write(states));
    } else if (states.isEmpty()) {
      out.println("Cache and remote are in sync.");
    } else {
      states.forEach((path, state) -> out.printf("\t%-20s%s%n", state + ":", path));
    }
  }
}
