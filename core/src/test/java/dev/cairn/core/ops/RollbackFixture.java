package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.core.Progress;
import dev.cairn.core.dvc.DvcFile;
import dev.cairn.core.dvc.Output;
import dev.cairn.core.git.GitRemoteOptions;
import dev.cairn.core.git.GitRepo;
import dev.cairn.core.git.GitTag;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.StateCache;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.registry.RegisterRequest;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.Remotes;
import dev.cairn.core.transfer.Transfer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;

/**
 * A registry in a local bare Git repository and a data remote in a local directory. "Training"
 * registers versions as a train step would: objects into a trainer cache, pushed with {@link
 * Transfer}, {@code dvc.yaml} plus the {@code .dvc} committed with {@link Registry#register}. Each
 * {@link #store} is a fresh pod: its own Git mirror and an empty cache.
 */
final class RollbackFixture implements AutoCloseable {
  static final String NAME = "churn-model";

  final Path tmp;
  final Path bare;
  final Path remoteDir;
  final Remote remote;
  final Cache trainerCache;
  final GitRepo trainerRepo;
  private final List<AutoCloseable> open = new ArrayList<>();
  private int counter;

  RollbackFixture(Path tmp) {
    this.tmp = tmp;
    this.bare = tmp.resolve("registry.git");
    try {
      Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
    } catch (org.eclipse.jgit.api.errors.GitAPIException e) {
      throw new IllegalStateException(e);
    }
    this.remoteDir = tmp.resolve("remote");
    this.remote = Remotes.open(remoteDir.toString(), Map.of());
    this.trainerCache = Cache.at(tmp.resolve("trainer-cache"));
    this.trainerRepo = connect("trainer-git");
  }

  GitRepo connect(String workDir) {
    GitRepo repo =
        GitRepo.connect(
            GitRemoteOptions.builder()
                .url(bare.toUri().toString())
                .workDir(tmp.resolve(workDir))
                .build());
    open.add(repo);
    return repo;
  }

  /** A new pod: its own Git mirror and cache, the shared data remote. */
  Store store() {
    return store(Progress.NONE);
  }

  Store store(Progress progress) {
    int n = ++counter;
    Store store =
        new Store(
            connect("pod-git-" + n),
            remoteDir.toString(),
            remote,
            Cache.at(tmp.resolve("pod-cache-" + n)),
            StateCache.inMemory(),
            4,
            progress);
    open.add(store.state());
    return store;
  }

  /** Registers a single-file model {@code models/model.pkl}; returns the version. */
  String registerFile(String content) {
    Path file = tmp.resolve("src-" + (++counter)).resolve("model.pkl");
    write(file, content);
    Oid oid = trainerCache.hasher().hash(file);
    trainerCache.add(file, oid);
    push(oid);
    return register(
        "models/model.pkl", Output.file("model.pkl", oid, content.getBytes(UTF_8).length));
  }

  /** Registers a directory model {@code models/model/} with these files; returns the version. */
  String registerDir(Map<String, String> files) {
    Path dir = tmp.resolve("src-" + (++counter)).resolve("model");
    List<Tree.Entry> entries = new ArrayList<>();
    long size = 0;
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path file = dir.resolve(f.getKey());
      write(file, f.getValue());
      Oid oid = trainerCache.hasher().hash(file);
      trainerCache.add(file, oid);
      entries.add(new Tree.Entry(f.getKey(), oid));
      size += f.getValue().getBytes(UTF_8).length;
    }
    Oid dirOid = trainerCache.addTree(Tree.of(entries));
    push(dirOid);
    return register("models/model", Output.directory("model", dirOid, size, files.size()));
  }

  /** The object id the trainer registered for a version's content. */
  Oid oidOf(String version) {
    String commit =
        trainerRepo.refreshTags().stream()
            .filter(t -> t.name().equals(NAME + "@" + version))
            .findFirst()
            .orElseThrow()
            .targetCommit();
    for (String path : List.of("models/model.pkl.dvc", "models/model.dvc")) {
      var bytes = trainerRepo.readFile(commit, path);
      if (bytes.isPresent()) {
        Oid oid = DvcFile.parse(new String(bytes.get(), UTF_8), path).outs().get(0).oid();
        if (oid != null) {
          return oid;
        }
      }
    }
    throw new IllegalStateException("no .dvc for " + version);
  }

  void assign(String version, String stage) {
    Registry.on(trainerRepo).assign(NAME, version, stage, null);
  }

  void deregister(String version) {
    Registry.on(trainerRepo).deregister(NAME, version, null);
  }

  /** Every tag on the shared repository now, by name. */
  List<String> tagNames() {
    return connect("look-" + (++counter)).refreshTags().stream()
        .map(GitTag::name)
        .sorted()
        .toList();
  }

  List<GitTag> tags() {
    return connect("look-" + (++counter)).refreshTags();
  }

  String inStage(String stage) {
    return Registry.on(connect("look-" + (++counter)))
        .state()
        .require(NAME)
        .versionInStage(stage)
        .orElse("<none>");
  }

  /** The file of an object on the data remote. */
  Path remoteObject(Oid oid) {
    return remoteDir.resolve("files/md5").resolve(oid.shardedPath());
  }

  private void push(Oid oid) {
    Transfer.builder(trainerCache, remote).build().push(List.of(oid)).requireSuccess();
  }

  private String register(String path, Output out) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "dvc.yaml",
        ("artifacts:\n  " + NAME + ":\n    path: " + path + "\n    type: model\n").getBytes(UTF_8));
    files.put(path + ".dvc", DvcFile.of(List.of(out)).toText().getBytes(UTF_8));
    return java.util.Objects.requireNonNull(
        Registry.on(trainerRepo)
            .register(RegisterRequest.of(NAME).withFiles(files, "train " + out.oid()))
            .version());
  }

  static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    remote.close();
  }
}
