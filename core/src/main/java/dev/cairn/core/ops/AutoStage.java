package dev.cairn.core.ops;

import dev.cairn.core.git.WorkTreeIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * DVC's {@code core.autostage}: when it is true, the pointer files and {@code .gitignore} files
 * that {@code add} wrote are staged in Git ({@code git add}), as {@code dvc add} does.
 */
public final class AutoStage {
  private AutoStage() {}

  /**
   * Stages what adding wrote, if the config asks for it.
   *
   * @return the files staged: empty when autostage is off or the repository is not in Git
   */
  public static List<Path> afterAdd(Workspace workspace, List<Add.Added> added) {
    if (!workspace.config().autostage()) {
      return List.of();
    }
    Set<Path> files = new LinkedHashSet<>();
    for (Add.Added one : added) {
      files.add(one.dvcFile());
      Path parent = one.dvcFile().toAbsolutePath().getParent();
      if (parent != null && Files.isRegularFile(parent.resolve(".gitignore"))) {
        files.add(parent.resolve(".gitignore"));
      }
    }
    List<Path> list = new ArrayList<>(files);
    return WorkTreeIndex.stage(list) ? list : List.of();
  }
}
