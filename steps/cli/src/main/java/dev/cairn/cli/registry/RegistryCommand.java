package dev.cairn.cli.registry;

import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.RegistryWrite;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shared shape of the registry commands: repository options, {@code --json}, one-shot run. */
abstract class RegistryCommand implements Callable<Integer> {
  @Mixin RepoOptions repoOptions = new RepoOptions();

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  /** The exit code when {@link #run} returns normally; a command sets it for an outcome. */
  int exitCode = 0;

  @Override
  public final Integer call() {
    try (GitRepo repo = repoOptions.open()) {
      run(repo);
      return exitCode;
    }
  }

  abstract void run(GitRepo repo);

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  void print(String text, Object jsonValue) {
    out().println(json ? Json.write(jsonValue) : text);
    out().flush();
  }

  static Map<String, Object> toMap(RegistryWrite w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("artifact", w.artifact());
    m.put("action", w.action().eventName());
    m.put("version", w.version());
    m.put("stage", w.stage());
    m.put("previous_version", w.previousVersion());
    m.put("tags", w.tags());
    m.put("commit", w.commit());
    m.put("changed", w.changed());
    m.put("attempts", w.attempts());
    return m;
  }

  static String describe(RegistryWrite w, String done) {
    return w.changed()
        ? done + " (tags: " + String.join(", ", w.tags()) + ")"
        : done + " already; nothing to do";
  }
}
