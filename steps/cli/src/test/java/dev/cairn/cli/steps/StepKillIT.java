package dev.cairn.cli.steps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs snapshot-data and train-register at seeded random moments on a dataset of thousands of
 * files, checking after every kill that the remote holds only whole objects, that every {@code
 * .dir} lists only objects that are there and that no registry tag dangles; then re-runs to
 * completion and compares the registry with an uninterrupted run on a fresh repository and remote.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class StepKillIT {
  private static final long SEED = 20261122L;
  private static final int KILLS = 6;
  private static final Pattern MD5 = Pattern.compile("md5: ([0-9a-f]{32}(?:\\.dir)?)");
  private static final Pattern OBJECT_NAME = Pattern.compile("[0-9a-f]{30}(?:\\.dir)?");
  private static final Pattern TEMP_NAME = Pattern.compile("\\.[0-9a-f]+\\.tmp");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void killedStepsConvergeToTheUninterruptedResult() throws Exception {
    Path data = generate(tmp.resolve("data"), 3000, new Random(SEED));
    Path modelDir = generate(tmp.resolve("train/model"), 1500, new Random(SEED + 1));
    Files.writeString(tmp.resolve("train/metrics.json"), "{\"accuracy\": 0.91}\n", UTF_8);

    StepFixture reference = new StepFixture(tmp.resolve("reference"));
    long snapshotMillis = timed(reference, snapshot(reference, data));
    long registerMillis = timed(reference, register(reference, modelDir));

    StepFixture killed = new StepFixture(tmp.resolve("killed"));
    Random random = new Random(SEED);
    int snapshotKills = killRepeatedly(killed, snapshot(killed, data), snapshotMillis, random);
    run(killed, snapshot(killed, data));
    assertConsistent(killed);
    int registerKills = killRepeatedly(killed, register(killed, modelDir), registerMillis, random);
    run(killed, register(killed, modelDir));
    assertConsistent(killed);

    System.out.printf(
        "uninterrupted: snapshot %d ms, register %d ms; killed runs: snapshot %d/%d, register %d/%d;"
            + " remote objects %d, temporary files left by kills %d%n",
        snapshotMillis,
        registerMillis,
        snapshotKills,
        KILLS,
        registerKills,
        KILLS,
        remoteObjects(killed.remote).size(),
        leftovers(killed.remote));
    assertThat(remoteObjects(killed.remote)).hasSizeGreaterThan(4000);
    assertThat(remoteObjects(killed.remote).keySet()).noneMatch(k -> k.startsWith("stray:"));
    assertThat(snapshotKills + registerKills)
        .as(
            "runs killed before they finished (snapshot %s, register %s)",
            snapshotKills, registerKills)
        .isGreaterThanOrEqualTo(2);
    assertThat(registryState(killed.repo)).isEqualTo(registryState(reference.repo));
    assertThat(registryState(killed.repo))
        .containsKeys("refs/tags/churn-data@v0.0.1", "refs/tags/churn-model@v0.0.1");
    assertThat(registryState(killed.repo).keySet())
        .anyMatch(tag -> tag.startsWith("refs/tags/churn-model#prod#"));
  }

  private static List<String> snapshot(StepFixture f, Path data) {
    return f.args("snapshot-data", "--name", "churn-data", "--data", data.toString());
  }

  private static List<String> register(StepFixture f, Path modelDir) {
    return f.args(
        "train-register",
        "--name",
        "churn-model",
        "--model",
        modelDir.toString(),
        "--data",
        "churn-data@v0.0.1",
        "--metrics",
        modelDir.resolveSibling("metrics.json").toString(),
        "--stage",
        "prod",
        "--gate",
        "accuracy >= 0.5");
  }

  /** Runs to completion in a subprocess; returns the wall time in milliseconds. */
  private long timed(StepFixture f, List<String> argv) throws Exception {
    long start = System.nanoTime();
    run(f, argv);
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  private void run(StepFixture f, List<String> argv) throws Exception {
    Process p = start(f, argv);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("step finished in time").isTrue();
    assertThat(p.exitValue())
        .as("exit of %s: %s", argv.get(0), Files.readString(f.root.resolve("last.err")))
        .isZero();
  }

  private Process start(StepFixture f, List<String> argv) throws IOException {
    return new ProcessBuilder(StepFixture.javaCommand(argv))
        .redirectOutput(f.root.resolve("last.out").toFile())
        .redirectError(f.root.resolve("last.err").toFile())
        .start();
  }

  /**
   * Starts the step {@link #KILLS} times, SIGKILLing it at a seeded random moment spread over the
   * uninterrupted run's duration, and checks the stores after each kill.
   *
   * @return how many runs were killed before they finished on their own
   */
  private int killRepeatedly(StepFixture f, List<String> argv, long millis, Random random)
      throws Exception {
    int killed = 0;
    for (int i = 0; i < KILLS; i++) {
      double slot = (i + random.nextDouble()) / KILLS;
      long at = Math.max(50, (long) (millis * (0.1 + 0.85 * slot)));
      Process p = start(f, argv);
      if (!p.waitFor(at, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        killed++;
      } else {
        assertThat(p.exitValue())
            .as(
                "a run that finished before its kill: %s",
                Files.readString(f.root.resolve("last.err")))
            .isZero();
      }
      assertConsistent(f);
    }
    return killed;
  }

  /** Whole objects only, complete .dir listings only, no dangling registry tag. */
  private static void assertConsistent(StepFixture f) throws IOException {
    Map<String, Path> objects = remoteObjects(f.remote);
    for (Map.Entry<String, Path> o : objects.entrySet()) {
      String key = o.getKey();
      byte[] bytes = Files.readAllBytes(o.getValue());
      String name = key.endsWith(".dir") ? key.substring(0, key.length() - 4) : key;
      assertThat(StepFixture.md5(bytes)).as("content of remote object %s", key).isEqualTo(name);
      if (key.endsWith(".dir")) {
        for (String entry : dirEntries(bytes)) {
          assertThat(objects).as(".dir %s lists %s", key, entry).containsKey(entry);
        }
      }
    }
    for (Map.Entry<String, List<String>> tag : taggedObjects(f.repo).entrySet()) {
      for (String md5 : tag.getValue()) {
        assertThat(objects).as("tag %s needs %s", tag.getKey(), md5).containsKey(md5);
        if (md5.endsWith(".dir")) {
          for (String entry : dirEntries(Files.readAllBytes(objects.get(md5)))) {
            assertThat(objects).as("tag %s needs %s", tag.getKey(), entry).containsKey(entry);
          }
        }
      }
    }
  }

  /** Objects on a DVC 3 local remote: {@code files/md5/ab/cdef...} keyed {@code abcdef...}. */
  private static Map<String, Path> remoteObjects(Path remote) throws IOException {
    Map<String, Path> objects = new TreeMap<>();
    Path root = remote.resolve("files/md5");
    if (!Files.isDirectory(root)) {
      return objects;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        Path rel = root.relativize(p);
        String name = rel.getFileName().toString();
        if (rel.getNameCount() == 2 && OBJECT_NAME.matcher(name).matches()) {
          objects.put(rel.getName(0).toString() + name, p);
        } else if (rel.getNameCount() == 2 && TEMP_NAME.matcher(name).matches()) {
          // an upload cut short by SIGKILL leaves its temporary file; it is never read as an object
          continue;
        } else {
          objects.put("stray:" + rel, p);
        }
      }
    }
    return objects;
  }

  private static long leftovers(Path remote) throws IOException {
    try (Stream<Path> walk = Files.walk(remote)) {
      return walk.filter(p -> TEMP_NAME.matcher(p.getFileName().toString()).matches()).count();
    }
  }

  private static List<String> dirEntries(byte[] listing) throws IOException {
    List<String> md5s = new ArrayList<>();
    for (JsonNode entry : JSON.readTree(listing)) {
      md5s.add(entry.get("md5").asText());
    }
    return md5s;
  }

  /** For every tag, the md5s of the outputs of every {@code .dvc} file in its commit. */
  private static Map<String, List<String>> taggedObjects(Path bare) throws IOException {
    Map<String, List<String>> result = new TreeMap<>();
    try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
        RevWalk walk = new RevWalk(repo)) {
      for (Ref ref : repo.getRefDatabase().getRefsByPrefix("refs/tags/")) {
        RevCommit commit = walk.parseCommit(ref.getObjectId());
        List<String> md5s = new ArrayList<>();
        try (TreeWalk tree = new TreeWalk(repo)) {
          tree.addTree(commit.getTree());
          tree.setRecursive(true);
          while (tree.next()) {
            if (tree.getPathString().endsWith(".dvc")) {
              ObjectId blob = tree.getObjectId(0);
              Matcher m = MD5.matcher(new String(repo.open(blob).getBytes(), UTF_8));
              while (m.find()) {
                md5s.add(tree.getPathString() + " " + m.group(1));
              }
            }
          }
        }
        result.put(ref.getName(), md5s.stream().map(s -> s.substring(s.indexOf(' ') + 1)).toList());
      }
    }
    return result;
  }

  /** Tag name to the md5s its commit tracks: versions, md5s and stage assignments. */
  private static Map<String, List<String>> registryState(Path bare) {
    try {
      return taggedObjects(bare);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Thousands of small files in nested folders plus a few larger ones, from {@code random}. */
  private static Path generate(Path root, int files, Random random) throws IOException {
    for (int i = 0; i < files; i++) {
      Path dir = root.resolve("part-" + (i % 23)).resolve("shard-" + (i % 7));
      Files.createDirectories(dir);
      byte[] bytes = new byte[256 + random.nextInt(6000)];
      random.nextBytes(bytes);
      Files.write(dir.resolve("row-" + i + ".bin"), bytes);
    }
    for (int i = 0; i < 3; i++) {
      byte[] big = new byte[4 * 1024 * 1024];
      random.nextBytes(big);
      Files.write(root.resolve("big-" + i + ".bin"), big);
    }
    return root;
  }
}
