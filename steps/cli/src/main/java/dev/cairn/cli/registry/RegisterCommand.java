package dev.cairn.cli.registry;

import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.Bump;
import dev.cairn.core.registry.RegisterRequest;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryWrite;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn register NAME}: tag the branch head as a new version. */
@Command(
    name = "register",
    mixinStandardHelpOptions = true,
    description = "Register a version of an artifact at the branch head (tag NAME@vX.Y.Z).")
public final class RegisterCommand extends RegistryCommand {
  @Parameters(index = "0", description = "Artifact name.")
  String name = "";

  @Option(
      names = "--version",
      description = "Explicit version, e.g. v1.2.3 (default: bump the latest).")
  @Nullable String version;

  @Option(
      names = "--bump",
      description =
          "Which part to bump: ${COMPLETION-CANDIDATES} (default: patch; first version is v0.0.1).")
  @Nullable Bump bump;

  @Option(
      names = {"-m", "--message"},
      description = "Tag message.")
  @Nullable String message;

  @Override
  void run(GitRepo repo) {
    RegisterRequest request = RegisterRequest.of(name);
    if (version != null) {
      request = request.withVersion(version);
    }
    if (bump != null) {
      request = request.withBump(bump);
    }
    if (message != null) {
      request = request.withMessage(message);
    }
    RegistryWrite w = Registry.on(repo).register(request);
    print(describe(w, "Registered " + name + "@" + w.version()), toMap(w));
  }
}
