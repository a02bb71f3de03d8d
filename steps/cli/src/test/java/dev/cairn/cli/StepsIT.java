package dev.cairn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The three steps end to end, in-process, on a local-directory remote and a bare Git repository:
 * the daily-retraining scenario of the quick start, checked through the outputs, the repository and
 * the serving directory.
 */
class StepsIT {
  @TempDir Path tmp;
  private Path origin;
  private Path remote;
  private Path data;
  private Path serving;

  record Run(int exitCode, String out, String err) {
    Run ok() {
      assertThat(exitCode).as("exit code; stderr: %s", err).isZero();
      return this;
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    origin = tmp.resolve("registry.git");
    try (Git git =
        Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call()) {
      // an empty registry
    }
    remote = tmp.resolve("remote");
    data = Files.createDirectories(tmp.resolve("data/raw"));
    serving = tmp.resolve("serving");
    Files.writeString(data.resolve("train.csv"), "id,label\n1,stay\n2,churn\n", UTF_8);
    Files.writeString(tmp.resolve("data/README"), "day 1\n", UTF_8);
  }

  private Run step(String... args) {
    List<String> argv = new ArrayList<>(List.of(args));
    argv.addAll(
        List.of(
            "--git-url",
            origin.toString(),
            "--remote",
            remote.toString(),
            "--work-dir",
            tmp.resolve("work").toString(),
            "--quiet"));
    CommandLine commandLine = Main.commandLine(argv.toArray(String[]::new));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(argv.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  private Path model(String name, String weights, double accuracy) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name + "/model"));
    Files.writeString(dir.resolve("weights.txt"), weights, UTF_8);
    Files.writeString(
        tmp.resolve(name + "/metrics.json"), "{\"accuracy\": " + accuracy + "}", UTF_8);
    return dir;
  }

  private List<String> tags() throws IOException {
    try (Repository repo = Git.open(origin.toFile()).getRepository()) {
      return repo.getRefDatabase().getRefsByPrefix("refs/tags/").stream()
          .map(Ref::getName)
          .map(n -> n.substring("refs/tags/".length()))
          .sorted()
          .toList();
    }
  }

  @Test
  void snapshot_writesOutputsForTheEngine_andUnchangedDataWritesNothing() throws Exception {
    Path outputs = tmp.resolve("outputs");
    step(
            "snapshot-data",
            "--name",
            "churn-data",
            "--data",
            tmp.resolve("data").toString(),
            "--output",
            "version=" + outputs.resolve("version"),
            "--output",
            "changed=" + outputs.resolve("changed"),
            "--output-json",
            outputs.resolve("all.json").toString(),
            "--summary",
            outputs.resolve("summary.md").toString())
        .ok();
    assertThat(outputs.resolve("version")).hasContent("v0.0.1");
    assertThat(Files.readString(outputs.resolve("version"))).doesNotEndWith("\n");
    assertThat(outputs.resolve("changed")).hasContent("true");
    assertThat(Files.readString(outputs.resolve("all.json")))
        .contains("\"md5\" : \"")
        .contains("\"files\" : 2");
    assertThat(Files.readString(outputs.resolve("summary.md")))
        .startsWith("## snapshot-data: churn-data v0.0.1")
        .contains("| added / modified / deleted | 2 / 0 / 0 |");
    assertThat(tags()).containsExactly("churn-data@v0.0.1");

    Run again =
        step(
                "snapshot-data",
                "--name",
                "churn-data",
                "--data",
                tmp.resolve("data").toString(),
                "--output",
                "changed=" + outputs.resolve("changed"))
            .ok();
    assertThat(outputs.resolve("changed")).hasContent("false");
    assertThat(again.out())
        .contains("version: v0.0.1")
        .startsWith("unchanged: churn-data@v0.0.1 already holds this data (2 files, ")
        .contains("previous_version: \n");
    assertThat(tags()).containsExactly("churn-data@v0.0.1");

    Files.writeString(data.resolve("train.csv"), "id,label\n1,stay\n2,churn\n3,stay\n", UTF_8);
    Files.writeString(data.resolve("more.csv"), "id,label\n4,stay\n", UTF_8);
    Run second =
        step(
                "snapshot-data",
                "--name",
                "churn-data",
                "--data",
                tmp.resolve("data").toString(),
                "--summary",
                outputs.resolve("summary.md").toString())
            .ok();
    assertThat(second.out())
        .startsWith("registered churn-data@v0.0.2 (3 files, ")
        .contains("): 1 added, 1 modified, 0 deleted since v0.0.1; uploaded 3 objects, ");
    Run third =
        step("snapshot-data", "--name", "churn-data", "--data", tmp.resolve("data").toString())
            .ok();
    // an unchanged day names the version before the one holding the data, as its day did
    assertThat(third.out())
        .startsWith("unchanged: churn-data@v0.0.2")
        .contains("previous_version: v0.0.1\n");
    assertThat(Files.readString(outputs.resolve("summary.md")))
        .contains("churn-data v0.0.2")
        .contains("| added / modified / deleted | 1 / 1 / 0 |");
    assertThat(tags()).containsExactly("churn-data@v0.0.1", "churn-data@v0.0.2");
  }

