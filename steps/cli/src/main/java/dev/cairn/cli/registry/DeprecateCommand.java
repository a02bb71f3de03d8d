package dev.cairn.cli.registry;

import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryWrite;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn deprecate NAME}. */
@Command(
    name = "deprecate",
    mixinStandardHelpOptions = true,
    description = "Deprecate an artifact (tag NAME@deprecated).")
public final class DeprecateCommand extends RegistryCommand {
  @Parameters(index = "0", description = "Artifact name.")
  String name = "";

  @Option(
      names = {"-m", "--message"},
      description = "Tag message.")
  @Nullable String message;

  @Override
  void run(GitRepo repo) {
    RegistryWrite w = Registry.on(repo).deprecate(name, message);
    print(describe(w, "Deprecated " + name), toMap(w));
  }
}
