package dev.cairn.core.registry;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.dvc.ArtifactLocation;
import dev.cairn.core.dvc.YamlMaps;
import dev.cairn.core.git.GitRepo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Follows lineage from a version back through its input datasets: reads each version's {@code .dvc}
 * file at the version's commit (no checkout) and its {@code meta: cairn:} block, through the same
 * YAML reader as the {@code dvc} package.
 */
public final class LineageReader {
  private static final int MAX_DEPTH = 32;

  private final GitRepo repo;
  private final RegistryState state;

  public LineageReader(GitRepo repo, RegistryState state) {
    this.repo = repo;
    this.state = state;
  }

  /**
   * The chain of {@code artifact@version}.
   *
   * @throws InvalidInputException if the artifact or version is not in the registry
   */
  public LineageNode trace(String artifact, String version) {
    VersionState v = state.require(artifact).requireVersion(version);
    return trace(artifact, version, v.commit(), new HashSet<>(), 0);
  }

  /**
   * The lineage recorded for one version (no recursion), empty when its {@code .dvc} file has none.
   *
   * @throws InvalidInputException if the artifact or version is not in the registry
   */
  public Optional<Lineage> lineageOf(String artifact, String version) {
    return Optional.ofNullable(trace(artifact, version).lineage());
  }

  /**
   * The lineage recorded for one version without following its inputs; empty when the version is
   * unknown, or its {@code .dvc} file is missing, unreadable or records none.
   */
  public Optional<Lineage> recorded(String artifact, String version) {
    Optional<VersionState> v = state.artifact(artifact).flatMap(a -> a.version(version));
    if (v.isEmpty()) {
      return Optional.empty();
    }
    try {
      String path = dvcFile(artifact, v.get().commit());
      if (path == null) {
        return Optional.empty();
      }
      Map<?, ?> dvc = yaml(repo.readFile(v.get().commit(), path).orElseThrow(), path);
      return Optional.ofNullable(lineage(dvc, path, new ArrayList<>()));
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }

  private LineageNode trace(
      String artifact, String version, String commit, Set<String> seen, int depth) {
    List<String> problems = new ArrayList<>();
    String path = dvcFile(artifact, commit);
    if (path == null) {
      problems.add("no .dvc file found for " + artifact + " at " + commit.substring(0, 7));
      return new LineageNode(artifact, version, commit, null, null, null, List.of(), problems);
    }
    Map<?, ?> dvc = yaml(repo.readFile(commit, path).orElseThrow(), path);
    String md5 = md5(dvc);
    Lineage lineage = lineage(dvc, path, problems);
    List<LineageNode> inputs = new ArrayList<>();
    if (lineage != null) {
      for (Lineage.Input in : lineage.inputs()) {
        String key = in.name() + "@" + in.version();
        if (!seen.add(key) || depth >= MAX_DEPTH) {
          problems.add("cycle or too deep at " + key);
          continue;
        }
        Optional<VersionState> found =
            state.artifact(in.name()).flatMap(a -> a.version(in.version()));
        if (found.isEmpty()) {
          problems.add("input " + key + " is not registered here");
          continue;
        }
        inputs.add(trace(in.name(), in.version(), found.get().commit(), seen, depth + 1));
      }
    }
    return new LineageNode(artifact, version, commit, path, md5, lineage, inputs, problems);
  }

  private static @Nullable Lineage lineage(Map<?, ?> dvc, String path, List<String> problems) {
    if (dvc.get("meta") instanceof Map<?, ?> meta
        && meta.get(Lineage.META_KEY) instanceof Map<?, ?> cairn) {
      try {
        return Lineage.fromMap(cairn);
      } catch (InvalidInputException e) {
        problems.add(path + ": " + e.getMessage());
      }
    }
    return null;
  }

  /**
   * The .dvc path of an artifact at a commit: from dvc.yaml {@code artifacts:}, else by convention.
   */
  private @Nullable String dvcFile(String artifact, String commit) {
    ArtifactLocation location = ArtifactLocation.of(artifact);
    String dir = location.prefix();
    String name = location.id();
    List<String> candidates = new ArrayList<>();
    Optional<byte[]> dvcYaml = repo.readFile(commit, location.dvcYaml());
    if (dvcYaml.isPresent()
        && yaml(dvcYaml.get(), location.dvcYaml()).get("artifacts") instanceof Map<?, ?> artifacts
        && artifacts.get(name) instanceof Map<?, ?> decl
        && decl.get("path") instanceof String declared) {
      String p = dir + declared.replaceAll("/+$", "");
      candidates.add(p.endsWith(".dvc") ? p : p + ".dvc");
    }
    candidates.add(dir + name + ".dvc");
    candidates.add(dir + "data/" + name + ".dvc");
    candidates.add(dir + "models/" + name + ".dvc");
    for (String c : candidates) {
      if (repo.readFile(commit, c).isPresent()) {
        return c;
      }
    }
    return null;
  }

  private static @Nullable String md5(Map<?, ?> dvc) {
    if (dvc.get("outs") instanceof List<?> outs
        && !outs.isEmpty()
        && outs.get(0) instanceof Map<?, ?> out) {
      Object md5 = out.get("md5");
      return md5 == null ? null : String.valueOf(md5);
    }
    return null;
  }

  private static Map<?, ?> yaml(byte[] bytes, String path) {
    return YamlMaps.parse(bytes, path);
  }
}
