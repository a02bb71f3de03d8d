package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.dvc.Artifact;
import dev.cairn.core.dvc.DvcFile;
import dev.cairn.core.dvc.DvcYaml;
import dev.cairn.core.dvc.Output;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.hash.Oid;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code .dvc} pointer of one registered version, read at the version's commit (no checkout):
 * found through the {@code dvc.yaml} artifact path at that commit, else at the given fallback.
 *
 * @param path the pointer's repository path
 * @param output its first output
 */
record VersionPointer(String path, Output output) {

  /** The object id, or null when the pointer has none. */
  @Nullable Oid oid() {
    return output.oid();
  }

  /**
   * Reads the pointer of {@code artifact} at {@code commit}; empty when none is found or it cannot
   * be read.
   */
  static Optional<VersionPointer> read(
      GitRepo repo, String commit, String artifact, String fallbackPointer) {
    List<String> candidates = new ArrayList<>();
    try {
      Optional<byte[]> yaml = repo.readFile(commit, "dvc.yaml");
      if (yaml.isPresent()) {
        Optional<Artifact> declared =
            DvcYaml.parse(new String(yaml.get(), UTF_8), "dvc.yaml").artifact(artifact);
        declared.ifPresent(
            a -> {
              String p = a.path().replaceAll("/+$", "");
              candidates.add(p.endsWith(Tracked.DVC_SUFFIX) ? p : p + Tracked.DVC_SUFFIX);
            });
      }
    } catch (InvalidInputException e) {
      // a malformed dvc.yaml at that commit: fall back to the conventional path
    }
    candidates.add(fallbackPointer);
    for (String candidate : candidates) {
      Optional<byte[]> bytes = repo.readFile(commit, candidate);
      if (bytes.isEmpty()) {
        continue;
      }
      try {
        DvcFile file = DvcFile.parse(new String(bytes.get(), UTF_8), candidate);
        if (!file.outs().isEmpty()) {
          return Optional.of(new VersionPointer(candidate, file.outs().get(0)));
        }
      } catch (InvalidInputException e) {
        // unreadable pointer: try the next candidate
      }
    }
    return Optional.empty();
  }
}
