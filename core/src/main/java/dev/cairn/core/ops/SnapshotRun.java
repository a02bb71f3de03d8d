package dev.cairn.core.ops;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.Redaction;
import dev.cairn.core.dvc.Artifact;
import dev.cairn.core.dvc.DvcFile;
import dev.cairn.core.dvc.DvcRepoFiles;
import dev.cairn.core.dvc.DvcYaml;
import dev.cairn.core.dvc.Output;
import dev.cairn.core.git.GitSnapshot;
import dev.cairn.core.hash.HashResult;
import dev.cairn.core.hash.HashResult.DirHash;
import dev.cairn.core.hash.HashResult.FileHash;
import dev.cairn.core.hash.Hasher;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.RegisterRequest;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryState;
import dev.cairn.core.registry.RegistryWrite;
import dev.cairn.core.registry.VersionState;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.transfer.Layout;
import dev.cairn.core.transfer.Transfer;
import dev.cairn.core.transfer.TransferResult;
import dev.cairn.core.transfer.UploadWhileHashing;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of {@link Snapshot}: hash, cache, upload, then one registry write. */
final class SnapshotRun {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotRun.class);

  /** The remote DVC users get in a repository Cairn initialises. */
  static final String REMOTE_NAME = "storage";

  private final Store store;
  private final Snapshot.Request request;
  private final Registry registry;

  /** Files read and hashed by this run, or -1 when every file was (no stat index is used). */
  private long rehashed = -1;

  SnapshotRun(Store store, Snapshot.Request request) {
    this.store = store;
    this.request = request;
    this.registry = Registry.on(store.repo());
  }

  /** Thrown inside the Git write when a concurrent writer registered the same data first. */
  private static final class AlreadyRegistered extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient VersionState version;

    AlreadyRegistered(VersionState version) {
      super(version.version(), null, false, false);
      this.version = version;
    }
  }

  Snapshot.Result call() {
    Path source = request.source().toAbsolutePath().normalize();
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      throw new InvalidInputException(
          "Cannot snapshot "
              + source
              + ": no such file or directory (check the path and that the volume is mounted)");
    }
    if (!Files.isDirectory(source)) {
      HashResult local =
          Hasher.builder()
              .stateCache(store.state())
              .progress(store.progress())
              .followExternalLinks(request.followExternalLinks())
              .build()
              .hash(source);
      return register(Hashed.of(local), () -> new Upload(store).run(local));
    }
    Oid previousDir = previousDir();
    try (StatIndexRun index = StatIndexRun.start(store, source, previousDir, request.rehashAll())) {
      // files likely new to a file-system remote go there as they are hashed: one read, not two
      UploadWhileHashing tee =
          index.readsOnlyNewFiles()
              ? UploadWhileHashing.to(store.remote(), store.cache(), store.jobs()).orElse(null)
              : null;
      HashResult local =
          Hasher.builder()
              .stateCache(index.state())
              .progress(store.progress())
              .followExternalLinks(request.followExternalLinks())
              .tee(tee)
              .build()
              .hash(source);
      Hashed hashed = Hashed.of(local);
      rehashed = index.rehashed();
      index.logCounts(hashed.files);
      index.hashed();
      Snapshot.Result result =
          register(
              hashed,
              () ->
                  uploadCatchingIndexLies(
                      index,
                      () -> {
                        TransferResult pushed = new Upload(store).run(local, previousDir);
                        return tee == null ? pushed : tee.addTo(pushed);
                      }));
      index.save(local.oid(), hashed.files);
      return result;
    } catch (TrustedFileDiffers e) {
      LOG.warn(
          "Re-hashing every file: {} (a file's stat matched the stat index, its bytes did not)",
          e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      return new SnapshotRun(store, request.withRehashAll(true)).call();
    }
  }

  /**
   * Thrown when an upload found a source file whose bytes differ from the MD5 it was listed with,
   * after the stat index vouched for some files: that MD5 may have come from the index (content
   * changed behind an unchanged stat, or a lying index), so the run starts again reading every
   * file. Nothing was registered.
   */
  private static final class TrustedFileDiffers extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TrustedFileDiffers(InvalidInputException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  private static TransferResult uploadCatchingIndexLies(
      StatIndexRun index, Supplier<TransferResult> upload) {
    try {
      return upload.get();
    } catch (InvalidInputException e) {
      if (index.trustedFromIndex() > 0) {
        throw new TrustedFileDiffers(e);
      }
      throw e;
    }
  }

  /**
   * The {@code .dir} of the latest active version, whose stat index the hasher may trust; null for
   * a first version or a single-file one.
   */
  private @Nullable Oid previousDir() {
    Optional<ArtifactState> artifact = registry.state().artifact(request.name());
    Optional<VersionState> latest = artifact.flatMap(a -> a.latest().flatMap(a::version));
    if (latest.isEmpty()) {
      return null;
    }
    Oid oid =
        VersionPointer.read(
                store.repo(), latest.get().commit(), request.name(), request.pointerPath())
            .map(VersionPointer::oid)
            .orElse(null);
    return oid != null && oid.isDir() ? oid : null;
  }

  /** Versions the objects under {@code sourceUrl} in place (see {@link InPlaceSnapshot}). */
  Snapshot.Result callInPlace(String sourceUrl, boolean trustEtags) {
    InPlaceSnapshot inPlace = new InPlaceSnapshot(store, sourceUrl, trustEtags);
    Hashed hashed = inPlace.hash();
    return register(hashed, inPlace::upload);
  }

  /** Registers a tree hashed and uploaded by shards; {@code uploadDir} uploads its .dir. */
  Snapshot.Result callMerged(Hashed hashed, Supplier<TransferResult> uploadDir) {
    return register(hashed, uploadDir);
  }

  private Snapshot.Result register(Hashed hashed, Supplier<TransferResult> upload) {
    Optional<VersionState> same = sameAsLatest(registry.state(), hashed.oid);
    if (same.isPresent()) {
      requireOnRemote(hashed.oid, same.get());
      return unchanged(hashed, same.get());
    }
    TransferResult pushed = upload.get();
    RegistryWrite write;
    try {
      write =
          registry.register(
              new RegisterRequest(
                  request.name(), null, request.bump(), Map.of(), null, request.message()),
              snapshot -> filesAt(snapshot, hashed));
    } catch (AlreadyRegistered e) {
      return unchanged(hashed, e.version);
    }
    String version = java.util.Objects.requireNonNull(write.version());
    RegistryState after = registry.cachedState();
    ArtifactState artifact = after.require(request.name());
    String commit =
        artifact
            .version(version)
            .map(VersionState::commit)
            .orElseGet(() -> java.util.Objects.requireNonNull(write.commit()));
    Optional<VersionState> previous = previousOf(artifact, version);
    Snapshot.@Nullable Changes changes =
        previous.isEmpty()
            ? ChangeSummary.firstVersion(hashed)
            : new ChangeSummary(store, request).against(hashed, previous.get());
    return new Snapshot.Result(
        request.name(),
        version,
        hashed.oid.value(),
        commit,
        write.changed(),
        hashed.files,
        hashed.size,
        previous.map(VersionState::version).orElse(null),
        changes,
        pushed.transferred(),
        pushed.bytes(),
        rehashed(hashed));
  }

  /**
   * An unchanged day still asks the remote, with one existence request for the version's root
   * object (its {@code .dir} listing, pushed last): wrong credentials or a wiped remote fail the
   * run the day they happen, not at the next change or at rollback time.
   *
   * @throws MissingObjectException if the remote lacks it
   * @throws dev.cairn.core.RemoteAccessException if the remote cannot be asked
   */
  private void requireOnRemote(Oid oid, VersionState version) {
    String key = Layout.of(store.cache()).key(oid);
    if (!store.remote().existing(List.of(key)).contains(key)) {
      throw new MissingObjectException(
          "Cannot find "
              + key
              + " of "
              + request.name()
              + "@"
              + version.version()
              + " on "
              + store.remote().describe()
              + ": the data is unchanged but the remote lost it (restore the remote, or push the"
              + " version again with cairn push)");
    }
    LOG.info("Checked {} of {}@{}: on the remote", key, request.name(), version.version());
  }

  private Snapshot.Result unchanged(Hashed hashed, VersionState existing) {
    LOG.info(
        "The data is unchanged: {}@{} already holds {}",
        request.name(),
        existing.version(),
        hashed.oid);
    // the version before the one that holds the data, as on the day it was created
    String previous =
        registry
            .cachedState()
            .artifact(request.name())
            .flatMap(a -> previousOf(a, existing.version()))
            .map(VersionState::version)
            .orElse(null);
    return new Snapshot.Result(
        request.name(),
        existing.version(),
        hashed.oid.value(),
        existing.commit(),
        false,
        hashed.files,
        hashed.size,
        previous,
        Snapshot.Changes.NONE,
        0,
        0,
        rehashed(hashed));
  }

  private long rehashed(Hashed hashed) {
    return rehashed < 0 ? hashed.files : rehashed;
  }

  /** The latest active version, when it already points at {@code oid}. */
  private Optional<VersionState> sameAsLatest(RegistryState state, Oid oid) {
    Optional<ArtifactState> artifact = state.artifact(request.name());
    if (artifact.isEmpty()) {
      return Optional.empty();
    }
    Optional<VersionState> latest = artifact.get().latest().flatMap(artifact.get()::version);
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    Optional<VersionPointer> pointer =
        VersionPointer.read(
            store.repo(), latest.get().commit(), request.name(), request.pointerPath());
    return pointer.isPresent() && oid.equals(pointer.get().oid()) ? latest : Optional.empty();
  }

  /** The greatest active registered version below {@code version}. */
  private static Optional<VersionState> previousOf(ArtifactState artifact, String version) {
    dev.cairn.core.registry.SemVer mine = dev.cairn.core.registry.SemVer.parse(version);
    for (VersionState v : artifact.versions()) {
      if (v.registered()
          && v.active()
          && dev.cairn.core.registry.SemVer.tryParse(v.version())
              .filter(s -> s.compareTo(mine) < 0)
              .isPresent()) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  private static byte[] metricsJson(Map<String, Double> metrics) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(new java.util.TreeMap<>(metrics));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot encode metrics as JSON", e);
    }
  }

  /** The files of the registration commit, computed on the head of this write attempt. */
  private Map<String, byte[]> filesAt(GitSnapshot snapshot, Hashed hashed) {
    sameAsLatest(RegistryState.compute(snapshot.tags()), hashed.oid)
        .ifPresent(
            v -> {
              throw new AlreadyRegistered(v);
            });
    String path = request.pathInRepo();
    int slash = path.lastIndexOf('/');
    String dir = slash < 0 ? "" : path.substring(0, slash + 1);
    String leaf = path.substring(slash + 1);
    Map<String, byte[]> files = new LinkedHashMap<>();

    Output fresh = hashed.output(leaf);
    Optional<String> before = text(snapshot, request.pointerPath());
    DvcFile pointer =
        before.isEmpty()
            ? DvcFile.of(List.of(fresh))
            : Add.update(DvcFile.parse(before.get(), request.pointerPath()), fresh);
    Optional<String> committedConfig = text(snapshot, ".dvc/config");
    CommittedRemote.Plan remotePlan =
        CommittedRemote.plan(
            committedConfig,
            store.remoteName(),
            Redaction.withoutPassword(store.remoteUrl()),
            store.remoteSettings());
    pointer = pointer.withOuts(withRemote(pointer.outs(), leaf, remotePlan.outputRemote()));
    Map<String, @Nullable Object> meta = new LinkedHashMap<>(pointer.meta());
    Map<String, Object> lineage = request.lineage().toMap();
    if (lineage.isEmpty()) {
      meta.remove(Lineage.META_KEY);
    } else {
      meta.put(Lineage.META_KEY, lineage);
    }
    files.put(request.pointerPath(), pointer.withMeta(meta).toText().getBytes(UTF_8));

    String gitignore = dir + ".gitignore";
    files.put(
        gitignore,
        DvcRepoFiles.withIgnoreEntry(text(snapshot, gitignore).orElse(null), leaf).getBytes(UTF_8));

    DvcYaml yaml = DvcYaml.parse(text(snapshot, "dvc.yaml").orElse(""), "dvc.yaml");
    Artifact declared =
        yaml.artifact(request.name())
            .map(a -> new Artifact(path, request.type(), a.desc(), a.labels(), a.meta()))
            .orElse(Artifact.of(path, request.type()));
    String yamlText = yaml.withArtifact(request.name(), declared).toText();
    Map<String, Double> metrics = request.lineage().metrics();
    if (request.type().equals(Snapshot.MODEL) && !metrics.isEmpty()) {
      // the version's metrics where `dvc metrics show` / `dvc metrics diff` find them; the gate
      // and lineage keep reading the .dvc file's meta, so GTO sees nothing new
      String metricsFile = dir + leaf + ".metrics.json";
      files.put(metricsFile, metricsJson(metrics));
      yamlText = DvcYaml.withMetricsFile(yamlText, metricsFile);
    }
    files.put("dvc.yaml", yamlText.getBytes(UTF_8));

    String configText = remotePlan.configText();
    if (configText != null) {
      files.put(".dvc/config", configText.getBytes(UTF_8));
    }
    if (committedConfig.isEmpty()) {
      if (text(snapshot, ".dvc/.gitignore").isEmpty()) {
        files.put(".dvc/.gitignore", DvcRepoFiles.DVC_DIR_GITIGNORE.getBytes(UTF_8));
      }
      if (text(snapshot, ".dvcignore").isEmpty()) {
        files.put(".dvcignore", DvcRepoFiles.DVCIGNORE.getBytes(UTF_8));
      }
    }
    return files;
  }

  /** The outputs with {@code leaf}'s {@code remote:} set to {@code remote}, or removed if null. */
  private static List<Output> withRemote(List<Output> outs, String leaf, @Nullable String remote) {
    return outs.stream()
        .map(
            out ->
                !out.path().equals(leaf)
                    ? out
                    : remote == null ? out.withoutField("remote") : out.withField("remote", remote))
        .toList();
  }

  private static Optional<String> text(GitSnapshot snapshot, String path) {
    return snapshot.readFile(path).map(bytes -> new String(bytes, UTF_8));
  }

  /** Puts the source's objects into the cache (by copy) and uploads what the remote lacks. */
  static final class Upload {
    private final Store store;

    Upload(Store store) {
      this.store = store;
    }

    /**
     * Uploads what the remote lacks straight from the source: each file is streamed to the remote
     * with its MD5 checked on the way, and only the {@code .dir} listing enters the work dir's
     * cache. A pod's ephemeral storage never holds a copy of the data.
     */
    TransferResult run(HashResult hashed) {
      return run(hashed, null);
    }

    /**
     * As {@link #run(HashResult)}; the files of {@code previousDir} (the version before, when its
     * listing is on the remote) are known to be there and are not asked about.
     */
    TransferResult run(HashResult hashed, @Nullable Oid previousDir) {
      java.util.function.Function<Oid, @Nullable Path> sources;
      if (hashed instanceof FileHash file) {
        sources = oid -> oid.equals(file.oid()) ? file.path() : null;
      } else {
        DirHash dir = (DirHash) hashed;
        store.cache().addTree(dir.tree());
        sources = new SourceFiles(dir)::find;
      }
      Transfer transfer =
          Transfer.builder(store.cache(), store.remote())
              .jobs(store.jobs())
              .progress(store.progress())
              .sources(sources)
              .completeOnRemote(previousDir == null ? List.of() : List.of(previousDir))
              .build();
      String rootKey = transfer.key(hashed.oid());
      if (store.remote().existing(List.of(rootKey)).contains(rootKey)) {
        LOG.info("Skipped upload: {} is on {} already", rootKey, store.remote().describe());
        return new TransferResult("push", 0, 0, 1, List.of(), List.of());
      }
      return transfer.push(Set.of(hashed.oid())).requireSuccess();
    }
  }

  /**
   * The source file of each object of a hashed tree, for uploading it: the tree's entries sorted by
   * object id and searched, with the file's path made when it is asked for. A map from id to path
   * held a map entry and a path per file (about 130 MB at a million files); this holds one
   * reference per file. Files with the same content share an id; any of them is a valid source.
   */
  static final class SourceFiles {
    private static final java.util.Comparator<dev.cairn.core.hash.Tree.Entry> BY_OID =
        java.util.Comparator.comparing(dev.cairn.core.hash.Tree.Entry::oid);

    private final DirHash dir;
    private final dev.cairn.core.hash.Tree.Entry[] byOid;

    SourceFiles(DirHash dir) {
      this.dir = dir;
      this.byOid = dir.tree().entries().toArray(new dev.cairn.core.hash.Tree.Entry[0]);
      java.util.Arrays.sort(byOid, BY_OID);
    }

    @Nullable Path find(Oid oid) {
      int low = 0;
      int high = byOid.length - 1;
      while (low <= high) {
        int mid = (low + high) >>> 1;
        int order = byOid[mid].oid().compareTo(oid);
        if (order < 0) {
          low = mid + 1;
        } else if (order > 0) {
          high = mid - 1;
        } else {
          return dir.pathOf(byOid[mid]);
        }
      }
      return null;
    }
  }
}