  @Test
  void compare_twoVersions_showsMetricsInputsAndFiles() throws Exception {
    step("snapshot-data", "--name", "churn-data", "--data", tmp.resolve("data").toString()).ok();
    Path m1 = model("m1", "stay 1\n", 0.5);
    step(
            "train-register",
            "--name",
            "churn-model",
            "--model",
            m1.toString(),
            "--data",
            "churn-data@v0.0.1",
            "--metrics",
            tmp.resolve("m1/metrics.json").toString())
        .ok();
    Files.writeString(data.resolve("train.csv"), "id,label\n1,churn\n", UTF_8);
    Files.writeString(data.resolve("more.csv"), "id,label\n4,stay\n", UTF_8);
    step("snapshot-data", "--name", "churn-data", "--data", tmp.resolve("data").toString()).ok();
    Path m2 = model("m2", "stay 2\nchurn 1\n", 0.75);
    step(
            "train-register",
            "--name",
            "churn-model",
            "--model",
            m2.toString(),
            "--data",
            "churn-data@v0.0.2",
            "--metrics",
            tmp.resolve("m2/metrics.json").toString())
        .ok();

    Run data = step("compare", "churn-data@v0.0.1", "v0.0.2").ok();
    assertThat(data.out())
        .startsWith("churn-data v0.0.1 -> v0.0.2\n")
        .contains("files: 1 added, 1 modified, 0 deleted, 1 unchanged")
        .contains("\n  + raw/more.csv")
        .contains("\n  ~ raw/train.csv");
    Run models = step("compare", "churn-model@v0.0.1", "churn-model@v0.0.2").ok();
    assertThat(models.out())
        .contains("metrics:\n  accuracy: 0.5 -> 0.75  (+0.250000)")
        .contains("inputs:\n  churn-data: v0.0.1 -> v0.0.2")
        .contains("files: 0 added, 1 modified, 0 deleted, 0 unchanged");
    Run asJson = step("compare", "churn-model@v0.0.1", "v0.0.2", "--json").ok();
    assertThat(asJson.out()).contains("\"key\": \"accuracy\"").contains("\"after\": 0.75");
    Run unknown = step("compare", "churn-model@v0.0.1", "v9.9.9");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("churn-model@v9.9.9: no such version");
  }

