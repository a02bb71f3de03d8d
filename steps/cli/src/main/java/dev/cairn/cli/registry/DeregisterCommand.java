package dev.cairn.cli.registry;

import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryWrite;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn deregister NAME --version V}. */
@Command(
    name = "deregister",
    mixinStandardHelpOptions = true,
    description = "Deregister a version (tag NAME@vX.Y.Z!).")
public final class DeregisterCommand extends RegistryCommand {
  @Parameters(index = "0", description = "Artifact name.")
  String name = "";

  @Option(names = "--version", required = true, description = "Version, e.g. v1.2.3.")
  String version = "";

  @Option(
      names = {"-m", "--message"},
      description = "Tag message.")
  @Nullable String message;

  @Override
  void run(GitRepo repo) {
    RegistryWrite w = Registry.on(repo).deregister(name, version, message);
    print(describe(w, "Deregistered " + name + "@" + version), toMap(w));
  }
}
