package dev.cairn.core.transfer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.odb.Checkout;
import dev.cairn.core.odb.CheckoutOptions;
import dev.cairn.core.odb.CheckoutResult;
import dev.cairn.core.odb.LinkType;
import dev.cairn.core.odb.WorkspaceHasher;
import dev.cairn.core.remote.LocalDirRemoteFake;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code dvc} pulls what Cairn pushed (DVC 3 and legacy layouts), and Cairn fetches and
 * checks out what {@code dvc} pushed, through the same local directory remote.
 */
class CacheTransferInteropIT {
  @TempDir Path tmp;
  private Path dvc;
  private Path remoteDir;

  @BeforeEach
  void tools() {
    dvc = InteropTools.require("dvc");
    remoteDir = tmp.resolve("remote");
  }

  private ProcessRunner.Result dvc(Path repo, String... args) {
    List<String> command = new ArrayList<>();
    command.add(dvc.toString());
    command.addAll(List.of(args));
    return ProcessRunner.run(repo, command).assertOk();
  }

  private Path dvcRepo(String name) throws IOException {
    Path repo = Files.createDirectories(tmp.resolve(name));
    dvc(repo, "init", "--no-scm", "-q");
    dvc(repo, "remote", "add", "-d", "store", remoteDir.toString());
    return repo;
  }

