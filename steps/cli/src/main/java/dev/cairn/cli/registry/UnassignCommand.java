package dev.cairn.cli.registry;

import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryWrite;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn unassign NAME --version V --stage S}. */
@Command(
    name = "unassign",
    mixinStandardHelpOptions = true,
    description = "Unassign a stage from a version (tag NAME#STAGE!#N).")
public final class UnassignCommand extends RegistryCommand {
  @Parameters(index = "0", description = "Artifact name.")
  String name = "";

  @Option(names = "--version", required = true, description = "Version, e.g. v1.2.3.")
  String version = "";

  @Option(names = "--stage", required = true, description = "Stage, e.g. prod.")
  String stage = "";

  @Option(
      names = {"-m", "--message"},
      description = "Tag message.")
  @Nullable String message;

  @Override
  void run(GitRepo repo) {
    RegistryWrite w = Registry.on(repo).unassign(name, version, stage, message);
    print(describe(w, "Unassigned " + stage + " from " + name + "@" + version), toMap(w));
  }
}
