package dev.cairn.core.dvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DvcLockTest {
  @TempDir Path tmp;

  private static final String YAML =
      """
      stages:
        prep:
          cmd: mkdir -p out/dir && cp data/raw.csv out/prep.csv && echo q >
            out/dir/q.txt
          deps:
          - data/raw.csv
          outs:
          - out/dir
          - out/prep.csv
        train:
          cmd: echo m > model.pkl
          wdir: sub
          outs:
          - model.pkl
          - nocache.txt:
              cache: false
          - persist.txt:
              cache: false
              persist: true
          metrics:
          - metrics.json:
              cache: false
        gen:
          foreach: [a, b]
          do:
            cmd: echo ${item} > gen/${item}.txt
            outs:
            - gen/${item}.txt:
                push: false
      """;

  private static final String LOCK =
      """
      schema: '2.0'
      stages:
        prep:
          cmd: mkdir -p out/dir && cp data/raw.csv out/prep.csv && echo q >
            out/dir/q.txt
          deps:
          - path: data/raw.csv
            hash: md5
            md5: 2306b4377429730ee03a806cff76e92b
            size: 4
          outs:
          - path: out/dir
            hash: md5
            md5: ecc76ff7ee1f11daa12c6e17001b8b35.dir
            size: 2
            nfiles: 1
          - path: out/prep.csv
            hash: md5
            md5: 2306b4377429730ee03a806cff76e92b
            size: 4
        train:
          cmd: echo m > model.pkl
          outs:
          - path: metrics.json
            hash: md5
            md5: 28e1087a118e94a5cef90f2dde10d7f0
            size: 10
          - path: model.pkl
            hash: md5
            md5: 69b64623f86def16ce17d454b8be41ae
            size: 2
          - path: nocache.txt
            hash: md5
            md5: fe13119fb084fe8bbf5fe3ab7cc89b3b
            size: 2
          - path: persist.txt
            hash: md5
            md5: 9d7bf075372908f55e2d945c39e0a613
            size: 2
        gen@a:
          cmd: echo a > gen/a.txt
          outs:
          - path: gen/a.txt
            hash: md5
            md5: 60b725f10c9c85c70d97880dfe8191b3
            size: 2
      """;

  private Path pipeline(String yaml, @org.jspecify.annotations.Nullable String lock)
      throws IOException {
    Path file = tmp.resolve("dvc.yaml");
    Files.writeString(file, yaml);
    if (lock != null) {
      Files.writeString(tmp.resolve("dvc.lock"), lock);
    }
    return file;
  }

  @Test
  void outputs_realLockFile_givesEveryLockedOutputWithItsDvcYamlFlags() throws IOException {
    List<Output> outs = DvcLock.outputs(pipeline(YAML, LOCK));

    assertThat(outs)
        .extracting(Output::path)
        .containsExactly(
            "out/dir",
            "out/prep.csv",
            "sub/metrics.json",
            "sub/model.pkl",
            "sub/nocache.txt",
            "sub/persist.txt",
            "gen/a.txt");
    assertThat(java.util.Objects.requireNonNull(outs.get(0).oid()).value())
        .isEqualTo("ecc76ff7ee1f11daa12c6e17001b8b35.dir");
    assertThat(outs.get(0).nfiles()).isEqualTo(1L);
    assertThat(outs.get(0).legacy()).isFalse();
    assertThat(outs.get(2).fields()).containsEntry("cache", false);
    assertThat(outs.get(3).fields()).isEmpty();
    assertThat(outs.get(5).fields()).containsEntry("cache", false).containsEntry("persist", true);
    assertThat(outs.get(6).fields()).containsEntry("push", false);
  }

  @Test
  void outputs_withoutLockFile_isEmpty() throws IOException {
    assertThat(DvcLock.outputs(pipeline(YAML, null))).isEmpty();
  }

  @Test
  void outputs_dvc1LockWithoutSchema_readsStagesAtTheTopAsLegacy() throws IOException {
    String lock =
        "prep:\n  cmd: x\n  outs:\n  - path: a.csv\n    md5: 2306b4377429730ee03a806cff76e92b\n";
    List<Output> outs = DvcLock.outputs(pipeline("stages:\n  prep:\n    cmd: x\n", lock));
    assertThat(outs).singleElement().satisfies(o -> assertThat(o.legacy()).isTrue());
  }

  @Test
  void outputs_templatedWdir_isRefusedNamingTheStage() throws IOException {
    String yaml = "stages:\n  gen:\n    foreach: [a]\n    do:\n      wdir: ${item}\n      cmd: x\n";
    String lock = "schema: '2.0'\nstages:\n  gen@a:\n    cmd: x\n    outs: []\n";
    assertThatThrownBy(() -> DvcLock.outputs(pipeline(yaml, lock)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("stage 'gen@a' has a templated wdir");
  }

  @Test
  void outputs_malformedLock_saysWhichFile() throws IOException {
    assertThatThrownBy(() -> DvcLock.outputs(pipeline(YAML, "stages: [")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot read dvc.lock: ");
  }
}
