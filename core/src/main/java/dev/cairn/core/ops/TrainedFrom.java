package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.dvc.Artifact;
import dev.cairn.core.dvc.DvcYaml;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.LineageReader;
import dev.cairn.core.registry.RegistryState;
import dev.cairn.core.registry.VersionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which model version was trained from a dataset version, as the models' recorded lineage says
 * ({@code meta: cairn: inputs} of their {@code .dvc} files, written by {@code train-register
 * --data}). A daily pipeline whose training failed finds none, so the next run trains even when the
 * data did not change.
 */
public final class TrainedFrom {
  private TrainedFrom() {}

  /**
   * The newest version ({@code churn-model@v0.0.3}) of any model that records {@code
   * dataset@version} as an input, registered or deregistered since; empty when none does. Models
   * are the artifacts declared {@code type: model} in {@code dvc.yaml} at the branch head.
   */
  public static Optional<String> find(
      GitRepo repo, RegistryState state, String dataset, String version) {
    LineageReader reader = new LineageReader(repo, state);
    for (String model : models(repo)) {
      Optional<ArtifactState> artifact = state.artifact(model);
      if (artifact.isEmpty()) {
        continue;
      }
      for (VersionState v : artifact.get().versions()) {
        if (v.registered() && records(reader.recorded(model, v.version()), dataset, version)) {
          return Optional.of(model + "@" + v.version());
        }
      }
    }
    return Optional.empty();
  }

  private static boolean records(Optional<Lineage> lineage, String dataset, String version) {
    return lineage.isPresent()
        && lineage.get().inputs().stream()
            .anyMatch(in -> in.name().equals(dataset) && in.version().equals(version));
  }

  private static List<String> models(GitRepo repo) {
    Optional<String> head = repo.head();
    if (head.isEmpty()) {
      return List.of();
    }
    Optional<byte[]> yaml = repo.readFile(head.get(), "dvc.yaml");
    if (yaml.isEmpty()) {
      return List.of();
    }
    List<String> models = new ArrayList<>();
    try {
      for (Map.Entry<String, Artifact> a :
          DvcYaml.parse(new String(yaml.get(), UTF_8), "dvc.yaml").artifacts().entrySet()) {
        if (Snapshot.MODEL.equals(a.getValue().type())) {
          models.add(a.getKey());
        }
      }
    } catch (InvalidInputException e) {
      return List.of(); // an unreadable dvc.yaml declares no model: training is then needed
    }
    return models;
  }
}
