package dev.cairn.core.dvc;

/**
 * Where a registry artifact is declared: GTO names an artifact {@code dir:id} (or {@code id}) and
 * its entry lives under {@code artifacts: id:} of {@code dir/dvc.yaml}. The one reading of that
 * convention, for the lineage walk and for serving.
 *
 * @param dir the directory of the {@code dvc.yaml}, without {@code ./} in front or {@code /} at the
 *     end; empty for the repository root
 * @param id the artifact's id in that {@code dvc.yaml}
 */
public record ArtifactLocation(String dir, String id) {

  /** The location of the GTO artifact name {@code dir:id} or {@code id}. */
  public static ArtifactLocation of(String name) {
    int colon = name.lastIndexOf(':');
    if (colon < 0) {
      return new ArtifactLocation("", name);
    }
    String dir = name.substring(0, colon).strip();
    while (dir.startsWith("./")) {
      dir = dir.substring(2);
    }
    while (dir.endsWith("/")) {
      dir = dir.substring(0, dir.length() - 1);
    }
    return new ArtifactLocation(dir.equals(".") ? "" : dir, name.substring(colon + 1));
  }

  /** {@code dir/} (empty at the root): what paths in the {@code dvc.yaml} are relative to. */
  public String prefix() {
    return dir.isEmpty() ? "" : dir + "/";
  }

  /** The repository path of the {@code dvc.yaml} that declares the artifact. */
  public String dvcYaml() {
    return prefix() + "dvc.yaml";
  }
}
