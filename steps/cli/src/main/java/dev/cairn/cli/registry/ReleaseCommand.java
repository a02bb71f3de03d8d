package dev.cairn.cli.registry;

import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.HoldWrite;
import dev.cairn.core.registry.Registry;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn release NAME --stage S --reason TEXT}. */
@Command(
    name = "release",
    mixinStandardHelpOptions = true,
    description = "End the hold on a stage: automatic promotion may assign it again.")
public final class ReleaseCommand extends RegistryCommand {
  @Parameters(index = "0", description = "Artifact name.")
  String name = "";

  @Option(names = "--stage", required = true, description = "Stage, e.g. prod.")
  String stage = "";

  @Option(names = "--reason", required = true, description = "Why (logged).")
  String reason = "";

  @Override
  void run(GitRepo repo) {
    Optional<HoldWrite> w = Registry.on(repo).release(name, stage, reason);
    if (w.isEmpty()) {
      print(name + "#" + stage + " is not held; nothing to do", Map.of("changed", false));
      return;
    }
    print(
        "Released " + name + "#" + stage + " (was " + w.get().hold().describe() + ")",
        HoldLines.toMap(w.get().hold(), true));
  }
}
