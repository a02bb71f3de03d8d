package dev.cairn.core.remote;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.Progress;
import dev.cairn.core.ops.Add;
import dev.cairn.core.ops.DataSync;
import dev.cairn.core.ops.Materialize;
import dev.cairn.core.ops.Workspace;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import dev.cairn.core.testing.TestTrees;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Real {@code dvc push} / {@code dvc pull} (dvc-s3 against moto, dvc-ssh against OpenSSH) and
 * Cairn's backends on the same remote: Cairn finds every object DVC pushed at DVC's keys, and DVC
 * pulls objects Cairn wrote.
 */
public class DvcRemoteInteropIT {
  @TempDir Path work;

  /** A remote as both tools see it. */
  private record Setup(
      String url,
      Map<String, String> config,
      Map<String, String> localConfig,
      Map<String, String> env,
      RemoteSpec spec) {}

  @Test
  void s3_dvcAndCairnReadEachOther() throws Exception {
    try (var moto = newMoto()) {
      String endpoint = moto.endpoint();
      try (S3Client admin =
          S3Client.builder()
              .endpointOverride(URI.create(endpoint))
              .region(Region.US_EAST_1)
              .forcePathStyle(true)
              .credentialsProvider(
                  StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
              .build()) {
        admin.createBucket(b -> b.bucket("dvc-interop"));
      }
      String url = "s3://dvc-interop/some/prefix";
      Map<String, String> config = Map.of("endpointurl", endpoint, "region", "us-east-1");
      Map<String, String> local = Map.of("access_key_id", "test", "secret_access_key", "test");
      Map<String, String> all = new HashMap<>(config);
      all.putAll(local);
      Setup setup = new Setup(url, config, local, Map.of(), RemoteSpec.of(url, all));
      roundTrip(setup);
      cairnStackRoundTrip(setup, RemoteSpec.Files.NONE);
    }
  }

  @Test
  void ssh_dvcAndCairnReadEachOther() throws Exception {
    Path serverDir = Files.createDirectories(work.resolve("sshd"));
    try (var sshd = newOpenSsh(serverDir)) {
      Path home = work.resolve("home");
      Files.createDirectories(home.resolve(".ssh"));
      Files.copy(knownHosts(sshd), home.resolve(".ssh/known_hosts"));
      String url = url(sshd, Files.createDirectories(work.resolve("ssh-remote")));
      Map<String, String> config = Map.of("keyfile", userKey(sshd).toString());
      Setup setup =
          new Setup(
              url,
              config,
              Map.of(),
              Map.of("HOME", home.toString()),
              RemoteSpec.of(url, config).withKnownHostsFile(knownHosts(sshd)));
      roundTrip(setup);
      cairnStackRoundTrip(setup, new RemoteSpec.Files(knownHosts(sshd), null, null));
    }
  }

  @Test
  void gcs_dvcAndCairnReadEachOther() throws Exception {
    try (var server =
        new dev.cairn.core.remote.gcs.FakeGcsServer(Files.createDirectories(work.resolve("gcs")))) {
      server.createBucket("dvc-interop");
      String url = "gs://dvc-interop/some/prefix";
      // both tools: a GCS-compatible endpoint, no credentials (dvc-gs passes token "anon")
      Map<String, String> config =
          Map.of("endpointurl", server.endpoint(), "allow_anonymous_login", "true");
      // gcsfs (under dvc-gs) by default first asks the Storage Control gRPC API for the bucket's
      // layout, over TLS at the endpoint, which fake-gcs-server does not serve: each call then
      // waits
      // 60 s before falling back to the JSON API. Its switch turns that experiment off.
      Map<String, String> env = Map.of("GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT", "false");
      Setup setup = new Setup(url, config, Map.of(), env, RemoteSpec.of(url, config));
      roundTrip(setup);
      cairnStackRoundTrip(setup, RemoteSpec.Files.NONE);
    }
  }

  @Test
  void azure_dvcAndCairnReadEachOther() throws Exception {
    try (var server =
        new dev.cairn.core.remote.azure.AzuriteServer(
            Files.createDirectories(work.resolve("azurite")))) {
      server.createContainer("dvc-interop");
      String url = "azure://dvc-interop/some/prefix";
      // the connection string is a secret: config.local, as DVC documents
      Map<String, String> local = Map.of("connection_string", server.connectionString());
      Setup setup = new Setup(url, Map.of(), local, Map.of(), RemoteSpec.of(url, local));
      roundTrip(setup);
      cairnStackRoundTrip(setup, RemoteSpec.Files.NONE);
    }
  }

  private void roundTrip(Setup setup) throws Exception {
    Path dvc = InteropTools.require("dvc");
    // 1. DVC pushes a small repo: a directory (with a nested file) and a single file.
    Path repo = Files.createDirectories(work.resolve("repo"));
    Files.createDirectories(repo.resolve("data/nested"));
    Files.writeString(repo.resolve("data/a.csv"), "id,value\n1,2\n");
    Files.writeString(repo.resolve("data/nested/b.txt"), "bee\n");
    Files.write(repo.resolve("model.bin"), new byte[] {0, 1, 2, 3, (byte) 0xff});
    initRepo(dvc, repo, setup);
    run(dvc, repo, setup, "add", "data");
    run(dvc, repo, setup, "add", "model.bin");
    run(dvc, repo, setup, "push");

    Set<String> dvcKeys;
    Path cache = repo.resolve(".dvc/cache");
    try (Stream<Path> files = Files.walk(cache.resolve("files/md5"))) {
      dvcKeys =
          files
              .filter(Files::isRegularFile)
              .map(p -> cache.relativize(p).toString())
              .collect(Collectors.toSet());
    }
    assertThat(dvcKeys).hasSize(4).anyMatch(k -> k.endsWith(".dir"));

    try (Remote remote = Remotes.open(setup.spec())) {
      // 2. Cairn finds every object at the keys DVC used, and reads the same bytes.
      assertThat(remote.existing(dvcKeys)).containsExactlyInAnyOrderElementsOf(dvcKeys);
      for (String key : dvcKeys) {
        assertThat(remote.existing(List.of(key))).containsExactly(key);
        try (InputStream in = remote.open(key)) {
          assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(cache.resolve(key)));
        }
      }
      Set<String> listed = new HashSet<>();
      ((SupportsListing) remote).list("files/md5/", listed::add);
      assertThat(listed).containsExactlyInAnyOrderElementsOf(dvcKeys);

      // 3. Cairn writes a directory and a file; DVC pulls them through hand-written pointers.
      byte[] one = "written by cairn\n".getBytes(UTF_8);
      byte[] two = "second file\n".getBytes(UTF_8);
      byte[] single = "a single file from cairn\n".getBytes(UTF_8);
      String md5One = md5(one);
      String md5Two = md5(two);
      byte[] dir =
          ("[{\"md5\": \""
                  + md5One
                  + "\", \"relpath\": \"one.txt\"}, {\"md5\": \""
                  + md5Two
                  + "\", \"relpath\": \"sub/two.txt\"}]")
              .getBytes(UTF_8);
      String dirOid = md5(dir) + ".dir";
      remote.put(key(md5One), Files.write(work.resolve("one"), one));
      remote.put(key(md5Two), Files.write(work.resolve("two"), two));
      remote.put(key(dirOid), Files.write(work.resolve("dir"), dir));
      remote.put(key(md5(single)), Files.write(work.resolve("single"), single));

      Path clone = Files.createDirectories(work.resolve("clone"));
      initRepo(dvc, clone, setup);
      Files.writeString(
          clone.resolve("fromcairn.dvc"),
          "outs:\n- md5: "
              + dirOid
              + "\n  size: "
              + (one.length + two.length)
              + "\n  nfiles: 2\n  hash: md5\n  path: fromcairn\n");
      Files.writeString(
          clone.resolve("single.txt.dvc"),
          "outs:\n- md5: "
              + md5(single)
              + "\n  size: "
              + single.length
              + "\n  hash: md5\n  path: single.txt\n");
      run(dvc, clone, setup, "pull");
      assertThat(clone.resolve("fromcairn/one.txt")).hasBinaryContent(one);
      assertThat(clone.resolve("fromcairn/sub/two.txt")).hasBinaryContent(two);
      assertThat(clone.resolve("single.txt")).hasBinaryContent(single);
    }
  }

