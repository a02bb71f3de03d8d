package dev.cairn.core.git;

import dev.cairn.core.CairnException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** The index of the Git work tree a folder is in: what {@code git add} does for DVC's autostage. */
public final class WorkTreeIndex {
  private WorkTreeIndex() {}

  /**
   * Stages files (as {@code git add}) in the Git work tree that holds them.
   *
   * @param files files inside one work tree
   * @return false if the files are in no Git work tree (nothing staged, as DVC without Git)
   * @throws CairnException if the index cannot be written
   */
  public static boolean stage(List<Path> files) {
    if (files.isEmpty()) {
      return true;
    }
    Path first = files.get(0).toAbsolutePath().normalize();
    FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment();
    builder.findGitDir(first.getParent() == null ? first.toFile() : first.getParent().toFile());
    if (builder.getGitDir() == null) {
      return false;
    }
    try (Repository repo = builder.setMustExist(true).build();
        Git git = new Git(repo)) {
      if (repo.isBare()) {
        return false;
      }
      Path top = repo.getWorkTree().toPath().toAbsolutePath().normalize();
      List<String> patterns = new ArrayList<>();
      for (Path file : files) {
        patterns.add(
            top.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/'));
      }
      var add = git.add();
      patterns.forEach(add::addFilepattern);
      add.call();
      return true;
    } catch (IOException | GitAPIException e) {
      throw new CairnException(
          "Cannot stage " + files + " in Git (core.autostage is on): " + e.getMessage(), e);
    }
  }
}
