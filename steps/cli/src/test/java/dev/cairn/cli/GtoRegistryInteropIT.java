package dev.cairn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn show}, {@code cairn assign} and {@code cairn unassign} on a repository the real gto
 * and git wrote, with a {@code .gto} stage allow-list and an {@code artifacts.yaml}: the output
 * equals gto's.
 */
class GtoRegistryInteropIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ENV =
      Map.of(
          "GIT_AUTHOR_NAME", "g",
          "GIT_AUTHOR_EMAIL", "g@x",
          "GIT_COMMITTER_NAME", "g",
          "GIT_COMMITTER_EMAIL", "g@x");

  @TempDir Path tmp;
  private Path work;
  private String gto;

  @BeforeEach
  void repo() throws Exception {
    gto = InteropTools.require("gto").toString();
    work = tmp.resolve("work");
    Files.createDirectories(work);
    git("init", "-q", "-b", "main");
    Files.writeString(work.resolve(".gto"), "stages: [dev, staging, prod, canary]\n");
    git("add", "-A");
    git("commit", "-q", "-m", "gto config");
    gto("register", "model").assertOk();
    gto("assign", "model", "--version", "v0.0.1", "--stage", "prod").assertOk();
    Files.writeString(work.resolve("f2"), "2");
    Files.writeString(
        work.resolve("artifacts.yaml"),
        "data1:\n  type: dataset\n  path: data/d1\n  description: raw data\n");
    git("add", "-A");
    git("commit", "-q", "-m", "declare data1");
    gto("register", "model", "--bump-minor").assertOk();
    gto("assign", "model", "--version", "v0.1.0", "--stage", "staging").assertOk();
  }

  private void git(String... args) {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    ProcessRunner.run(work, cmd, ENV).assertOk();
  }

  private ProcessRunner.Result gto(String... args) {
    List<String> cmd = new ArrayList<>(List.of(gto));
    cmd.addAll(List.of(args));
    return ProcessRunner.run(work, cmd, ENV);
  }

  private Cli.Run cairn(String... args) {
    List<String> argv = new ArrayList<>(List.of(args));
    argv.add("--repo=" + work);
    return Cli.execute(argv.toArray(String[]::new));
  }

  @Test
  void showJsonShortcutsAndRef_equalGto() throws Exception {
    assertThat(JSON.readTree(cairn("show", "--json").assertOk().out()))
        .isEqualTo(JSON.readTree(gto("show", "--json").assertOk().stdout()));
    for (String q :
        List.of(
            "model",
            "data1",
            "model#prod",
            "model#staging",
            "model#canary",
            "model@latest",
            "model@greatest",
            "model@v0.0.1")) {
      Object mine =
          normalized(JSON.readValue(cairn("show", q, "--json").assertOk().out(), Object.class));
      Object real =
          normalized(JSON.readValue(gto("show", q, "--json").assertOk().stdout(), Object.class));
      assertThat(mine).as("show %s --json", q).isEqualTo(real);
    }
    for (String q : List.of("model#prod", "model#staging", "model@latest", "data1", "model#dev")) {
      assertThat(cairn("show", q, "--ref").assertOk().out().strip())
          .as("show %s --ref", q)
          .isEqualTo(gto("show", q, "--ref").assertOk().stdout().strip());
    }
    String table = cairn("show").assertOk().out();
    assertThat(table.lines().findFirst().orElseThrow())
        .matches("name +latest +#dev +#staging +#prod +#canary");
    assertThat(table)
        .contains("*data1")
        .containsPattern("model +v0\\.1\\.0 +- +v0\\.1\\.0 +v0\\.0\\.1 +-");
  }

  @Test
  void assignOfAStageGtoConfigDoesNotAllow_refusedWithExit2_asGtoRefusesIt() throws Exception {
    ProcessRunner.Result real = gto("assign", "model", "--version", "v0.0.1", "--stage", "qa");
    assertThat(real.exitCode()).isNotZero();
    Cli.Run run = cairn("assign", "model", "--version", "v0.0.1", "--stage", "qa");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip())
        .isEqualTo(
            "error: Cannot use stage: 'qa' (not allowed by .gto; allowed stages: dev, staging,"
                + " prod, canary; add it to stages: in .gto to use it)");
    assertThat(cairn("unassign", "model", "--version", "v0.0.1", "--stage", "qa").exitCode())
        .isEqualTo(2);
    Cli.Run gated =
        cairn("assign", "model", "--version", "v0.0.1", "--stage", "qa", "--gate", "auc >= 0.5");
    assertThat(gated.exitCode()).isEqualTo(2);
    assertThat(gated.err()).contains("Cannot use stage: 'qa'");
    assertThat(ProcessRunner.run(work, List.of("git", "tag", "-l", "model#qa*")).stdout())
        .isEmpty();

    cairn("assign", "model", "--version", "v0.1.0", "--stage", "canary").assertOk();
    assertThat(JSON.readTree(cairn("show", "--json").assertOk().out()))
        .isEqualTo(JSON.readTree(gto("show", "--json").assertOk().stdout()));
  }

  /** Drops gto's commit {@code enrichments}; times become instants. */
  private static Object normalized(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        Object v = e.getValue();
        if (key.equals("enrichments")) {
          continue;
        }
        if ((key.equals("created_at") || key.equals("activated_at")) && v instanceof String t) {
          v = OffsetDateTime.parse(t).toInstant().toString();
        }
        out.put(key, normalized(v));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(GtoRegistryInteropIT::normalized).toList();
    }
    return value;
  }
}
