package dev.cairn.cli.registry;

import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.HoldWrite;
import dev.cairn.core.registry.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn hold NAME --stage S --reason TEXT}. */
@Command(
    name = "hold",
    mixinStandardHelpOptions = true,
    description = {
      "Hold a stage at the version in it: automatic promotion (train-register) registers new",
      "versions but does not assign the stage until cairn release. Stored as the ref",
      "refs/cairn/holds/NAME#STAGE, which gto and dvc ignore."
    })
public final class HoldCommand extends RegistryCommand {
  @Parameters(index = "0", description = "Artifact name.")
  String name = "";

  @Option(names = "--stage", required = true, description = "Stage, e.g. prod.")
  String stage = "";

  @Option(names = "--reason", required = true, description = "Why (recorded in the hold).")
  String reason = "";

  @Override
  void run(GitRepo repo) {
    HoldWrite w = Registry.on(repo).hold(name, stage, reason);
    print(
        (w.changed() ? "Held " : "Already held: ") + name + "#" + w.hold().describe(),
        HoldLines.toMap(w.hold(), w.changed()));
  }
}
