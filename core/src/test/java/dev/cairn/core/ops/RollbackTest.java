package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.CairnException;
import dev.cairn.core.IntegrityException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.Progress;
import dev.cairn.core.git.GitTag;
import dev.cairn.core.hash.Oid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackTest {
  private static final String NAME = RollbackFixture.NAME;

  @TempDir Path tmp;
  private RollbackFixture fx;
  private Path serveDir;

  @BeforeEach
  void setUp() {
    fx = new RollbackFixture(tmp);
    serveDir = tmp.resolve("serve");
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  /** v0.0.1 then v0.0.2 promoted to prod, the serving directory showing v0.0.2. */
  private void twoPromotedFiles() {
    assertThat(fx.registerFile("weights one\n")).isEqualTo("v0.0.1");
    assertThat(fx.registerFile("weights two\n")).isEqualTo("v0.0.2");
    fx.assign("v0.0.1", "prod");
    fx.assign("v0.0.2", "prod");
    Serving.toDir(serveDir).publish(fx.store(), NAME, "v0.0.2");
    assertThat(ServeDir.current(serveDir)).contains("v0.0.2");
  }

  private String served(String file) throws IOException {
    return Files.readString(serveDir.resolve("current").resolve(file), UTF_8);
  }

  @Test
  void run_previous_servesThenTagsWithReasonAndOperator() throws Exception {
    twoPromotedFiles();

    Rollback.Result result =
        Rollback.run(
            fx.store(),
            Rollback.Request.toPrevious(NAME, "prod", "AUC dropped").withOperator("alice"),
            Serving.toDir(serveDir));

    assertThat(result.fromVersion()).isEqualTo("v0.0.2");
    assertThat(result.toVersion()).isEqualTo("v0.0.1");
    assertThat(result.changed()).isTrue();
    assertThat(result.dryRun()).isFalse();
    assertThat(result.tags()).containsExactly(NAME + "#prod!#3", NAME + "#prod#4");
    assertThat(result.objectsVerified()).isEqualTo(1);
    assertThat(result.objectsFetched()).isEqualTo(1);
    assertThat(result.commit()).isEqualTo(commitOf("v0.0.1"));
    assertThat(result.serving().dirWritten()).isTrue();
    assertThat(result.serving().dirPrevious()).isEqualTo("v0.0.2");
    assertThat(fx.inStage("prod")).isEqualTo("v0.0.1");
    assertThat(ServeDir.current(serveDir)).contains("v0.0.1");
    assertThat(served("model.pkl")).isEqualTo("weights one\n");
    assertThat(ServeDir.versions(serveDir)).containsExactly("v0.0.1", "v0.0.2");
    GitTag assign =
        fx.tags().stream().filter(t -> t.name().equals(NAME + "#prod#4")).findFirst().orElseThrow();
    assertThat(assign.message()).contains("AUC dropped").contains("alice").contains("v0.0.2");
  }

  @Test
  void run_explicitVersion_directoryModel() throws Exception {
    fx.registerDir(Map.of("weights.bin", "w1", "config/params.json", "{\"a\":1}"));
    fx.registerDir(Map.of("weights.bin", "w2", "config/params.json", "{\"a\":2}"));
    fx.registerDir(Map.of("weights.bin", "w3", "config/params.json", "{\"a\":3}"));
    fx.assign("v0.0.1", "prod");
    fx.assign("v0.0.2", "prod");
    fx.assign("v0.0.3", "prod");

    Rollback.Result result =
        Rollback.run(
            fx.store(),
            Rollback.Request.toVersion(NAME, "prod", "v0.0.1", "bad batch"),
            Serving.toDir(serveDir));

    assertThat(result.fromVersion()).isEqualTo("v0.0.3");
    assertThat(result.toVersion()).isEqualTo("v0.0.1");
    assertThat(result.objectsVerified()).isEqualTo(3); // .dir + 2 files
    assertThat(fx.inStage("prod")).isEqualTo("v0.0.1");
    assertThat(served("weights.bin")).isEqualTo("w1");
    assertThat(served("config/params.json")).isEqualTo("{\"a\":1}");
    try (var files = Files.walk(serveDir.resolve("versions/v0.0.1"))) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(2);
    }
  }

  @Test
  void run_versionAlreadyInStage_writesNoTagButServesIt() throws Exception {
    twoPromotedFiles();
    Files.delete(serveDir.resolve("current"));
    List<String> tagsBefore = fx.tagNames();

    Rollback.Result result =
        Rollback.run(
            fx.store(),
            Rollback.Request.toVersion(NAME, "prod", "v0.0.2", "re-check"),
            Serving.toDir(serveDir));

    assertThat(result.changed()).isFalse();
    assertThat(result.tags()).isEmpty();
    assertThat(result.fromVersion()).isEqualTo("v0.0.2");
    assertThat(result.message()).contains("already in " + NAME + "#prod");
    assertThat(fx.tagNames()).isEqualTo(tagsBefore);
    assertThat(ServeDir.current(serveDir)).contains("v0.0.2");
    assertThat(result.serving().dirWritten()).isFalse();
    assertThat(served("model.pkl")).isEqualTo("weights two\n");
  }

  @Test
  void plan_noPreviousVersion_saysSo() {
    fx.registerFile("only\n");
    fx.assign("v0.0.1", "prod");

    assertThatThrownBy(
            () -> Rollback.plan(fx.store(), Rollback.Request.toPrevious(NAME, "prod", "why")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no earlier version held the stage");
  }

  @Test
  void plan_unknownVersionArtifactOrEmptyStage_areInvalidInput() {
    twoPromotedFiles();
    Store store = fx.store();

    assertThatThrownBy(
            () -> Rollback.plan(store, Rollback.Request.toVersion(NAME, "prod", "v9.9.9", "why")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot find version: " + NAME + "@v9.9.9 (see cairn show " + NAME + ")");
    assertThatThrownBy(
            () -> Rollback.plan(store, Rollback.Request.toPrevious("other-model", "prod", "why")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Cannot find artifact: 'other-model'");
    assertThatThrownBy(
            () -> Rollback.plan(store, Rollback.Request.toPrevious(NAME, "staging", "why")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no version is in the stage");
  }

  @Test
  void plan_deregisteredTarget_isInvalidInput_andPreviousSkipsIt() {
    fx.registerFile("one\n");
    fx.registerFile("two\n");
    fx.registerFile("three\n");
    fx.assign("v0.0.1", "prod");
    fx.assign("v0.0.2", "prod");
    fx.assign("v0.0.3", "prod");
    fx.deregister("v0.0.2");
    Store store = fx.store();

    assertThatThrownBy(
            () -> Rollback.plan(store, Rollback.Request.toVersion(NAME, "prod", "v0.0.2", "why")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("deregistered");
    assertThat(Rollback.plan(store, Rollback.Request.toPrevious(NAME, "prod", "why")).toVersion())
        .isEqualTo("v0.0.1");
  }

  @Test
  void request_blankReasonOrBadTarget_isInvalidInput() {
    assertThatThrownBy(() -> Rollback.Request.toPrevious(NAME, "prod", "  "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("no reason given");
    assertThatThrownBy(() -> Rollback.Request.toVersion(NAME, "prod", "latest", "x"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("give --to previous or a version");
  }

  @Test
  void run_objectMissingOnRemote_changesNothing() throws Exception {
    fx.registerDir(Map.of("a.bin", "a1", "b.bin", "b1", "c.bin", "c1"));
    fx.registerDir(Map.of("a.bin", "a2", "b.bin", "b2", "c.bin", "c2"));
    fx.assign("v0.0.1", "prod");
    fx.assign("v0.0.2", "prod");
    Serving.toDir(serveDir).publish(fx.store(), NAME, "v0.0.2");
    // the .dir listing is there, one of its files is not: the listing must not vouch for it
    Path b1 = fx.remoteObject(Oid.ofFile(md5("b1")));
    Files.delete(b1);
    List<String> tagsBefore = fx.tagNames();

    assertThatThrownBy(
            () ->
                Rollback.run(
                    fx.store(),
                    Rollback.Request.toPrevious(NAME, "prod", "why"),
                    Serving.toDir(serveDir)))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("1 of its 4 objects are missing");
    assertThat(fx.tagNames()).isEqualTo(tagsBefore);
    assertThat(fx.inStage("prod")).isEqualTo("v0.0.2");
    assertThat(ServeDir.current(serveDir)).contains("v0.0.2");
    assertThat(ServeDir.versions(serveDir)).containsExactly("v0.0.2");
    assertThat(served("a.bin")).isEqualTo("a2");
  }

  @Test
  void run_corruptObjectOnRemote_isIntegrityFailure_changesNothing() throws Exception {
    twoPromotedFiles();
    Path object = fx.remoteObject(fx.oidOf("v0.0.1"));
    object.toFile().setWritable(true);
    Files.writeString(object, "tampered\n", UTF_8);
    List<String> tagsBefore = fx.tagNames();
    Store store = fx.store();

    assertThatThrownBy(
            () ->
                Rollback.run(
                    store,
                    Rollback.Request.toPrevious(NAME, "prod", "why"),
                    Serving.toDir(serveDir)))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("md5");
    assertThat(store.cache().contains(fx.oidOf("v0.0.1"))).isFalse();
    assertThat(fx.tagNames()).isEqualTo(tagsBefore);
    assertThat(ServeDir.current(serveDir)).contains("v0.0.2");
    assertThat(ServeDir.versions(serveDir)).containsExactly("v0.0.2");
  }

  @Test
  void run_dryRun_checksButChangesNothing() throws Exception {
    twoPromotedFiles();
    List<String> tagsBefore = fx.tagNames();
    Store store = fx.store();
    Rollback.Request request = Rollback.Request.toPrevious(NAME, "prod", "why").withDryRun(true);

    Rollback.Result result = Rollback.run(store, request, Serving.toDir(serveDir));
    Rollback.Plan plan = Rollback.plan(store, request);

    assertThat(result.dryRun()).isTrue();
    assertThat(result.changed()).isFalse();
    assertThat(result.fromVersion()).isEqualTo("v0.0.2");
    assertThat(result.toVersion()).isEqualTo("v0.0.1");
    assertThat(result.objectsVerified()).isEqualTo(1);
    assertThat(result.objectsFetched()).isZero();
    assertThat(result.message()).startsWith("Dry run: would roll back");
    assertThat(plan.toVersion()).isEqualTo("v0.0.1");
    assertThat(plan.oid()).isEqualTo(fx.oidOf("v0.0.1"));
    assertThat(plan.path()).isEqualTo("models/model.pkl");
    assertThat(plan.alreadyInStage()).isFalse();
    assertThat(fx.tagNames()).isEqualTo(tagsBefore);
    assertThat(ServeDir.current(serveDir)).contains("v0.0.2");
    assertThat(ServeDir.versions(serveDir)).containsExactly("v0.0.2");
    assertThat(store.cache().contains(fx.oidOf("v0.0.1"))).isFalse();
  }

  @Test
  void run_dryRun_missingObject_isIntegrityFailure() throws Exception {
    twoPromotedFiles();
    Files.delete(fx.remoteObject(fx.oidOf("v0.0.1")));

    assertThatThrownBy(
            () ->
                Rollback.run(
                    fx.store(),
                    Rollback.Request.toPrevious(NAME, "prod", "why").withDryRun(true),
                    Serving.none()))
        .isInstanceOf(IntegrityException.class)
        .hasMessageContaining("1 of its 1 objects are missing");
  }

  @Test
  void run_crashAfterServingBeforeTags_reRunConverges() throws Exception {
    twoPromotedFiles();
    Path away = tmp.resolve("registry-away.git");
    // The Git server goes away once the new version is checked out for serving: its version
    // directory is published, then the tag push fails, so current must not have been switched.
    Progress pullThePlug =
        new Progress() {
          private volatile String phase = "";

          @Override
          public void start(String name, long totalFiles, long totalBytes) {
            phase = name;
          }

          @Override
          public void advance(long files, long bytes) {}

          @Override
          public void finish() {
            if (phase.equals("checkout") && Files.exists(fx.bare)) {
              try {
                Files.move(fx.bare, away, StandardCopyOption.ATOMIC_MOVE);
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            }
          }
        };
    Store crashing = fx.store(pullThePlug);
    Rollback.Request request = Rollback.Request.toPrevious(NAME, "prod", "latency");

    assertThatThrownBy(() -> Rollback.run(crashing, request, Serving.toDir(serveDir)))
        .isInstanceOf(CairnException.class);
    assertThat(Files.exists(fx.bare)).isFalse();
    assertThat(ServeDir.current(serveDir)).contains("v0.0.2");
    assertThat(ServeDir.versions(serveDir)).contains("v0.0.1");
    Files.move(away, fx.bare, StandardCopyOption.ATOMIC_MOVE);
    assertThat(fx.inStage("prod")).isEqualTo("v0.0.2");

    Rollback.Result again = Rollback.run(fx.store(), request, Serving.toDir(serveDir));

    assertThat(again.changed()).isTrue();
    assertThat(again.fromVersion()).isEqualTo("v0.0.2");
    assertThat(again.serving().dirWritten()).isFalse();
    assertThat(fx.inStage("prod")).isEqualTo("v0.0.1");
    assertThat(ServeDir.current(serveDir)).contains("v0.0.1");
    assertThat(served("model.pkl")).isEqualTo("weights one\n");
  }

  @Test
  void servingPublish_afterPromotion_servesTheVersion() throws Exception {
    fx.registerFile("weights one\n");
    fx.assign("v0.0.1", "prod");

    Serving.Outcome outcome =
        Serving.toDir(serveDir).withKeep(2).publish(fx.store(), NAME, "v0.0.1");

    assertThat(outcome.version()).isEqualTo("v0.0.1");
    assertThat(outcome.dirVersion()).isEqualTo(serveDir.resolve("versions/v0.0.1"));
    assertThat(outcome.dirWritten()).isTrue();
    assertThat(served("model.pkl")).isEqualTo("weights one\n");
    assertThatThrownBy(() -> Serving.toDir(serveDir).publish(fx.store(), NAME, "v0.0.7"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void run_artifactInSubdirectoryDvcYaml_findsItsPointer() throws Exception {
    String name = "models:churn";
    for (String weights : List.of("sub one\n", "sub two\n")) {
      Path file = tmp.resolve("sub-src-" + weights.length() + weights.charAt(4)).resolve("m.pkl");
      RollbackFixture.write(file, weights);
      Oid oid = fx.trainerCache.hasher().hash(file);
      fx.trainerCache.add(file, oid);
      dev.cairn.core.transfer.Transfer.builder(fx.trainerCache, fx.remote)
          .build()
          .push(List.of(oid))
          .requireSuccess();
      Map<String, byte[]> files =
          Map.of(
              "models/dvc.yaml",
              "artifacts:\n  churn:\n    path: ./bin/m.pkl\n".getBytes(UTF_8),
              "models/bin/m.pkl.dvc",
              dev.cairn.core.dvc.DvcFile.of(
                      List.of(dev.cairn.core.dvc.Output.file("m.pkl", oid, weights.length())))
                  .toText()
                  .getBytes(UTF_8));
      dev.cairn.core.registry.Registry.on(fx.trainerRepo)
          .register(dev.cairn.core.registry.RegisterRequest.of(name).withFiles(files, weights));
    }
    var registry = dev.cairn.core.registry.Registry.on(fx.trainerRepo);
    registry.assign(name, "v0.0.1", "prod", null);
    registry.assign(name, "v0.0.2", "prod", null);

    Rollback.Result result =
        Rollback.run(
            fx.store(), Rollback.Request.toPrevious(name, "prod", "why"), Serving.toDir(serveDir));

    assertThat(result.toVersion()).isEqualTo("v0.0.1");
    assertThat(
            Rollback.plan(fx.store(), Rollback.Request.toVersion(name, "prod", "v0.0.2", "x"))
                .path())
        .isEqualTo("models/bin/m.pkl");
    assertThat(served("m.pkl")).isEqualTo("sub one\n");
  }

  private String commitOf(String version) {
    return fx.tags().stream()
        .filter(t -> t.name().equals(NAME + "@" + version))
        .findFirst()
        .orElseThrow()
        .targetCommit();
  }

  static String md5(String content) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("MD5").digest(content.getBytes(UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
