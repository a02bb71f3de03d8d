package dev.cairn.core.dvc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DvcRepoFilesTest {
  @TempDir Path repo;

  @Test
  void init_emptyRepo_createsDvcInitFiles() throws Exception {
    assertThat(DvcRepoFiles.init(repo)).isTrue();

    assertThat(Files.readString(repo.resolve(".dvc/config"))).isEmpty();
    assertThat(Files.readString(repo.resolve(".dvc/.gitignore")))
        .isEqualTo("/config.local\n/tmp\n/cache\n");
    assertThat(Files.readString(repo.resolve(".dvcignore")))
        .isEqualTo(
            "# Add patterns of files dvc should ignore, which could improve\n"
                + "# the performance. Learn more at\n"
                + "# https://dvc.org/doc/user-guide/dvcignore\n");
  }

  @Test
  void init_existingRepo_leavesFilesAlone() throws Exception {
    DvcRepoFiles.init(repo);
    Files.writeString(repo.resolve(".dvc/config"), "[core]\n    remote = x\n");

    assertThat(DvcRepoFiles.init(repo)).isFalse();
    assertThat(Files.readString(repo.resolve(".dvc/config"))).isEqualTo("[core]\n    remote = x\n");
  }

  @Test
  void ignore_appendsEntriesOnceAndFixesMissingNewline() throws Exception {
    Path gitignore = repo.resolve(".gitignore");
    Files.writeString(gitignore, "*.log");

    assertThat(DvcRepoFiles.ignore(repo.resolve("file1"))).isTrue();
    assertThat(DvcRepoFiles.ignore(repo.resolve("file2"))).isTrue();
    assertThat(DvcRepoFiles.ignore(repo.resolve("file1"))).isFalse();

    assertThat(Files.readString(gitignore)).isEqualTo("*.log\n/file1\n/file2\n");
  }

  @Test
  void ignore_newFileInSubdirectory_escapesSpecialCharacters() throws Exception {
    Files.createDirectories(repo.resolve("data"));

    DvcRepoFiles.ignore(repo.resolve("data/raw[1]#?.csv"));

    assertThat(Files.readString(repo.resolve("data/.gitignore")))
        .isEqualTo("/raw\\[1\\]\\#\\?.csv\n");
  }

  @Test
  void withIgnoreEntry_sameRulesAsIgnoreOnText() {
    assertThat(DvcRepoFiles.withIgnoreEntry(null, "churn")).isEqualTo("/churn\n");
    assertThat(DvcRepoFiles.withIgnoreEntry("*.log", "a b#1")).isEqualTo("*.log\n/a b\\#1\n");
    assertThat(DvcRepoFiles.withIgnoreEntry("/x\r\n/churn\r\n", "churn"))
        .isEqualTo("/x\r\n/churn\r\n");
  }

  @Test
  void newConfigText_isWhatDvcRemoteAddDefaultWrites() {
    assertThat(DvcConfig.newConfigText("Storage", "s3://bucket/dvc store"))
        .isEqualTo(
            "[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://bucket/dvc store\n");
  }
}
