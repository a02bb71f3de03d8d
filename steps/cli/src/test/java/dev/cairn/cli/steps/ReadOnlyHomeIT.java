package dev.cairn.cli.steps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step in a pod whose home directory cannot be written (a read-only root file system): JGit's own
 * settings file, where it records what it measured of the file system, is pointed into the work
 * directory, and the run prints no library error or stack trace. Before, every run in such a pod
 * logged "Creating lock file .../.config/jgit/config.lock failed" with a stack trace (seen in the
 * cluster end-to-end runs).
 */
class ReadOnlyHomeIT {
  @TempDir Path tmp;

  @Test
  void snapshot_withAnUnwritableHome_keepsJGitSettingsInTheWorkDir_andLogsNothing()
      throws Exception {
    StepFixture fixture = new StepFixture(tmp);
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    Files.writeString(data.resolve("a.csv"), "id\n1\n", UTF_8);
    // a regular file as the home directory: nothing can be created under it, even by root
    Path home = Files.writeString(tmp.resolve("home"), "not a directory\n", UTF_8);
    Path work = tmp.resolve("work");

    List<String> command =
        new ArrayList<>(
            StepFixture.javaCommand(
                List.of(
                    "snapshot-data",
                    "--git-url",
                    fixture.repo.toString(),
                    "--remote",
                    fixture.remote.toString(),
                    "--work-dir",
                    work.toString(),
                    "--name",
                    "churn-data",
                    "--data",
                    data.toString())));
    command.add(1, "-Duser.home=" + home);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("run.log").toFile());
    builder.environment().remove("XDG_CONFIG_HOME");
    builder.environment().put("HOME", home.toString());
    Process process = builder.start();
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String log = Files.readString(tmp.resolve("run.log"), UTF_8);

    assertThat(process.exitValue()).as(log).isZero();
    // without the fix: "ERROR ...LockFile - Creating lock file <home>/.config/jgit/config.lock
    // failed" and "Cannot save config file", each with a stack trace, from JGit's saving thread
    assertThat(log).contains("registered churn-data@v0.0.1").doesNotContain("ERROR", "\tat ");
  }
}
