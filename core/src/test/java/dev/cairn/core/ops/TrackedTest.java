package dev.cairn.core.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackedTest {
  private static final String MD5 = "2306b4377429730ee03a806cff76e92b";

  @TempDir Path tmp;
  private Path repo;

  @BeforeEach
  void setUp() throws IOException {
    repo = Files.createDirectories(tmp.resolve("repo"));
    Workspace.init(repo).close();
    Files.writeString(repo.resolve(".dvcignore"), "private/\n");
    Files.createDirectories(repo.resolve("private"));
    Files.writeString(repo.resolve("private/x.dvc"), "not: [a valid .dvc file\n");
    Files.writeString(
        repo.resolve("data.dvc"),
        "outs:\n- md5: " + MD5 + ".dir\n  size: 4\n  nfiles: 1\n  hash: md5\n  path: data\n");
    Files.writeString(
        repo.resolve("dvc.yaml"),
        "stages:\n  prep:\n    cmd: x\n    outs:\n    - out/prep.csv\n    - notes.txt:\n"
            + "        cache: false\n");
    Files.writeString(
        repo.resolve("dvc.lock"),
        "schema: '2.0'\nstages:\n  prep:\n    cmd: x\n    outs:\n"
            + "    - path: out/prep.csv\n      hash: md5\n      md5: "
            + MD5
            + "\n      size: 4\n    - path: notes.txt\n      hash: md5\n      md5: "
            + MD5
            + "\n      size: 4\n");
  }

  @Test
  void collect_everything_readsDvcFilesAndLockOutputs_butNothingIgnored() {
    try (Workspace ws = Workspace.open(repo)) {
      List<TrackedOutput> all = Tracked.collect(ws, List.of());

      assertThat(all)
          .extracting(o -> ws.relative(o.path()))
          .containsExactly("data", "out/prep.csv", "notes.txt");
      assertThat(all).extracting(TrackedOutput::cached).containsExactly(true, true, false);
    }
  }

  @Test
  void collect_targetInsideATrackedDirectory_isThatOutputFiltered() {
    try (Workspace ws = Workspace.open(repo)) {
      List<TrackedOutput> found = Tracked.collect(ws, List.of(repo.resolve("data/imgs/a.png")));

      assertThat(found)
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.path()).isEqualTo(repo.resolve("data"));
                assertThat(o.filter()).isEqualTo("imgs/a.png");
                assertThat(o.targetPath()).isEqualTo(repo.resolve("data/imgs/a.png"));
              });
      assertThat(Tracked.collect(ws, List.of(repo.resolve("out/prep.csv"))))
          .singleElement()
          .satisfies(o -> assertThat(o.filter()).isNull());
    }
  }

  @Test
  void collect_ignoredTarget_isRefusedAsDvcIgnored() {
    try (Workspace ws = Workspace.open(repo)) {
      assertThatThrownBy(() -> Tracked.collect(ws, List.of(repo.resolve("private/x.dvc"))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("is dvc-ignored");
    }
  }

  @Test
  void add_pipelineOutput_isRefusedAsDvcAddRefusesIt() throws IOException {
    Files.createDirectories(repo.resolve("out"));
    Files.writeString(repo.resolve("out/prep.csv"), "id\n");
    try (Workspace ws = Workspace.open(repo)) {
      assertThatThrownBy(
              () ->
                  Add.run(ws, List.of(repo.resolve("out/prep.csv")), dev.cairn.core.Progress.NONE))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("Cannot add out/prep.csv: it overlaps with the output");
      assertThatThrownBy(
              () -> Add.run(ws, List.of(repo.resolve("out")), dev.cairn.core.Progress.NONE))
          .isInstanceOf(InvalidInputException.class);
      assertThat(repo.resolve("out/prep.csv.dvc")).doesNotExist();
    }
  }
}