  /**
   * The whole Cairn stack (add, push with the transfer engine, fetch, checkout) against the same
   * remote as the real dvc: dvc push then Cairn pull, and Cairn push then dvc pull.
   */
  private void cairnStackRoundTrip(Setup setup, RemoteSpec.Files files) throws Exception {
    Path dvc = InteropTools.require("dvc");
    Path dvcRepo = Files.createDirectories(work.resolve("stack-dvc"));
    initRepo(dvc, dvcRepo, setup);
    TestTrees.awkward(dvcRepo.resolve("fromdvc"), 300, 6 * 1024 * 1024 + 17, 21);
    run(dvc, dvcRepo, setup, "add", "fromdvc");
    run(dvc, dvcRepo, setup, "push");

    Path cairnRepo = Files.createDirectories(work.resolve("stack-cairn"));
    Workspace.init(cairnRepo).close();
    for (String name : List.of("config", "config.local")) {
      Path source = dvcRepo.resolve(".dvc").resolve(name);
      if (Files.exists(source)) {
        Files.copy(source, cairnRepo.resolve(".dvc").resolve(name), REPLACE_EXISTING);
      }
    }
    Files.copy(dvcRepo.resolve("fromdvc.dvc"), cairnRepo.resolve("fromdvc.dvc"));
    DataSync.Options options = DataSync.Options.defaults().withFiles(files);
    try (Workspace workspace = Workspace.open(cairnRepo)) {
      DataSync.fetch(workspace, List.of(), options);
      Materialize.run(workspace, List.of(), false, Progress.NONE);
      assertThat(contents(cairnRepo.resolve("fromdvc")))
          .isEqualTo(contents(dvcRepo.resolve("fromdvc")));

      TestTrees.awkward(cairnRepo.resolve("fromcairn"), 250, 7 * 1024 * 1024 + 3, 22);
      Add.run(workspace, List.of(cairnRepo.resolve("fromcairn")), Progress.NONE);
      DataSync.Summary pushed = DataSync.push(workspace, List.of(), options);
      assertThat(pushed.transferred()).isGreaterThan(250);
      assertThat(DataSync.push(workspace, List.of(), options).transferred()).isZero();
    }
    Files.copy(cairnRepo.resolve("fromcairn.dvc"), dvcRepo.resolve("fromcairn.dvc"));
    run(dvc, dvcRepo, setup, "pull", "fromcairn.dvc");
    assertThat(contents(dvcRepo.resolve("fromcairn")))
        .isEqualTo(contents(cairnRepo.resolve("fromcairn")));
    assertThat(run(dvc, dvcRepo, setup, "status", "--cloud", "--json").stdout().strip())
        .isEqualTo("{}");
  }