  @Test
  void get_versionOrStage_writesExactlyTheRegisteredBytesIntoANewDirectory() throws Exception {
    step("snapshot-data", "--name", "churn-data", "--data", tmp.resolve("data").toString()).ok();
    Files.writeString(data.resolve("train.csv"), "id,label\n1,churn\n", UTF_8);
    step("snapshot-data", "--name", "churn-data", "--data", tmp.resolve("data").toString()).ok();

    Path day1 = tmp.resolve("fetched/day1");
    Run got = step("get", "churn-data@v0.0.1", day1.toString()).ok();
    assertThat(got.out()).startsWith("got churn-data@v0.0.1 into " + day1 + ": 2 files");
    assertThat(day1.resolve("raw/train.csv")).hasContent("id,label\n1,stay\n2,churn\n");
    assertThat(day1.resolve("README")).hasContent("day 1\n");
    try (var files = Files.list(day1.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("day1");
    }

    Run notEmpty = step("get", "churn-data@v0.0.2", day1.toString());
    assertThat(notEmpty.exitCode()).isEqualTo(2);
    assertThat(notEmpty.err()).startsWith("error: Cannot get into " + day1 + ": it exists");
    assertThat(day1.resolve("raw/train.csv")).hasContent("id,label\n1,stay\n2,churn\n");
    Run unknown = step("get", "churn-data@v9.9.9", tmp.resolve("x").toString());
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("churn-data@v9.9.9: no such version");

    Path m1 = model("m1", "stay 1\n", 0.5);
    step(
            "train-register",
            "--name",
            "churn-model",
            "--model",
            m1.toString(),
            "--metrics",
            tmp.resolve("m1/metrics.json").toString(),
            "--stage",
            "prod")
        .ok();
    // a step image runs get too (an init container or a KFP task before training)
    Path viaImage = tmp.resolve("fetched/via-image");
    int code =
        dev.cairn.steps.common.StepLauncher.executeStep(
            new dev.cairn.steps.train.TrainRegisterCommand(),
            "get",
            "churn-data@v0.0.2",
            viaImage.toString(),
            "--git-url",
            origin.toString(),
            "--remote",
            remote.toString(),
            "--work-dir",
            tmp.resolve("work-image").toString(),
            "--quiet");
    assertThat(code).isZero();
    assertThat(viaImage.resolve("raw/train.csv")).hasContent("id,label\n1,churn\n");

    Path empty = Files.createDirectories(tmp.resolve("fetched/model"));
    step("get", "churn-model#prod", empty.toString()).ok();
    assertThat(empty.resolve("weights.txt")).hasContent("stay 1\n");
    Run noStage = step("get", "churn-model#qa", tmp.resolve("y").toString());
    assertThat(noStage.exitCode()).isEqualTo(2);
    assertThat(noStage.err()).contains("churn-model#qa");
  }

  @Test
  void trainRegister_promotesThroughTheGate_servesIt_andRollbackGoesBack() throws Exception {
    step("snapshot-data", "--name", "churn-data", "--data", tmp.resolve("data").toString()).ok();
    Path m1 = model("m1", "stay 1\nchurn 1\n", 0.5);
    Path out = tmp.resolve("out");
    step(
            "train-register",
            "--name",
            "churn-model",
            "--model",
            m1.toString(),
            "--data",
            "churn-data@v0.0.1",
            "--metrics",
            tmp.resolve("m1/metrics.json").toString(),
            "--stage",
            "prod",
            "--gate",
            "accuracy >= stage.accuracy",
            "--serve-dir",
            serving.toString(),
            "--output",
            "promoted=" + out.resolve("promoted"))
        .ok();
    assertThat(out.resolve("promoted")).hasContent("true");
    assertThat(Files.readSymbolicLink(serving.resolve("current")).toString())
        .isEqualTo("versions/v0.0.1");
    assertThat(serving.resolve("current/weights.txt")).hasContent("stay 1\nchurn 1");

    Path worse = model("m2", "stay 2\n", 0.4);
    Run rejected =
        step(
                "train-register",
                "--name",
                "churn-model",
                "--model",
                worse.toString(),
                "--metrics",
                tmp.resolve("m2/metrics.json").toString(),
                "--stage",
                "prod",
                "--gate",
                "accuracy >= stage.accuracy",
                "--serve-dir",
                serving.toString(),
                "--output",
                "promoted=" + out.resolve("promoted"),
                "--output",
                "version=" + out.resolve("version"))
            .ok();
    assertThat(out.resolve("promoted")).hasContent("false");
    assertThat(out.resolve("version")).hasContent("v0.0.2");
    assertThat(rejected.out())
        .startsWith("not promoted: ")
        .contains("\n  gate: ")
        .doesNotContain("registered churn-model");
    assertThat(Files.readSymbolicLink(serving.resolve("current")).toString())
        .isEqualTo("versions/v0.0.1");

    Path better = model("m3", "stay 3\nchurn 1\n", 0.75);
    Run promotedRun =
        step(
                "train-register",
                "--name",
                "churn-model",
                "--model",
                better.toString(),
                "--metrics",
                tmp.resolve("m3/metrics.json").toString(),
                "--stage",
                "prod",
                "--gate",
                "accuracy >= stage.accuracy",
                "--serve-dir",
                serving.toString(),
                "--output",
                "previous_version=" + out.resolve("previous"))
            .ok();
    assertThat(out.resolve("previous")).hasContent("v0.0.1");
    assertThat(promotedRun.out())
        .startsWith("registered churn-model@v0.0.3; promoted to prod (was v0.0.1)\n");
    assertThat(serving.resolve("current/weights.txt")).hasContent("stay 3\nchurn 1");

    Run dry =
        step(
                "rollback-model",
                "--name",
                "churn-model",
                "--reason",
                "check",
                "--dry-run",
                "--serve-dir",
                serving.toString())
            .ok();
    assertThat(dry.out())
        .contains("to_version: v0.0.1")
        .contains("dry_run: true")
        .contains("Dry run: would roll back churn-model#prod from v0.0.3 to v0.0.1")
        .contains("would hold prod");
    assertThat(serving.resolve("current/weights.txt")).hasContent("stay 3\nchurn 1");
    List<String> beforeRollback = tags();

    step(
            "rollback-model",
            "--name",
            "churn-model",
            "--stage",
            "prod",
            "--to",
            "previous",
            "--reason",
            "bad predictions",
            "--serve-dir",
            serving.toString(),
            "--output",
            "to_version=" + out.resolve("to"))
        .ok();
    assertThat(out.resolve("to")).hasContent("v0.0.1");
    assertThat(serving.resolve("current/weights.txt")).hasContent("stay 1\nchurn 1");
    assertThat(tags()).hasSize(beforeRollback.size() + 2);

    Run noop =
        step(
                "rollback-model",
                "--name",
                "churn-model",
                "--to",
                "v0.0.1",
                "--reason",
                "again",
                "--serve-dir",
                serving.toString(),
                "--output",
                "changed=" + out.resolve("changed"))
            .ok();
    assertThat(out.resolve("changed")).hasContent("false");
    assertThat(noop.out()).contains("to_version: v0.0.1");
    assertThat(tags()).hasSize(beforeRollback.size() + 2);

    // last night's run retried with v0.0.3's bytes: registered already, not promoted again
    Path summary = out.resolve("summary.md");
    Run retried =
        step(
                "train-register",
                "--name",
                "churn-model",
                "--model",
                better.toString(),
                "--metrics",
                tmp.resolve("m3/metrics.json").toString(),
                "--stage",
                "prod",
                "--gate",
                "accuracy >= stage.accuracy",
                "--serve-dir",
                serving.toString(),
                "--output",
                "promoted=" + out.resolve("promoted"),
                "--output",
                "reason=" + out.resolve("reason"),
                "--summary",
                summary.toString())
            .ok();
    assertThat(retried.out()).contains("not promoted: v0.0.3 was rolled back away from in prod");
    assertThat(out.resolve("promoted")).hasContent("false");
    assertThat(Files.readString(out.resolve("reason"))).contains("bad predictions");
    assertThat(Files.readString(summary)).contains("prod held at v0.0.1");
    assertThat(serving.resolve("current/weights.txt")).hasContent("stay 1\nchurn 1");
    assertThat(tags()).hasSize(beforeRollback.size() + 2);

    // a second --to previous never goes back to v0.0.3: nothing qualifies, the candidates listed
    Run again =
        step(
            "rollback-model",
            "--name",
            "churn-model",
            "--reason",
            "tired",
            "--serve-dir",
            serving.toString());
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err())
        .contains("no earlier holder qualifies")
        .contains("name a version with --to: v0.0.2");
  }

