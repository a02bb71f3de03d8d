package dev.cairn.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data commands end to end on a local-directory remote, and every bad-input and fault case of
 * the foundation issue: exit code, one-line message, and nothing changed.
 */
class DataCommandsIT {
  @TempDir Path tmp;
  private Path repo;
  private Path remote;

  @BeforeEach
  void setUp() throws IOException {
    repo = Files.createDirectories(tmp.resolve("repo"));
    remote = tmp.resolve("remote");
    Cli.run(repo, "init").assertOk();
    Cli.run(repo, "remote add", "-d", "store", remote.toString()).assertOk();
    Path data = Files.createDirectories(repo.resolve("data/sub"));
    Files.writeString(data.resolve("a.txt"), "alpha\n", UTF_8);
    Files.writeString(repo.resolve("data/b.txt"), "beta\n", UTF_8);
  }

  @Test
  void addPushPull_roundTripsThroughTheRemote_andSecondPushIsANoOp() throws IOException {
    Cli.run(repo, "add", "data").assertOk();
    Map<String, String> before = snapshot(repo.resolve("data"));
    Cli.run(repo, "push").assertOk();
    assertThat(Cli.run(repo, "push").assertOk().out()).contains("up to date");
    deleteTree(repo.resolve(".dvc/cache"));
    deleteTree(repo.resolve("data"));
    assertThat(Cli.run(repo, "status").assertOk().out()).contains("not in cache: data");
    Cli.run(repo, "pull").assertOk();
    assertThat(snapshot(repo.resolve("data"))).isEqualTo(before);
    assertThat(Cli.run(repo, "status").assertOk().out()).contains("up to date");
    assertThat(Cli.run(repo, "status", "-c").assertOk().out()).contains("in sync");
  }

  @Test
  void add_unchangedData_writesNothingNew() throws IOException {
    Cli.run(repo, "add", "data").assertOk();
    String pointer = Files.readString(repo.resolve("data.dvc"), UTF_8);
    Cli.Run again = Cli.run(repo, "add", "data").assertOk();
    assertThat(again.out()).startsWith("Unchanged data.dvc");
    assertThat(repo.resolve("data.dvc")).hasContent(pointer.strip());
  }

  @Test
  void add_pathOutsideTheRepository_exits2() throws IOException {
    Path outside = Files.writeString(tmp.resolve("outside.txt"), "x", UTF_8);
    assertFailsCleanly(2, "outside the repository", "add", outside.toString());
  }

  @Test
  void push_zeroJobs_exits2WithOneLine() throws IOException {
    Cli.run(repo, "add", "data").assertOk();
    assertFailsCleanly(
        2,
        "Cannot use --jobs -1: give a number from 1 to 1024, or 0 for 4 x cores",
        "push",
        "-j",
        "-1");
  }

  @Test
  void remoteAdd_anExistingName_isRefusedUnlessForced_andABrokenUrlIsRefused() throws IOException {
    Cli.run(repo, "remote add", "backup", "s3://my_bucket/dvc").assertOk();
    String config = Files.readString(repo.resolve(".dvc/config"), UTF_8);

    assertFailsCleanly(
        2, "Cannot add remote 'backup': it exists already", "remote add", "backup", "/elsewhere");
    assertThat(repo.resolve(".dvc/config")).hasContent(config.strip());
    assertFailsCleanly(2, "not a valid URL", "remote add", "v6", "ssh://[::1");
    Cli.run(repo, "remote add", "--force", "backup", "s3://other/dvc").assertOk();
    assertThat(Files.readString(repo.resolve(".dvc/config"), UTF_8)).contains("s3://other/dvc");
  }

  @Test
  void add_missingPath_exits2() throws IOException {
    assertFailsCleanly(2, "no such file or directory", "add", "nope");
  }

  @Test
  void push_withoutAnyRemote_exits3_andSaysHowToAddOne() throws IOException {
    Path bare = Files.createDirectories(tmp.resolve("bare"));
    Cli.run(bare, "init").assertOk();
    Files.writeString(bare.resolve("f.txt"), "f", UTF_8);
    Cli.run(bare, "add", "f.txt").assertOk();
    Cli.Run run = Cli.run(bare, "push");
    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("core.remote is not set").contains("remote");
  }

  @Test
  void push_mistypedRemoteName_exits3_andListsTheConfiguredOnes() throws IOException {
    Cli.run(repo, "add", "data").assertOk();
    Cli.Run run = assertFailsCleanly(3, "Cannot find DVC remote: stroe", "push", "-r", "stroe");
    assertThat(run.err()).contains("store");
  }

  @Test
  void pull_malformedPointer_exits2_namingTheFile() throws IOException {
    Files.writeString(repo.resolve("bad.dvc"), "outs:\n- md5: [unclosed\n", UTF_8);
    assertFailsCleanly(2, "bad.dvc", "pull");
  }

  @Test
  void checkout_unknownHashName_exits2() throws IOException {
    Files.writeString(
        repo.resolve("x.dvc"),
        "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: sha256\n  path: x\n",
        UTF_8);
    assertFailsCleanly(2, "sha256", "checkout");
  }

