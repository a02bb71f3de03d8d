package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.registry.Gate;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.RegistryState;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import dev.cairn.core.testing.TestTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Cairn's Snapshot and Promote write is a DVC + GTO repository the real tools use as is: a
 * fresh clone pulls byte-identical data, is clean, {@code gto show} agrees, and {@code dvc
 * artifacts get --stage} fetches the promoted model.
 */
class SnapshotInteropIT {
  private static final Map<String, String> GIT_ENV =
      Map.of(
          "GIT_AUTHOR_NAME", "t",
          "GIT_AUTHOR_EMAIL", "t@localhost",
          "GIT_COMMITTER_NAME", "t",
          "GIT_COMMITTER_EMAIL", "t@localhost");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void snapshotAndPromote_cloneWithRealDvcAndGto_seesExactlyWhatCairnWrote() throws Exception {
    String dvc = InteropTools.require("dvc").toString();
    String gto = InteropTools.require("gto").toString();
    Path dataset = TestTrees.awkward(tmp.resolve("src/churn"), 300, 3 << 20, 7);
    Path model = tmp.resolve("src/model.pkl");
    Snapshot.Result data2;
    try (StoreFixture fixture = StoreFixture.create(tmp.resolve("world"), true)) {
      Store store = fixture.store();
      Snapshot.Result data1 =
          Snapshot.run(
              store, Snapshot.Request.of("churn", dataset, "data/churn", Snapshot.DATASET));
      Files.writeString(dataset.resolve("plain.txt"), "changed\n", UTF_8);
      data2 =
          Snapshot.run(
              store, Snapshot.Request.of("churn", dataset, "data/churn", Snapshot.DATASET));
      assertThat(data2.version()).isEqualTo("v0.0.2");
      assertThat(data2.changes())
          .isEqualTo(new Snapshot.Changes(0, 1, 0, 8, "content of plain.txt\n".length()));
      String v1 = model(store, model, "weights one\n", 0.89, data2);
      Promote.run(store, Promote.Request.of("churn-model", v1, "prod"));
      String v2 = model(store, model, "weights two\n", 0.91, data2);
      Promote.Result promoted =
          Promote.run(
              store,
              Promote.Request.of("churn-model", v2, "prod")
                  .withGates(List.of(Gate.parse("accuracy >= stage.accuracy")), Gate.IfEmpty.FAIL));
      assertThat(promoted.promoted()).isTrue();
      assertThat(data1.md5()).isNotEqualTo(data2.md5());

      Path clone = tmp.resolve("clone");
      sh(tmp, "git", "clone", "-q", fixture.bare.toUri().toString(), clone.toString());
      sh(clone, "git", "fetch", "-q", "--tags", "origin");
      sh(clone, dvc, "pull", "-q");
      assertThat(files(clone.resolve("data/churn"))).isEqualTo(files(dataset));
      assertThat(clone.resolve("models/model.pkl")).hasContent("weights two\n");
      String status = sh(clone, dvc, "status").stdout();
      assertThat(status).contains("up to date");
      assertThat(sh(clone, "git", "status", "--porcelain").stdout()).isEmpty();

      Object show = JSON.readValue(sh(clone, gto, "show", "--json").stdout(), Object.class);
      Object cairn =
          JSON.readValue(
              JSON.writeValueAsString(
                  RegistryState.compute(fixture.bareRepo().tags()).toShowJson(false)),
              Object.class);
      assertThat(show).isEqualTo(cairn);
      assertThat(show.toString())
          .contains("churn-model={version=v0.0.2, stage={prod=v0.0.2}")
          .contains("churn={version=v0.0.2");

      Path got = tmp.resolve("got/model.pkl");
      sh(
          tmp,
          dvc,
          "artifacts",
          "get",
          fixture.bare.toUri().toString(),
          "churn-model",
          "--stage",
          "prod",
          "-o",
          got.toString());
      assertThat(got).hasContent("weights two\n");
      Path gotData = tmp.resolve("got/churn");
      sh(
          tmp,
          dvc,
          "artifacts",
          "get",
          fixture.bare.toUri().toString(),
          "churn",
          "--rev",
          "v0.0.2",
          "-o",
          gotData.toString());
      assertThat(files(gotData)).isEqualTo(files(dataset));
    }
  }

  private static String model(
      Store store, Path file, String weights, double accuracy, Snapshot.Result input)
      throws IOException {
    Files.writeString(file, weights, UTF_8);
    Lineage lineage =
        new Lineage(
            List.of(new Lineage.Input("churn", input.version(), input.md5())),
            null,
            Map.of("epochs", 3L),
            Map.of("accuracy", accuracy),
            new Lineage.Run("argo", "train", "uid-1", "train-pod"));
    return Snapshot.run(
            store,
            Snapshot.Request.of("churn-model", file, "models/model.pkl", Snapshot.MODEL)
                .withLineage(lineage))
        .version();
  }

  private static ProcessRunner.Result sh(Path dir, String... command) {
    return ProcessRunner.run(dir, List.of(command), GIT_ENV).assertOk();
  }

  /** Relative path to bytes (as hex of the MD5 for brevity) of every regular file. */
  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(
            root.relativize(p).toString(),
            java.util.HexFormat.of().formatHex(md5(Files.readAllBytes(p))));
      }
    }
    return out;
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return java.security.MessageDigest.getInstance("MD5").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