  private static Map<String, String> contents(Path root) throws Exception {
    Map<String, String> result = new java.util.TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        result.put(root.relativize(file).toString(), md5(Files.readAllBytes(file)));
      }
    }
    return result;
  }

  private static void initRepo(Path dvc, Path repo, Setup setup) {
    run(dvc, repo, setup, "init", "--no-scm");
    run(dvc, repo, setup, "remote", "add", "-d", "storage", setup.url());
    setup.config().forEach((k, v) -> run(dvc, repo, setup, "remote", "modify", "storage", k, v));
    setup
        .localConfig()
        .forEach((k, v) -> run(dvc, repo, setup, "remote", "modify", "--local", "storage", k, v));
  }

  private static ProcessRunner.Result run(Path dvc, Path dir, Setup setup, String... args) {
    List<String> command = new ArrayList<>();
    command.add(dvc.toString());
    command.addAll(List.of(args));
    return ProcessRunner.run(dir, command, setup.env()).assertOk();
  }

  private static String key(String oid) {
    return "files/md5/" + oid.substring(0, 2) + "/" + oid.substring(2);
  }

  private static String md5(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
  }

  // The servers live in the backends' test packages; reach them through small bridges.
  private AutoCloseableMoto newMoto() throws Exception {
    return dev.cairn.core.remote.s3.InteropServers.moto(work);
  }

  private AutoCloseableSshd newOpenSsh(Path dir) throws Exception {
    return dev.cairn.core.remote.sftp.InteropServers.openSsh(dir);
  }

  private static Path knownHosts(AutoCloseableSshd sshd) {
    return sshd.knownHosts();
  }

  private static Path userKey(AutoCloseableSshd sshd) {
    return sshd.userKey();
  }

  private static String url(AutoCloseableSshd sshd, Path root) {
    return sshd.url(root);
  }

  /** A running moto server. */
  public interface AutoCloseableMoto extends AutoCloseable {
    String endpoint();
  }

  /** A running OpenSSH server. */
  public interface AutoCloseableSshd extends AutoCloseable {
    Path knownHosts();

    Path userKey();

    String url(Path root);
  }
}
