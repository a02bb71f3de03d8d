package dev.cairn.core.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.git.GitAccess;
import dev.cairn.core.git.GitIdentity;
import dev.cairn.core.git.GitRemoteOptions;
import dev.cairn.core.git.GitRepo;
import java.nio.file.Path;

/**
 * What {@code cairn show --json} does, as a small main for the benchmark: args {@code local PATH}
 * or {@code remote URL WORKDIR}.
 */
public final class ShowMain {
  private ShowMain() {}

  public static void main(String[] args) throws Exception {
    GitRepo repo =
        args[0].equals("local")
            ? GitRepo.open(Path.of(args[1]), GitIdentity.cairn())
            : GitRepo.connect(
                GitRemoteOptions.builder()
                    .url(args[1])
                    .access(GitAccess.none())
                    .workDir(Path.of(args[2]))
                    .build());
    try (repo) {
      System.out.println(
          new ObjectMapper()
              .writeValueAsString(RegistryState.compute(repo.tags()).toShowJson(false)));
    }
  }
}
