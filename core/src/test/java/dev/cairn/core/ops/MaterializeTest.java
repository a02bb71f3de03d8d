package dev.cairn.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaterializeTest {
  @TempDir Path tmp;

  @Test
  void checkout_throughACommittedLinkLeavingTheRepository_isRefusedAndWritesNothing()
      throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    try (Workspace workspace = Workspace.init(repo)) {
      Files.createDirectories(repo.resolve("models/x"));
      Files.writeString(repo.resolve("models/x/weights.bin"), "w\n");
      Add.run(workspace, List.of(repo.resolve("models/x")), Progress.NONE);
      // the pointer moves to the root (path: models/x) and models/ becomes a link leaving the repo
      String pointer = Files.readString(repo.resolve("models/x.dvc"));
      Files.writeString(repo.resolve("x.dvc"), pointer.replace("path: x", "path: models/x"));
      Files.delete(repo.resolve("models/x.dvc"));
      Files.delete(repo.resolve("models/.gitignore"));
      Files.delete(repo.resolve("models/x/weights.bin"));
      Files.delete(repo.resolve("models/x"));
      Files.delete(repo.resolve("models"));
      Files.createSymbolicLink(repo.resolve("models"), Path.of("../outside"));

      assertThatThrownBy(
              () -> Materialize.run(workspace, List.of(repo.resolve("x.dvc")), true, Progress.NONE))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("Cannot use models/x: models leads outside the repository");
      assertThat(outside).isEmptyDirectory();
    }
  }
}