  @Test
  void trainRegister_unusableServingDirectory_failsBeforeRegisteringAnything() throws Exception {
    Files.createDirectories(serving);
    Files.writeString(serving.resolve("current"), "not a link", UTF_8);
    Path m1 = model("m1", "stay 1\n", 0.5);

    Run run =
        step(
            "train-register",
            "--name",
            "churn-model",
            "--model",
            m1.toString(),
            "--metrics",
            tmp.resolve("m1/metrics.json").toString(),
            "--stage",
            "prod",
            "--serve-dir",
            serving.toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("it is not a symlink");
    assertThat(tags()).isEmpty();
  }

  @Test
  void snapshot_needsTrainingUntilAModelVersionRecordsTheDataVersion() throws Exception {
    Path out = tmp.resolve("out");
    String[] snapshot = {
      "snapshot-data",
      "--name",
      "churn-data",
      "--data",
      data.toString(),
      "--output",
      "changed=" + out.resolve("changed"),
      "--output",
      "needs_training=" + out.resolve("needs"),
      "--summary",
      out.resolve("summary.md").toString()
    };
    step(snapshot).ok();
    assertThat(out.resolve("changed")).hasContent("true");
    assertThat(out.resolve("needs")).hasContent("true");

    // training failed that day: nothing records churn-data@v0.0.1, so the next run trains
    step(snapshot).ok();
    assertThat(out.resolve("changed")).hasContent("false");
    assertThat(out.resolve("needs")).hasContent("true");
    assertThat(Files.readString(out.resolve("summary.md")))
        .contains("| needs training | yes (no model version records churn-data@v0.0.1) |");

    // a model trained on other data does not count
    step("snapshot-data", "--name", "other-data", "--data", tmp.resolve("data").toString()).ok();
    step(
            "train-register",
            "--name",
            "churn-model",
            "--model",
            model("m0", "other\n", 0.5).toString(),
            "--data",
            "other-data@v0.0.1")
        .ok();
    step(snapshot).ok();
    assertThat(out.resolve("needs")).hasContent("true");

    step(
            "train-register",
            "--name",
            "churn-model",
            "--model",
            model("m1", "w\n", 0.9).toString(),
            "--data",
            "churn-data@v0.0.1")
        .ok();
    step(snapshot).ok();
    assertThat(out.resolve("changed")).hasContent("false");
    assertThat(out.resolve("needs")).hasContent("false");
    assertThat(Files.readString(out.resolve("summary.md")))
        .contains("| needs training | no (churn-model@v0.0.2 was trained on it) |");

    Files.writeString(data.resolve("train.csv"), "id,label\n1,stay\n", UTF_8);
    step(snapshot).ok();
    assertThat(out.resolve("changed")).hasContent("true");
    assertThat(out.resolve("needs")).hasContent("true");
  }

  /** train-register of {@code dir} as churn-model, promoting to prod through the accuracy gate. */
  private Run trainRegisterPromoting(String dir) {
    return step(
        "train-register",
        "--name",
        "churn-model",
        "--model",
        tmp.resolve(dir + "/model").toString(),
        "--metrics",
        tmp.resolve(dir + "/metrics.json").toString(),
        "--stage",
        "prod",
        "--gate",
        "accuracy >= stage.accuracy",
        "--serve-dir",
        serving.toString());
  }

  /**
   * A GTO counter at the top of Java's int range (as a hand or another tool may write it): gto
   * continues it with #2147483648 and so do train-register, rollback-model and cairn assign.
   */
  @Test
  void counterAtIntMax_trainRegisterRollbackAndAssignContinueIt() throws Exception {
    model("m1", "stay 1\n", 0.5);
    trainRegisterPromoting("m1").ok();
    try (Git git = Git.open(origin.toFile())) {
      Repository repo = git.getRepository();
      git.tag()
          .setName("churn-model#prod#2147483647")
          .setObjectId(repo.parseCommit(repo.resolve("churn-model@v0.0.1^{commit}")))
          .setAnnotated(true)
          .setMessage("crafted")
          .setTagger(new PersonIdent("t", "t@x"))
          .call();
    }

    model("m2", "stay 2\nchurn 2\n", 0.75);
    trainRegisterPromoting("m2").ok();
    assertThat(tags()).contains("churn-model#prod#2147483648");
    assertThat(serving.resolve("current/weights.txt")).hasContent("stay 2\nchurn 2");

    step(
            "rollback-model",
            "--name",
            "churn-model",
            "--to",
            "previous",
            "--reason",
            "bad predictions",
            "--serve-dir",
            serving.toString())
        .ok();
    assertThat(tags()).contains("churn-model#prod!#2147483649", "churn-model#prod#2147483650");
    assertThat(serving.resolve("current/weights.txt")).hasContent("stay 1");

    List<String> argv =
        List.of(
            "assign",
            "churn-model",
            "--version=v0.0.2",
            "--stage=staging",
            "--repo=" + origin.toUri());
    CommandLine assign = Main.commandLine(argv.toArray(String[]::new));
    StringWriter err = new StringWriter();
    assign.setOut(new PrintWriter(new StringWriter(), true));
    assign.setErr(new PrintWriter(err, true));
    assertThat(assign.execute(argv.toArray(String[]::new))).as(err.toString()).isZero();
    assertThat(tags()).contains("churn-model#staging#2147483651");
  }

  @Test
  void sameModelBytesTwice_returnTheExistingVersion() throws Exception {
    Path m = model("m", "w\n", 0.9);
    Path out = tmp.resolve("out");
    step("train-register", "--name", "m", "--model", m.toString()).ok();
    step(
            "train-register",
            "--name",
            "m",
            "--model",
            m.toString(),
            "--output",
            "version=" + out.resolve("v"),
            "--output",
            "changed=" + out.resolve("c"))
        .ok();
    assertThat(out.resolve("v")).hasContent("v0.0.1");
    assertThat(out.resolve("c")).hasContent("false");
    try (Stream<String> t = tags().stream()) {
      assertThat(t.toList()).containsExactly("m@v0.0.1");
    }
  }
}
