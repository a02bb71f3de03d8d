package dev.cairn.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TagBuilder;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn show} vs {@code gto show} on a registry of many annotated tags: both must print the
 * same state; the times are printed, never asserted. In the build: 20 artifacts with 15 versions
 * and 10 stage assignments each (500 tags). The benchmark's size, 100 artifacts x (60 + 40) =
 * 10,000 tags, is {@code bash bench/registry.sh} (the -Dcairn.registry.bench.* properties below).
 */
class RegistryBenchmarkInteropIT {
  private static final int ARTIFACTS = Integer.getInteger("cairn.registry.bench.artifacts", 20);
  private static final int VERSIONS = Integer.getInteger("cairn.registry.bench.versions", 15);
  private static final int ASSIGNS = Integer.getInteger("cairn.registry.bench.assigns", 10);

  @TempDir Path tmp;

  @Test
  void show_tenThousandTags_cairnVsGto() throws Exception {
    String gto = InteropTools.require("gto").toString();
    Path bare = tmp.resolve("reg.git");
    int tags = generate(bare);
    assertThat(tags).isEqualTo(ARTIFACTS * (VERSIONS + ASSIGNS));
    Path clone = tmp.resolve("clone");
    ProcessRunner.run(tmp, List.of("git", "clone", "-q", bare.toUri().toString(), clone.toString()))
        .assertOk();

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> jvm =
        List.of(
            java,
            "-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider",
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp",
            System.getProperty("java.class.path"),
            ShowMain.class.getName());
    ObjectMapper json = new ObjectMapper();

    long t0 = System.nanoTime();
    String gtoOut = ProcessRunner.run(clone, List.of(gto, "show", "--json")).assertOk().stdout();
    long gtoNanos = System.nanoTime() - t0;

    List<String> local = new ArrayList<>(jvm);
    local.addAll(List.of("local", clone.toString()));
    t0 = System.nanoTime();
    String localOut = ProcessRunner.run(tmp, local).assertOk().stdout();
    long localNanos = System.nanoTime() - t0;

    List<String> remote = new ArrayList<>(jvm);
    remote.addAll(List.of("remote", bare.toUri().toString(), tmp.resolve("mirror").toString()));
    t0 = System.nanoTime();
    String coldOut = ProcessRunner.run(tmp, remote).assertOk().stdout();
    long coldNanos = System.nanoTime() - t0;
    t0 = System.nanoTime();
    String warmOut = ProcessRunner.run(tmp, remote).assertOk().stdout();
    long warmNanos = System.nanoTime() - t0;

    Object expected = json.readValue(gtoOut, Object.class);
    assertThat(json.readValue(localOut, Object.class)).isEqualTo(expected);
    assertThat(json.readValue(coldOut, Object.class)).isEqualTo(expected);
    assertThat(json.readValue(warmOut, Object.class)).isEqualTo(expected);

    System.out.printf(
        "BENCHMARK show, %d tags / %d artifacts: gto show %.2fs | cairn show (new JVM) local repo %.2fs,"
            + " remote cold mirror (shallow fetch of all tags) %.2fs, remote warm mirror %.2fs%n",
        tags, ARTIFACTS, gtoNanos / 1e9, localNanos / 1e9, coldNanos / 1e9, warmNanos / 1e9);
  }

  /** Writes the registry straight into a bare repository with JGit (fast). */
  private static int generate(Path bare) throws Exception {
    int count = 0;
    try (Git git =
            Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call();
        ObjectInserter ins = git.getRepository().newObjectInserter()) {
      Repository repo = git.getRepository();
      Instant base = Instant.parse("2026-01-01T00:00:00Z");
      PersonIdent who = new PersonIdent("bench", "bench@x", base, ZoneOffset.UTC);
      ObjectId parent = null;
      int second = 0;
      for (int a = 0; a < ARTIFACTS; a++) {
        List<ObjectId> commits = new ArrayList<>();
        for (int v = 0; v < VERSIONS; v++) {
          TreeFormatter tree = new TreeFormatter();
          tree.append(
              "a" + a + ".dvc",
              FileMode.REGULAR_FILE,
              ins.insert(Constants.OBJ_BLOB, ("v" + v).getBytes()));
          CommitBuilder c = new CommitBuilder();
          c.setTreeId(ins.insert(tree));
          if (parent != null) {
            c.setParentId(parent);
          }
          c.setAuthor(who);
          c.setCommitter(who);
          c.setMessage("a" + a + " v" + v);
          parent = ins.insert(c);
          commits.add(parent);
          count +=
              tag(repo, ins, "art-" + a + "@v0." + v + ".0", parent, base.plusSeconds(second++));
        }
        for (int s = 0; s < ASSIGNS; s++) {
          String stage = s % 2 == 0 ? "prod" : "staging";
          count +=
              tag(
                  repo,
                  ins,
                  "art-" + a + "#" + stage + "#" + (s + 1),
                  commits.get((s * 7) % VERSIONS),
                  base.plusSeconds(second++));
        }
      }
      ins.flush();
      RefUpdate u = repo.updateRef("refs/heads/main");
      u.setNewObjectId(parent);
      u.forceUpdate();
    }
    return count;
  }

  private static int tag(
      Repository repo, ObjectInserter ins, String name, ObjectId target, Instant time)
      throws Exception {
    TagBuilder t = new TagBuilder();
    t.setObjectId(target, Constants.OBJ_COMMIT);
    t.setTag(name);
    t.setTagger(new PersonIdent("bench", "bench@x", time, ZoneOffset.UTC));
    t.setMessage(name + "\n");
    ObjectId id = ins.insert(t);
    RefUpdate u = repo.updateRef("refs/tags/" + name);
    u.setNewObjectId(id);
    u.forceUpdate();
    return 1;
  }
}
