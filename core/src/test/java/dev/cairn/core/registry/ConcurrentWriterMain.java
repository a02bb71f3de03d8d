package dev.cairn.core.registry;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.core.git.GitAccess;
import dev.cairn.core.git.GitRemoteOptions;
import dev.cairn.core.git.GitRepo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One writer process of the concurrency test: registers {@code count} versions of {@code m} (each
 * with its own pointer file) and moves stages, printing {@code VERSION <v>} lines. Args: url key
 * knownHosts workDir writerId count.
 */
public final class ConcurrentWriterMain {
  private ConcurrentWriterMain() {}

  public static void main(String[] args) {
    String url = args[0];
    GitAccess access = GitAccess.ssh(Path.of(args[1]), Path.of(args[2]));
    int id = Integer.parseInt(args[4]);
    int count = Integer.parseInt(args[5]);
    GitRemoteOptions options =
        GitRemoteOptions.builder()
            .url(url)
            .access(access)
            .workDir(Path.of(args[3]))
            .retryTimeout(Duration.ofMinutes(10))
            .build();
    try (GitRepo repo = GitRepo.connect(options)) {
      Registry registry = Registry.on(repo);
      for (int i = 0; i < count; i++) {
        String path = "data/w" + id + "-" + i + ".dvc";
        RegistryWrite w =
            registry.register(
                RegisterRequest.of("m")
                    .withFiles(
                        Map.of(path, ("writer " + id + " item " + i + "\n").getBytes(UTF_8)),
                        "writer " + id + " item " + i));
        String version = Objects.requireNonNull(w.version());
        registry.assign("m", version, i % 2 == 0 ? "dev" : "prod", null);
        System.out.println("VERSION " + version + " attempts " + w.attempts());
      }
    }
    System.out.flush();
  }
}