  private static Map<String, String> contents(Path dir) throws IOException {
    Map<String, String> result = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        result.put(dir.relativize(path).toString(), Files.readString(path, UTF_8));
      }
    }
    return result;
  }

  private static Map<String, String> sampleData() {
    Map<String, String> files = new TreeMap<>();
    files.put("train.csv", "a,b\n1,2\n");
    files.put("nested/deeper/x.txt", "x");
    files.put("nested/y.txt", "y\n");
    files.put("sp ace é.txt", "unicode name");
    files.put("empty", "");
    return files;
  }

  private static void writeAll(Path dir, Map<String, String> files) throws IOException {
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue(), UTF_8);
    }
  }

  @Test
  void dvcPull_readsWhatCairnPushed() throws IOException {
    Path data = tmp.resolve("cairn-ws/data");
    writeAll(data, sampleData());
    Cache cache = Cache.at(tmp.resolve("cairn-cache"));
    WorkspaceHasher hasher = cache.hasher();
    List<Tree.Entry> entries = new ArrayList<>();
    long size = 0;
    for (Map.Entry<String, String> file : sampleData().entrySet()) {
      Path path = data.resolve(file.getKey());
      Oid oid = hasher.hash(path);
      cache.add(path, oid);
      entries.add(new Tree.Entry(file.getKey(), oid));
      size += Files.size(path);
    }
    Oid dir = cache.addTree(Tree.of(entries));
    try (Remote remote = new LocalDirRemoteFake(remoteDir)) {
      Transfer.builder(cache, remote).build().push(List.of(dir)).requireSuccess();
    }

    Path repo = dvcRepo("dvc-repo");
    Files.writeString(
        repo.resolve("data.dvc"),
        "outs:\n- md5: "
            + dir
            + "\n  size: "
            + size
            + "\n  nfiles: "
            + entries.size()
            + "\n  hash: md5\n  path: data\n");
    dvc(repo, "pull");

    assertThat(contents(repo.resolve("data"))).isEqualTo(sampleData());
    String status = dvc(repo, "status", "--cloud").stdout();
    assertThat(status).contains("in sync");

    // Cairn reads DVC's own cache as written by that pull.
    Cache dvcCache = Cache.at(repo.resolve(".dvc/cache"));
    assertThat(dvcCache.loadTree(dir)).isEqualTo(Tree.of(entries));
    for (Tree.Entry entry : entries) {
      dvcCache.verify(entry.oid());
    }
  }

  @Test
  void cairnFetchAndCheckout_readWhatDvcPushed() throws IOException {
    Path repo = dvcRepo("dvc-repo");
    writeAll(repo.resolve("data"), sampleData());
    dvc(repo, "add", "-q", "data");
    dvc(repo, "push", "-q");
    Matcher md5 =
        Pattern.compile("md5: ([0-9a-f]{32}\\.dir)")
            .matcher(Files.readString(repo.resolve("data.dvc")));
    assertThat(md5.find()).isTrue();
    Oid dir = Oid.parse(md5.group(1));

    Cache cache = Cache.at(tmp.resolve("cairn-cache"), List.of(LinkType.HARDLINK, LinkType.COPY));
    try (Remote remote = new LocalDirRemoteFake(remoteDir)) {
      Transfer transfer = Transfer.builder(cache, remote).build();
      TransferResult fetched = transfer.fetch(List.of(dir)).requireSuccess();
      assertThat(fetched.transferred()).isEqualTo(sampleData().size() + 1);
      // dvc pushed the .dir and every file: a Cairn push has nothing to do and says so cheaply
      assertThat(transfer.push(List.of(dir)).transferred()).isZero();
    }
    Path target = tmp.resolve("cairn-ws/data");
    CheckoutResult result =
        new Checkout(cache, cache.hasher()).checkout(dir, target, CheckoutOptions.DEFAULT);

    assertThat(result.added()).isEqualTo(sampleData().size());
    assertThat(contents(target)).isEqualTo(sampleData());
  }

  @Test
  void dvcPull_readsALegacyOutputCairnPushedToTheRootLayout() throws IOException {
    String crlf = "line one\r\nline two\r\n";
    Path file = tmp.resolve("cairn-ws/notes.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, crlf, UTF_8);
    Cache legacy = Cache.at(tmp.resolve("cairn-cache")).legacy();
    Oid oid = legacy.hasher().hash(file);
    legacy.add(file, oid);
    try (Remote remote = new LocalDirRemoteFake(remoteDir)) {
      Transfer.builder(legacy, remote).build().push(List.of(oid)).requireSuccess();
    }
    assertThat(remoteDir.resolve(oid.shardedPath())).exists();

    Path repo = dvcRepo("dvc-repo");
    // A DVC 2 pointer: no "hash: md5", so DVC uses md5-dos2unix and the legacy layout.
    Files.writeString(
        repo.resolve("notes.txt.dvc"),
        "outs:\n- md5: " + oid + "\n  size: " + Files.size(file) + "\n  path: notes.txt\n");
    dvc(repo, "pull");

    assertThat(Files.readString(repo.resolve("notes.txt"), UTF_8)).isEqualTo(crlf);
  }

  @Test
  void cairnCheckout_fromDvcCache_isCleanForDvcAndRefusesLikeDvc() throws IOException {
    Path repo = dvcRepo("dvc-repo");
    writeAll(repo.resolve("data"), sampleData());
    dvc(repo, "add", "-q", "data");
    Matcher md5 =
        Pattern.compile("md5: ([0-9a-f]{32}\\.dir)")
            .matcher(Files.readString(repo.resolve("data.dvc")));
    assertThat(md5.find()).isTrue();
    Oid dir = Oid.parse(md5.group(1));
    Cache dvcCache = Cache.at(repo.resolve(".dvc/cache"));
    Checkout checkout = new Checkout(dvcCache, dvcCache.hasher());

    // what dvc checked out, Cairn finds unchanged
    assertThat(checkout.checkout(dir, repo.resolve("data"), CheckoutOptions.DEFAULT).unchanged())
        .isEqualTo(sampleData().size());

    // an untracked file: both refuse without force
    Files.writeString(repo.resolve("data/untracked.txt"), "not saved");
    ProcessRunner.Result dvcRefusal =
        ProcessRunner.run(repo, List.of(dvc.toString(), "checkout", "data"));
    assertThat(dvcRefusal.exitCode()).isNotZero();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> checkout.checkout(dir, repo.resolve("data"), CheckoutOptions.DEFAULT))
        .isInstanceOf(dev.cairn.core.InvalidInputException.class)
        .hasMessageContaining("untracked.txt");
    assertThat(repo.resolve("data/untracked.txt")).exists();

    // Cairn's forced checkout of a damaged workspace leaves what dvc calls up to date
    Files.delete(repo.resolve("data/nested/y.txt"));
    Files.writeString(repo.resolve("data/train.csv"), "edited");
    CheckoutResult result =
        checkout.checkout(dir, repo.resolve("data"), CheckoutOptions.DEFAULT.withForce(true));
    assertThat(result).isEqualTo(new CheckoutResult(1, 1, 1, sampleData().size() - 2));
    assertThat(contents(repo.resolve("data"))).isEqualTo(sampleData());
    assertThat(dvc(repo, "status").stdout()).contains("up to date");
  }
}
