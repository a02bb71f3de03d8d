package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.IntegrityException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.Remotes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeUriTest {
  @TempDir Path tmp;
  private RollbackFixture fx;
  private Path servingDir;
  private Remote target;

  @BeforeEach
  void setUp() {
    fx = new RollbackFixture(tmp);
    servingDir = tmp.resolve("serving");
    target = Remotes.open(servingDir.toString(), Map.of());
  }

  @AfterEach
  void tearDown() throws Exception {
    target.close();
    fx.close();
  }

  @Test
  void publish_directoryVersion_uploadsFromCache_thenSkipsWhatIsThere() throws Exception {
    String version = fx.registerDir(Map.of("weights.bin", "w1", "conf/params.json", "{}"));
    Oid oid = fx.oidOf(version);
    Store store = fx.store();

    ServeUri.Published first = ServeUri.publish(store, fx.trainerCache, oid, "", target, version);

    assertThat(first.written()).isEqualTo(2);
    assertThat(first.skipped()).isZero();
    assertThat(first.serverSideCopy()).isFalse();
    assertThat(first.prefix()).endsWith("/" + version);
    assertThat(Files.readString(servingDir.resolve(version + "/weights.bin"), UTF_8))
        .isEqualTo("w1");
    assertThat(Files.readString(servingDir.resolve(version + "/conf/params.json"), UTF_8))
        .isEqualTo("{}");

    ServeUri.Published again = ServeUri.publish(store, fx.trainerCache, oid, "", target, version);
    assertThat(again.written()).isZero();
    assertThat(again.skipped()).isEqualTo(2);

    Files.delete(servingDir.resolve(version + "/weights.bin"));
    ServeUri.Published repaired =
        ServeUri.publish(store, fx.trainerCache, oid, "", target, version);
    assertThat(repaired.written()).isEqualTo(1);
    assertThat(Files.readString(servingDir.resolve(version + "/weights.bin"), UTF_8))
        .isEqualTo("w1");
  }

  @Test
  void publish_fileVersion_goesUnderItsFileName() throws Exception {
    String version = fx.registerFile("pickle\n");

    ServeUri.publish(fx.store(), fx.trainerCache, fx.oidOf(version), "model.pkl", target, version);

    assertThat(Files.readString(servingDir.resolve(version + "/model.pkl"), UTF_8))
        .isEqualTo("pickle\n");
  }

  @Test
  void publish_corruptCachedObject_isNotUploaded() throws Exception {
    String version = fx.registerFile("pickle\n");
    Oid oid = fx.oidOf(version);
    Path cached = fx.trainerCache.path(oid);
    cached.toFile().setWritable(true);
    Files.writeString(cached, "garbage", UTF_8);

    assertThatThrownBy(
            () -> ServeUri.publish(fx.store(), fx.trainerCache, oid, "model.pkl", target, version))
        .isInstanceOf(IntegrityException.class);
    assertThat(Files.exists(servingDir.resolve(version + "/model.pkl"))).isFalse();
  }

  @Test
  void servingPublish_toUriAndDir_fetchesFromTheDataRemote() throws Exception {
    String version = fx.registerDir(Map.of("weights.bin", "w1", "conf/params.json", "{}"));
    Path serveDir = tmp.resolve("serve-dir");
    Serving serving =
        Serving.toDir(serveDir).withUri(RemoteSpec.of(tmp.resolve("serving2").toString()));

    Serving.Outcome outcome = serving.publish(fx.store(), RollbackFixture.NAME, version);

    assertThat(outcome.uriWritten()).isEqualTo(2);
    assertThat(outcome.uriPrefix()).endsWith("/serving2/" + version);
    assertThat(outcome.serverSideCopy()).isFalse();
    assertThat(outcome.dirWritten()).isTrue();
    assertThat(Files.readString(tmp.resolve("serving2/" + version + "/weights.bin"), UTF_8))
        .isEqualTo("w1");
    assertThat(Files.readString(serveDir.resolve("current/conf/params.json"), UTF_8))
        .isEqualTo("{}");
  }
}
