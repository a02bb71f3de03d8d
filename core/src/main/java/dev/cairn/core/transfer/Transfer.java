package dev.cairn.core.transfer;

import dev.cairn.core.CairnException;
import dev.cairn.core.Progress;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.SupportsCheckedPut;
import dev.cairn.core.remote.SupportsDownload;
import dev.cairn.core.remote.SupportsStreamingPut;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves objects between a local {@link Cache} and a {@link Remote} with DVC's rules
 * (specs/dvc-format.md §6): a {@code .dir} found on the remote vouches for all its files, so
 * pushing an already pushed version costs one existence request; a directory's missing files are
 * uploaded first, in parallel, and its {@code .dir} last and only if every file made it, so a
 * {@code .dir} on the remote is a trustworthy commit marker. Downloads are MD5-checked while they
 * stream into a cache temp file and renamed into place only when they match. A failed run leaves a
 * state the same call completes. A remote that {@link SupportsDownload} reads large objects with
 * parallel ranged requests into a cache temp file, which is MD5-checked before it is renamed.
 *
 * <p>One instance serves one cache layout: for legacy (DVC 2) outputs use a second instance over
 * {@link Cache#legacy()}, which talks to the legacy keys at the remote's root.
 */
public final class Transfer {
  private static final Logger LOG = LoggerFactory.getLogger(Transfer.class);

  /** Default parallelism for I/O-bound transfers: 4 per core, as DVC's {@code jobs}. */
  public static final int DEFAULT_JOBS = 4 * Runtime.getRuntime().availableProcessors();

  /** Default number of keys per {@link Remote#existing} call. */
  public static final int DEFAULT_BATCH_SIZE = 1000;

  private final Cache cache;
  private final Remote remote;
  private final Layout layout;
  private final int jobs;
  private final int batchSize;
  private final Progress progress;
  private final Function<Oid, @Nullable Path> sources;
  private final List<Oid> completeOnRemote;

  private Transfer(Builder builder) {
    this.cache = builder.cache;
    this.remote = builder.remote;
    this.layout = Layout.of(builder.cache);
    this.jobs = builder.jobs;
    this.batchSize = builder.batchSize;
    this.progress = builder.progress;
    this.sources = builder.sources;
    this.completeOnRemote = List.copyOf(builder.completeOnRemote);
  }

  public static Builder builder(Cache cache, Remote remote) {
    return new Builder(cache, remote);
  }

  /** Settings of a {@link Transfer}; every one has a default. */
  public static final class Builder {
    private final Cache cache;
    private final Remote remote;
    private int jobs = DEFAULT_JOBS;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private Progress progress = Progress.NONE;
    private Function<Oid, @Nullable Path> sources = oid -> null;
    private Collection<Oid> completeOnRemote = List.of();

    private Builder(Cache cache, Remote remote) {
      this.cache = cache;
      this.remote = remote;
    }

    /** Parallel uploads, downloads and existence checks (remote {@code jobs}); at least 1. */
    public Builder jobs(int value) {
      this.jobs = value;
      return this;
    }

    /** Keys per existence request batch; at least 1. */
    public Builder batchSize(int value) {
      this.batchSize = value;
      return this;
    }

    public Builder progress(Progress value) {
      this.progress = value;
      return this;
    }

    /**
     * Where a push finds file objects the cache lacks: the file that was hashed to that id. It is
     * streamed to the remote without a copy in the cache, its MD5 checked on the way; a file that
     * changed since it was hashed fails the object ("changed while it was being copied"). The cache
     * still comes first, and {@code .dir} objects always come from it.
     */
    public Builder sources(Function<Oid, @Nullable Path> value) {
      this.sources = value;
      return this;
    }

    /**
     * Listings the remote should hold complete: the previous version of a tree being pushed. As a
     * {@code .dir} is uploaded after all of its files, one the remote holds vouches for every file
     * it lists, and a push asks the remote only about the other files. For a new version of a
     * million-file tree with a few files changed, that is a few questions instead of a million (or
     * a listing of the whole remote). Each listing is streamed from the remote and checked against
     * its id, not stored; one the remote lacks or that does not match vouches for nothing. Not for
     * the legacy layout.
     */
    public Builder completeOnRemote(Collection<Oid> dirs) {
      this.completeOnRemote = dirs;
      return this;
    }

    public Transfer build() {
      List<String> problems = new ArrayList<>();
      if (jobs < 1) {
        problems.add("jobs must be at least 1, was " + jobs);
      }
      if (batchSize < 1) {
        problems.add("batch size must be at least 1, was " + batchSize);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Cannot build transfer: " + String.join("; ", problems));
      }
      return new Transfer(this);
    }
  }

  /** The remote key of an object in this transfer's layout. */
  public String key(Oid oid) {
    return layout.key(oid);
  }

  /**
   * What the remote lacks of these versions (files and {@code .dir}s with all their files).
   *
   * @throws RemoteAccessException if existence cannot be checked
   */
  public RemoteStatus status(Collection<Oid> roots) {
    try (Workers workers = new Workers(jobs)) {
      Plan plan = plan(roots, workers);
      Set<Oid> missing = new LinkedHashSet<>(plan.filesToUpload);
      missing.addAll(plan.dirsToUpload.keySet());
      return new RemoteStatus(missing, plan.missingEverywhere, plan.onRemote);
    }
  }

  /**
   * Uploads what the remote lacks: every missing file, then each {@code .dir} whose files are all
   * on the remote. Failures are collected, not thrown; see {@link TransferResult#requireSuccess()}.
   *
   * @throws RemoteAccessException if existence cannot be checked at all
   */
  public TransferResult push(Collection<Oid> roots) {
    String operation = "push to " + remote.describe();
    try (Workers workers = new Workers(jobs)) {
      Plan plan = plan(roots, workers);
      // one stat a file, spread over the cores: on a first snapshot this is every file
      long totalBytes = plan.filesToUpload.parallelStream().mapToLong(this::sizeOf).sum();
      progress.start("uploading", plan.filesToUpload.size() + plan.dirsToUpload.size(), totalBytes);
      try {
        Workers.Outcomes files = workers.runAll(plan.filesToUpload, this::upload);
        Map<Oid, CairnException> failures = new LinkedHashMap<>(files.failed());
        List<Oid> ready = new ArrayList<>();
        for (Map.Entry<Oid, List<Oid>> dir : plan.dirsToUpload.entrySet()) {
          int bad = 0;
          for (Oid member : dir.getValue()) {
            if (failures.containsKey(member) || plan.missingEverywhere.contains(member)) {
              bad++;
            }
          }
          if (bad == 0) {
            ready.add(dir.getKey());
          } else {
            failures.put(dir.getKey(), heldBack(dir.getKey(), bad));
          }
        }
        Workers.Outcomes dirs = workers.runAll(ready, this::upload);
        failures.putAll(dirs.failed());
        long bytes = files.bytes() + dirs.bytes();
        int done = files.done() + dirs.done();
        LOG.info(
            "Pushed {} objects ({} bytes) to {}; {} already there, {} failed, {} missing locally",
            done,
            bytes,
            remote.describe(),
            plan.onRemote,
            failures.size(),
            plan.missingEverywhere.size());
        return new TransferResult(
            operation,
            done,
            bytes,
            plan.onRemote,
            toFailures(failures),
            List.copyOf(plan.missingEverywhere));
      } finally {
        progress.finish();
      }
    }
  }

  /**
   * Downloads into the cache whatever of these versions it lacks: each {@code .dir} first, then its
   * missing files in parallel. Failures (including objects missing from the remote, as {@link
   * MissingObjectException}) are collected; see {@link TransferResult#requireSuccess()}.
   */
  public TransferResult fetch(Collection<Oid> roots) {
    String operation = "fetch from " + remote.describe();
    try (Workers workers = new Workers(jobs)) {
      progress.start("downloading", -1, -1);
      try {
        Set<Oid> dirs = new LinkedHashSet<>();
        Set<Oid> wanted = new LinkedHashSet<>();
        for (Oid oid : roots) {
          (oid.isDir() ? dirs : wanted).add(oid);
        }
        int skipped = 0;
        List<Oid> dirsToGet = new ArrayList<>();
        for (Oid dir : dirs) {
          if (cache.contains(dir)) {
            skipped++;
          } else {
            dirsToGet.add(dir);
          }
        }
        Workers.Outcomes dirOutcomes = workers.runAll(dirsToGet, this::download);
        Map<Oid, CairnException> failures = new LinkedHashMap<>(dirOutcomes.failed());
        for (Oid dir : dirs) {
          if (!failures.containsKey(dir)) {
            try {
              for (Tree.Entry entry : cache.loadTree(dir).entries()) {
                wanted.add(entry.oid());
              }
            } catch (CairnException e) {
              failures.put(dir, e);
            }
          }
        }
        List<Oid> filesToGet = new ArrayList<>();
        for (Oid oid : wanted) {
          if (cache.contains(oid)) {
            skipped++;
          } else {
            filesToGet.add(oid);
          }
        }
        Workers.Outcomes fileOutcomes = workers.runAll(filesToGet, this::download);
        failures.putAll(fileOutcomes.failed());
        long bytes = dirOutcomes.bytes() + fileOutcomes.bytes();
        int done = dirOutcomes.done() + fileOutcomes.done();
        LOG.info(
            "Fetched {} objects ({} bytes) from {}; {} already cached, {} failed",
            done,
            bytes,
            remote.describe(),
            skipped,
            failures.size());
        return new TransferResult(operation, done, bytes, skipped, toFailures(failures), List.of());
      } finally {
        progress.finish();
      }
    }
  }

  /** What is on the remote and what must go there, found with the {@code .dir}-first rule. */
  private Plan plan(Collection<Oid> roots, Workers workers) {
    Plan plan = new Plan();
    Set<Oid> dirs = new LinkedHashSet<>();
    Set<Oid> candidates = new LinkedHashSet<>();
    for (Oid oid : roots) {
      (oid.isDir() ? dirs : candidates).add(oid);
    }
    Set<Oid> dirsPresent = workers.existing(remote, layout, dirs, batchSize);
    KnownObjects known = knownObjects(dirs, dirsPresent);
    for (Oid dir : dirs) {
      if (dirsPresent.contains(dir)) {
        plan.onRemote++;
      } else if (!cache.contains(dir)) {
        plan.missingEverywhere.add(dir);
      } else {
        List<Oid> members = new ArrayList<>(); // those the remote may lack: the others cannot fail
        for (Tree.Entry entry : cache.loadTree(dir).entries()) {
          if (known == null || !known.contains(entry.oid())) {
            members.add(entry.oid());
          }
        }
        plan.dirsToUpload.put(dir, members);
        candidates.addAll(members);
      }
    }
    if (known != null) {
      plan.onRemote += known.found();
    }
    if (!candidates.isEmpty()) {
      // a .dir on the remote vouches for its files: none of them is asked about. With nothing
      // else to check (a no-op push), its listing is not even read: for 100,000 files that is
      // most of the command's time.
      Set<Oid> vouched = new LinkedHashSet<>();
      for (Oid dir : dirsPresent) {
        if (cache.contains(dir)) {
          for (Tree.Entry entry : cache.loadTree(dir).entries()) {
            vouched.add(entry.oid());
          }
        }
      }
      plan.onRemote += vouched.size();
      candidates.removeAll(vouched);
    }
    Set<Oid> present = workers.existing(remote, layout, candidates, batchSize);
    plan.onRemote += present.size();
    // what is left of the candidates is what to upload (one set, not a second one of a million)
    for (java.util.Iterator<Oid> it = candidates.iterator(); it.hasNext(); ) {
      Oid oid = it.next();
      if (present.contains(oid)) {
        it.remove();
      } else if (sources.apply(oid) == null && !cache.contains(oid)) { // the lookup is in memory
        plan.missingEverywhere.add(oid);
        it.remove();
      }
    }
    plan.filesToUpload = candidates;
    return plan;
  }

  /**
   * The files vouched for by {@link Builder#completeOnRemote}, or null when none applies: none was
   * given, every tree to push is on the remote already, or the cache has the legacy layout.
   */
  private @Nullable KnownObjects knownObjects(Set<Oid> dirs, Set<Oid> dirsPresent) {
    if (completeOnRemote.isEmpty() || layout != Layout.DVC3 || dirsPresent.containsAll(dirs)) {
      return null;
    }
    return KnownObjects.listedBy(remote, layout, completeOnRemote);
  }

  /** Objects to move, in the order they must go. */
  private static final class Plan {
    Set<Oid> filesToUpload = new LinkedHashSet<>();
    final Map<Oid, List<Oid>> dirsToUpload = new LinkedHashMap<>();
    final Set<Oid> missingEverywhere = new LinkedHashSet<>();
    int onRemote;
  }

  private long upload(Oid oid) {
    Path source = cache.contains(oid) ? null : sources.apply(oid);
    if (source != null) {
      return uploadFrom(source, oid);
    }
    cache.check(oid); // never spread a corrupt object; free for the 0444 objects DVC trusts
    long size = cachedSize(oid);
    remote.put(layout.key(oid), cache.path(oid));
    progress.advance(1, size);
    return size;
  }

  /** Streams a source file to the remote, verifying it is still the content that was hashed. */
  private long uploadFrom(Path source, Oid oid) {
    String key = layout.key(oid);
    if (remote instanceof SupportsCheckedPut checked && !cache.isLegacy()) {
      return uploadChecked(checked, source, oid, key);
    }
    long size;
    VerifyingInputStream in;
    try {
      size = java.nio.file.Files.size(source);
      in = new VerifyingInputStream(java.nio.file.Files.newInputStream(source), oid, size);
    } catch (java.io.IOException e) {
      throw new CairnException(
          "Cannot read " + source + ": " + e.getMessage() + " (check the file is readable)", e);
    }
    try (in) {
      if (remote instanceof SupportsStreamingPut streaming) {
        streaming.put(key, in, size);
      } else {
        // a remote that stores only files: through the cache, verified on the way in
        cache.install(oid, in, source.toString());
        remote.put(key, cache.path(oid));
      }
    } catch (RuntimeException | java.io.IOException e) {
      if (in.changed()) {
        throw changedWhileCopied(source, e);
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new RemoteAccessException(
          "Cannot push " + key + " to " + remote.describe() + ": " + e.getMessage() + " (retry)",
          e);
    }
    progress.advance(1, size);
    return size;
  }

  /** Uploads a source file in one request that the server checks against the hash taken. */
  private long uploadChecked(SupportsCheckedPut checked, Path source, Oid oid, String key) {
    long size;
    try {
      size = java.nio.file.Files.size(source);
      checked.putChecked(key, source, oid.md5());
    } catch (RuntimeException | java.io.IOException e) {
      if (!sameContent(source, oid)) {
        throw changedWhileCopied(source, e);
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new CairnException(
          "Cannot read " + source + ": " + e.getMessage() + " (check the file is readable)", e);
    }
    progress.advance(1, size);
    return size;
  }

  private static dev.cairn.core.InvalidInputException changedWhileCopied(
      Path source, Exception cause) {
    return new dev.cairn.core.InvalidInputException(
        "Cannot snapshot "
            + source
            + ": it changed while it was being copied (re-run once nothing writes to the source)",
        cause);
  }

  private static boolean sameContent(Path source, Oid oid) {
    try {
      return dev.cairn.core.hash.Md5.ofFile(source).equals(oid);
    } catch (RuntimeException e) {
      return false; // gone or unreadable now: not what was hashed
    }
  }

  private long download(Oid oid) {
    String key = layout.key(oid);
    String what = key + " on " + remote.describe();
    long bytes;
    try {
      if (remote instanceof SupportsDownload ranged && !cache.contains(oid)) {
        SupportsDownload.Fetched fetched = ranged.fetch(key, cache::newTempFile);
        if (fetched instanceof SupportsDownload.Written written) {
          // parallel ranged reads into a cache temp file, verified before it is renamed into place
          cache.installFile(written.file(), oid, written.md5());
          bytes = written.size();
          LOG.debug("Fetched {} with {} ranged reads", what, written.ranges());
        } else {
          try (InputStream in = ((SupportsDownload.Streamed) fetched).in()) {
            bytes = Math.max(0, cache.install(oid, in, what));
          }
        }
      } else {
        try (InputStream in = remote.open(key)) {
          bytes = Math.max(0, cache.install(oid, in, what));
        }
      }
    } catch (MissingObjectException e) {
      throw new MissingObjectException(
          "Cannot fetch "
              + key
              + ": it is not on "
              + remote.describe()
              + " (push it from a machine whose cache has it)");
    } catch (java.io.IOException e) {
      throw new RemoteAccessException(
          "Cannot fetch " + key + " from " + remote.describe() + ": " + e.getMessage() + " (retry)",
          e);
    }
    progress.advance(1, bytes);
    return bytes;
  }

  /** The object's size, from its source file if it has one, else the cache (same content). */
  private long sizeOf(Oid oid) {
    Path source = sources.apply(oid);
    return source != null ? sizeOrZero(source) : cachedSize(oid);
  }

  private long cachedSize(Oid oid) {
    return sizeOrZero(cache.path(oid));
  }

  private static long sizeOrZero(Path file) {
    try {
      return java.nio.file.Files.size(file);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private CairnException heldBack(Oid dir, int bad) {
    return new CairnException(
        "Cannot push "
            + layout.key(dir)
            + ": held back because "
            + bad
            + " of its files are not on "
            + remote.describe()
            + " (fix those and push again; the .dir goes last)");
  }

  private List<TransferResult.Failure> toFailures(Map<Oid, CairnException> failures) {
    List<TransferResult.Failure> list = new ArrayList<>();
    for (Map.Entry<Oid, CairnException> failure : failures.entrySet()) {
      list.add(
          new TransferResult.Failure(
              failure.getKey(), layout.key(failure.getKey()), failure.getValue()));
    }
    return list;
  }
}
