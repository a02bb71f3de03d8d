package dev.cairn.cli.registry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.cli.Main;
import dev.cairn.core.git.GitIdentity;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.registry.Registry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The registry subcommands end to end against a bare repository reached by file:// URL. */
class RegistryCommandsTest {
  @TempDir Path tmp;
  private Path bare;
  private Path clone;
  private String url;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void repo() throws Exception {
    bare = tmp.resolve("reg.git");
    Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    url = bare.toUri().toString();
    clone = tmp.resolve("clone");
    Git.init().setDirectory(clone.toFile()).setInitialBranch("main").call().close();
  }

  private void commitModel(String md5, double auc) throws Exception {
    Files.createDirectories(clone.resolve("models"));
    Files.writeString(
        clone.resolve("models/m.dvc"),
        "outs:\n- md5: "
            + md5
            + "\n  path: m.pkl\nmeta:\n  cairn:\n    metrics:\n      auc: "
            + auc
            + "\n",
        UTF_8);
    try (Git git = Git.open(clone.toFile())) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("model " + auc).setAuthor("t", "t@x").setCommitter("t", "t@x").call();
      git.push()
          .setRemote(url)
          .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("main:main"))
          .call();
    }
  }

  private Run cairn(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (all.stream().noneMatch(a -> a.startsWith("--repo=") || a.startsWith("--git-url="))) {
      all.add("--repo=" + url);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine(all.toArray(String[]::new));
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void registerAssignGateShowHistoryLineage() throws Exception {
    commitModel("a".repeat(32), 0.80);
    assertThat(cairn("register", "m").out()).contains("Registered m@v0.0.1");
    Run first =
        cairn(
            "assign", "m", "--version=v0.0.1", "--stage=prod", "--gate=auc >= stage.auc", "--json");
    assertThat(first.code()).isZero();
    assertThat(first.out()).contains("\"promoted\": false");
    assertThat(
            cairn(
                    "assign",
                    "m",
                    "--version=v0.0.1",
                    "--stage=prod",
                    "--gate=auc >= stage.auc",
                    "--if-empty=pass")
                .out())
        .contains("Assigned prod to m@v0.0.1");

    commitModel("b".repeat(32), 0.79);
    assertThat(cairn("register", "m", "--bump=minor", "--json").out())
        .contains("\"version\": \"v0.1.0\"");
    Run gated =
        cairn("assign", "m", "--version=v0.1.0", "--stage=prod", "--gate=auc >= stage.auc + 0.002");
    assertThat(gated.out()).contains("Not assigned: gate failed").contains("0.79");
    assertThat(gated.code()).isZero();
    Run failing =
        cairn(
            "assign",
            "m",
            "--version=v0.1.0",
            "--stage=prod",
            "--gate=auc >= stage.auc + 0.002",
            "--fail-on-reject");
    assertThat(failing.code()).isEqualTo(7);
    assertThat(failing.out()).contains("Not assigned: gate failed").contains("0.79");
    Run unknown = cairn("assign", "m", "--version=v0.1.0", "--stage=prod", "--gate=f1 > 0.5");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown metric(s) f1");
    Run syntax = cairn("assign", "m", "--version=v0.1.0", "--stage=prod", "--gate=auc >=");
    assertThat(syntax.code()).isEqualTo(2);

    Run show = cairn("show", "--json");
    assertThat(show.out().replaceAll("\\s", ""))
        .isEqualTo(
            "{\"m\":{\"version\":\"v0.1.0\",\"stage\":{\"prod\":\"v0.0.1\"},\"registered\":true,\"active\":true}}");
    assertThat(cairn("show").out()).contains("#prod").contains("v0.1.0");
    assertThat(cairn("show", "m").out()).contains("v0.0.1").contains("prod");
    Run history = cairn("history", "m", "--json");
    assertThat(history.out())
        .contains("\"ref\": \"m#prod#1\"")
        .contains("\"event\": \"registration\"");
    assertThat(cairn("lineage", "m@v0.1.0").out()).contains("m@v0.1.0").contains("auc=0.79");
    assertThat(cairn("lineage", "m@v0.1.0", "--json").out())
        .contains("\"md5\": \"" + "b".repeat(32) + "\"");

    assertThat(cairn("unassign", "m", "--version=v0.0.1", "--stage=prod").out())
        .contains("Unassigned prod");
    assertThat(cairn("deregister", "m", "--version=v0.1.0").out())
        .contains("Deregistered m@v0.1.0");
    assertThat(cairn("deprecate", "m").out()).contains("Deprecated m");
    assertThat(cairn("show", "--json").out().strip()).isEqualTo("{}");
    assertThat(cairn("show", "m", "--json").code()).isZero();
  }

  @Test
  void holdAndRelease_showAndHistoryListTheHold_jsonStaysGtos() throws Exception {
    commitModel("a".repeat(32), 0.80);
    cairn("register", "m");
    cairn("assign", "m", "--version=v0.0.1", "--stage=prod");

    Run hold = cairn("hold", "m", "--stage=prod", "--reason=incident 42");
    assertThat(hold.code()).isZero();
    assertThat(hold.out()).contains("Held m#prod held at v0.0.1").contains("incident 42");
    assertThat(cairn("hold", "m", "--stage=prod", "--reason=again").out()).contains("Already held");
    assertThat(cairn("show").out()).contains("hold: m#prod held at v0.0.1");
    assertThat(cairn("show", "m").out()).contains("hold: m#prod held at v0.0.1");
    assertThat(cairn("history", "m").out()).contains("hold: m#prod held at v0.0.1");
    assertThat(cairn("show", "--json").out()).doesNotContain("hold");
    assertThat(cairn("hold", "m", "--stage=prod").code()).isEqualTo(2);

    Run release = cairn("release", "m", "--stage=prod", "--reason=resolved", "--json");
    assertThat(release.code()).isZero();
    assertThat(release.out()).contains("\"reason\": \"incident 42\"");
    assertThat(cairn("show", "m").out()).doesNotContain("hold:");
    assertThat(cairn("release", "m", "--stage=prod", "--reason=again").out())
        .contains("is not held; nothing to do");
  }

  @Test
  void unknownVersion_usageError() throws Exception {
    commitModel("a".repeat(32), 0.8);
    cairn("register", "m");
    Run run = cairn("assign", "m", "--version=v9.9.9", "--stage=prod");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("Cannot find version: m@v9.9.9");
    Run missing = cairn("show", "--repo=" + tmp.resolve("nope").toUri());
    assertThat(missing.code()).isEqualTo(4);
    assertThat(missing.err()).contains("Cannot find Git repository");
  }

  @Test
  void repoUrlWithAPassword_refusedWithTheOneLineErrorTheStepsGive() {
    Run run = cairn("show", "--repo=https://bot:s3cret@git.example.com/registry.git");

    assertThat(run.code()).isEqualTo(3);
    assertThat(run.err())
        .isEqualTo(
            "error: Cannot use --repo with a user name, password or token in it (put the token in"
                + " a file and give --git-token-file, or mount it)"
                + System.lineSeparator());
  }

  @Test
  void mistypedArtifact_everyCommand_listsTheKnownOnesWithTheCloseOne() throws Exception {
    commitModel("a".repeat(32), 0.8);
    cairn("register", "churn-model");
    cairn("register", "churn-data");
    String expected =
        "error: Cannot find artifact: 'churn-modle' (did you mean churn-model? known artifacts:"
            + " churn-data, churn-model)\n";

    for (String[] args :
        List.of(
            new String[] {"show", "churn-modle"},
            new String[] {"history", "churn-modle"},
            new String[] {"lineage", "churn-modle@v0.0.1"},
            new String[] {"assign", "churn-modle", "--version=v0.0.1", "--stage=prod"},
            new String[] {"deprecate", "churn-modle"})) {
      Run run = cairn(args);

      assertThat(run.code()).as(args[0]).isEqualTo(2);
      assertThat(run.err()).as(args[0]).isEqualTo(expected);
    }
  }

  @Test
  void unknownArtifact_farFromAll_listsThemWithoutSuggestion() throws Exception {
    commitModel("a".repeat(32), 0.8);
    cairn("register", "churn-model");

    Run run = cairn("show", "fraud");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo("error: Cannot find artifact: 'fraud' (known artifacts: churn-model)\n");
  }

  @Test
  void unknownArtifact_emptyRegistry_saysToRegisterFirst() {
    Run run = cairn("history", "m");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("the registry has no artifacts yet; register a version first");
  }

  @Test
  void mistypedStage_unassign_listsTheStagesOfTheArtifact() throws Exception {
    commitModel("a".repeat(32), 0.8);
    cairn("register", "m");
    cairn("assign", "m", "--version=v0.0.1", "--stage=prod");
    cairn("assign", "m", "--version=v0.0.1", "--stage=staging");

    Run run = cairn("unassign", "m", "--version=v0.0.1", "--stage=prd");

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "error: Cannot unassign m#prd: m was never in stage 'prd'; did you mean prod? stages"
                + " of m: prod, staging\n");
    assertThat(cairn("show", "m").out()).contains("staging, prod");
  }

  @Test
  void theStepsGitFlagNames_areAcceptedToo() throws Exception {
    commitModel("a".repeat(32), 0.8);

    Run register =
        cairn(
            "register",
            "m",
            "--git-url=" + clone,
            "--git-branch=main",
            "--git-author-name=dana",
            "--git-author-email=dana@x",
            "--git-retry-timeout=5");

    assertThat(register.code()).as(register.err()).isZero();
    assertThat(cairn("history", "m", "--git-url=" + clone).out())
        .contains("registration", "v0.0.1", "dana");
  }

  @Test
  void history_table_hasAuthorAndReasonColumns() throws Exception {
    String repo = "--repo=" + clone;
    commitModel("a".repeat(32), 0.8);
    cairn("register", "m", repo, "--author-name=alice");
    cairn("assign", "m", "--version=v0.0.1", "--stage=prod", repo, "--author-name=alice");
    commitModel("b".repeat(32), 0.9);
    cairn("register", "m", repo, "--author-name=bob");
    cairn("assign", "m", "--version=v0.0.2", "--stage=prod", repo, "--author-name=bob");
    try (GitRepo git = GitRepo.open(clone, new GitIdentity("carol", "carol@x"))) {
      Registry.on(git).rollback("m", "prod", "v0.0.1", "incident 42");
    }

    Run history = cairn("history", "m", repo);

    assertThat(history.code()).isZero();
    List<String> lines = history.out().lines().toList();
    assertThat(lines.get(0).split("\\s+"))
        .containsExactly(
            "timestamp",
            "artifact",
            "event",
            "version",
            "stage",
            "author",
            "reason",
            "commit",
            "ref");
    assertThat(lines)
        .anySatisfy(l -> assertThat(l).contains("assignment", "v0.0.1", "carol", "incident 42"))
        .anySatisfy(l -> assertThat(l).contains("registration", "v0.0.2", "bob", " - "))
        .anySatisfy(l -> assertThat(l).contains("registration", "v0.0.1", "alice"));
  }

  @Test
  void show_metrics_addsAColumnPerRecordedMetric_defaultAndJsonUnchanged() throws Exception {
    commitModel("a".repeat(32), 0.8);
    cairn("register", "m");
    commitModel("b".repeat(32), 0.9);
    cairn("register", "m");
    cairn("assign", "m", "--version=v0.0.2", "--stage=prod");

    Run one = cairn("show", "m", "--metrics");
    Run all = cairn("show", "--metrics");

    assertThat(one.code()).isZero();
    List<String> lines = one.out().lines().toList();
    assertThat(lines.get(0)).endsWith("auc");
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("v0.0.2").endsWith("0.9"));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("v0.0.1").endsWith("0.8"));
    assertThat(all.out().lines().toList().get(0)).endsWith("auc");
    assertThat(all.out().lines().toList().get(1)).contains("v0.0.2").endsWith("0.9");
    assertThat(cairn("show", "m").out()).doesNotContain("auc");
    assertThat(cairn("show", "m", "--json", "--metrics").out())
        .isEqualTo(cairn("show", "m", "--json").out());
  }
}
