package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn -C DIR <command>}: -C before the command, as git takes it. */
class StartDirectoryTest {
  @TempDir Path tmp;

  @Test
  void dashCBeforeTheCommand_runsTheDataCommandInDir() {
    Cli.execute("-C", tmp.toString(), "init", "-q").assertOk();

    assertThat(tmp.resolve(".dvc/config")).exists();
    assertThat(Cli.execute("-C", tmp.toString(), "status").assertOk().out())
        .doesNotContain("error");
  }

  @Test
  void severalDashC_areEachRelativeToTheOneBefore() throws Exception {
    Files.createDirectories(tmp.resolve("a/b"));

    Cli.execute("-C", tmp.toString(), "-C", "a", "-C", "b", "init", "-q").assertOk();

    assertThat(tmp.resolve("a/b/.dvc/config")).exists();
  }

  @Test
  void dashCBeforeAndAfter_combineForNestedCommands() throws Exception {
    Files.createDirectories(tmp.resolve("repo"));
    Cli.execute("-C", tmp.resolve("repo").toString(), "init", "-q").assertOk();

    Cli.execute("-C", tmp.toString(), "remote", "add", "-C", "repo", "store", "/srv/store")
        .assertOk();

    assertThat(Cli.execute("remote", "list", "-C", tmp.resolve("repo").toString()).out())
        .contains("store\t/srv/store");
  }

  @Test
  void dashCBeforeARegistryCommand_findsTheLocalRepository() throws Exception {
    Path repo = tmp.resolve("reg");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Files.writeString(repo.resolve("README"), "x\n");
      git.add().addFilepattern("README").call();
      git.commit().setMessage("first").setAuthor("t", "t@x").setCommitter("t", "t@x").call();
    }

    Cli.execute("-C", repo.toString(), "register", "m").assertOk();

    assertThat(Cli.execute("-C", tmp.toString(), "show", "--repo", "reg").assertOk().out())
        .contains("m", "v0.0.1");
  }

  @Test
  void dashCBeforeAPipelineStep_isAUsageError() {
    Cli.Run run = Cli.execute("-C", tmp.toString(), "snapshot-data", "--data", "d", "--name", "n");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).startsWith("error: Cannot use -C with cairn snapshot-data");
  }
}