  @Test
  void checkout_corruptDirObjectInCache_exits5() throws IOException {
    Cli.run(repo, "add", "data").assertOk();
    deleteTree(repo.resolve("data"));
    Path dirObject = findObject(repo.resolve(".dvc/cache"), ".dir");
    Files.setPosixFilePermissions(dirObject, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(dirObject, "not json", UTF_8);
    assertFailsCleanly(5, "corrupt", "checkout");
    assertThat(repo.resolve("data")).doesNotExist();
  }

  @Test
  void pull_corruptRemoteObject_exits5_andNothingReachesCacheOrWorkspace() throws IOException {
    Cli.run(repo, "add", "data").assertOk();
    Cli.run(repo, "push").assertOk();
    deleteTree(repo.resolve(".dvc/cache"));
    deleteTree(repo.resolve("data"));
    Path object = remote.resolve("files/md5/9f/9f90dbe3e5ee1218c86b8839db1995"); // md5 of "alpha\n"
    assertThat(object).exists();
    Files.setPosixFilePermissions(object, PosixFilePermissions.fromString("rw-r--r--"));
    Files.writeString(object, "tampered\n", UTF_8);
    Cli.Run run = Cli.run(repo, "pull");
    assertThat(run.exitCode()).isEqualTo(5);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(repo.resolve(".dvc/cache/files/md5/9f/9f90dbe3e5ee1218c86b8839db1995"))
        .doesNotExist();
    assertThat(repo.resolve("data")).doesNotExist();
  }

  @Test
  void pull_objectMissingOnRemote_exits5_namingIt() throws IOException {
    Cli.run(repo, "add", "data").assertOk();
    Cli.run(repo, "push").assertOk();
    deleteTree(repo.resolve(".dvc/cache"));
    Files.delete(remote.resolve("files/md5/9f/9f90dbe3e5ee1218c86b8839db1995"));
    Cli.Run run = Cli.run(repo, "pull");
    assertThat(run.exitCode()).isEqualTo(5);
    assertThat(run.err())
        .contains("files/md5/9f/9f90dbe3e5ee1218c86b8839db1995")
        .contains("not on");
  }

  @Test
  void checkout_wouldDeleteAnUnsavedFile_exits2_thenForceDeletesIt() throws IOException {
    Cli.run(repo, "add", "data").assertOk();
    Files.writeString(repo.resolve("data/unsaved.txt"), "precious", UTF_8);
    assertFailsCleanly(2, "unsaved.txt", "checkout");
    assertThat(repo.resolve("data/unsaved.txt")).exists();
    Cli.run(repo, "checkout", "--force").assertOk();
    assertThat(repo.resolve("data/unsaved.txt")).doesNotExist();
  }

  @Test
  void add_cacheDirThatCannotBeCreated_exits3() throws IOException {
    Files.writeString(repo.resolve("blocker"), "a file, not a directory", UTF_8);
    Files.writeString(
        repo.resolve(".dvc/config.local"), "[cache]\n    dir = ../blocker/cache\n", UTF_8);
    assertFailsCleanly(3, "blocker", "add", "data");
  }

  @Test
  void hash_printsDvcIdsForFileAndDirectory() {
    assertThat(Cli.run(repo, "hash", "data/b.txt").assertOk().out().strip())
        .isEqualTo(md5Of("beta\n"));
    assertThat(Cli.run(repo, "hash", "data").assertOk().out().strip()).endsWith(".dir");
    assertThat(Cli.run(repo, "hash", "data", "--json").assertOk().out()).contains("\"nfiles\": 2");
  }

  /** Runs a failing command and checks exit code, a single error line, and an unchanged repo. */
  private Cli.Run assertFailsCleanly(int exitCode, String messagePart, String... command)
      throws IOException {
    Map<String, String> repoBefore = snapshot(repo);
    Map<String, String> remoteBefore = Files.exists(remote) ? snapshot(remote) : Map.of();
    Cli.Run run =
        Cli.run(repo, command[0], java.util.Arrays.copyOfRange(command, 1, command.length));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
    assertThat(run.err().lines()).hasSize(1);
    assertThat(run.err()).startsWith("error: ").contains(messagePart);
    assertThat(snapshot(repo)).isEqualTo(repoBefore);
    assertThat(Files.exists(remote) ? snapshot(remote) : Map.of()).isEqualTo(remoteBefore);
    return run;
  }

  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : (Iterable<Path>) walk::iterator) {
        String key = root.relativize(path).toString();
        if (key.contains(".cairn-state")) {
          continue;
        }
        files.put(key, Files.isRegularFile(path) ? md5Of(Files.readAllBytes(path)) : "dir");
      }
    }
    return files;
  }

  private static Path findObject(Path cache, String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(cache)) {
      return walk.filter(p -> p.toString().endsWith(suffix)).findFirst().orElseThrow();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        path.toFile().setWritable(true);
        Files.delete(path);
      }
    }
  }

  private static String md5Of(String text) {
    return md5Of(text.getBytes(UTF_8));
  }

  private static String md5Of(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
