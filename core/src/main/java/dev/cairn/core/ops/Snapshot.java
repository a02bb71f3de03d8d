package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.dvc.DvcYaml;
import dev.cairn.core.registry.Bump;
import dev.cairn.core.registry.GtoTag;
import dev.cairn.core.registry.Lineage;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Versions a directory or a single file (a dataset or a model) into the registry: hashes it as DVC
 * 3 does, copies its objects into the local cache (the source is only read, never moved or
 * changed), uploads what the remote lacks (files first, each {@code .dir} last), then writes in one
 * commit the {@code .dvc} pointer (with the lineage under {@code meta: cairn:}), the {@code
 * dvc.yaml} artifact entry and the {@code .gitignore} entry, tagged {@code name@vX.Y.Z}.
 *
 * <p>Unchanged data (the latest active version already points at the same object) writes nothing
 * and returns that version with {@code changed=false}. Every step is idempotent and the tag is
 * pushed together with its commit, so a re-run after a crash at any point converges.
 */
public final class Snapshot {
  /** The artifact type of a dataset. */
  public static final String DATASET = "dataset";

  /** The artifact type of a model. */
  public static final String MODEL = "model";

  /**
   * What to version.
   *
   * @param name the GTO artifact name, also its {@code dvc.yaml} artifact id ({@code churn-data})
   * @param source the file or directory to version; only read
   * @param pathInRepo the repository path of the tracked output, POSIX style ({@code data/churn});
   *     its pointer is {@code <pathInRepo>.dvc}; see {@link #defaultPathInRepo}
   * @param type {@link #DATASET} or {@link #MODEL}, written into the {@code dvc.yaml} artifact
   * @param bump which part of the latest version to increment (null: patch, or {@code v0.0.1} for
   *     the first version)
   * @param message the tag message (GTO's default when null)
   * @param lineage where the version came from, recorded under {@code meta: cairn:}
   * @param followExternalLinks hash and upload files that symbolic links inside the source point to
   *     outside it (refused by default: such a link can expose a mounted Secret)
   * @param rehashAll read and hash every file, trusting neither the work dir's state nor the
   *     previous version's stat index (a fresh index is still stored)
   */
  public record Request(
      String name,
      Path source,
      String pathInRepo,
      String type,
      @Nullable Bump bump,
      @Nullable String message,
      Lineage lineage,
      boolean followExternalLinks,
      boolean rehashAll) {
    /** A request that trusts the stat index (the usual case). */
    public Request(
        String name,
        Path source,
        String pathInRepo,
        String type,
        @Nullable Bump bump,
        @Nullable String message,
        Lineage lineage,
        boolean followExternalLinks) {
      this(name, source, pathInRepo, type, bump, message, lineage, followExternalLinks, false);
    }

    /** A request that refuses symbolic links leaving the source. */
    public Request(
        String name,
        Path source,
        String pathInRepo,
        String type,
        @Nullable Bump bump,
        @Nullable String message,
        Lineage lineage) {
      this(name, source, pathInRepo, type, bump, message, lineage, false, false);
    }

    public Request {
      GtoTag.checkFullName(name);
      DvcYaml.checkId(name);
      if (!type.equals(DATASET) && !type.equals(MODEL)) {
        throw new InvalidInputException(
            "Cannot use artifact type: '" + type + "' (use " + DATASET + " or " + MODEL + ")");
      }
      checkPathInRepo(pathInRepo);
      if (message != null && message.isBlank()) {
        message = null;
      }
    }

    /** A request with an automatic patch version, the default message and no lineage. */
    public static Request of(String name, Path source, String pathInRepo, String type) {
      return new Request(name, source, pathInRepo, type, null, null, Lineage.empty());
    }

    public Request withBump(@Nullable Bump value) {
      return new Request(
          name, source, pathInRepo, type, value, message, lineage, followExternalLinks, rehashAll);
    }

    public Request withMessage(@Nullable String value) {
      return new Request(
          name, source, pathInRepo, type, bump, value, lineage, followExternalLinks, rehashAll);
    }

    public Request withLineage(Lineage value) {
      return new Request(
          name, source, pathInRepo, type, bump, message, value, followExternalLinks, rehashAll);
    }

    public Request withFollowExternalLinks(boolean value) {
      return new Request(name, source, pathInRepo, type, bump, message, lineage, value, rehashAll);
    }

    public Request withRehashAll(boolean value) {
      return new Request(
          name, source, pathInRepo, type, bump, message, lineage, followExternalLinks, value);
    }

    /** The pointer file's repository path: {@code <pathInRepo>.dvc}. */
    public String pointerPath() {
      return pathInRepo + Tracked.DVC_SUFFIX;
    }
  }

  /**
   * How a version differs from the previous one, file by file (a single-file version counts as a
   * directory of that one file).
   *
   * @param filesAdded files only in the new version
   * @param filesModified files in both with different content
   * @param filesDeleted files only in the previous version
   * @param bytesAdded bytes of the added and modified files, as they are now
   * @param bytesRemoved bytes of the deleted and modified files, as they were
   */
  public record Changes(
      long filesAdded, long filesModified, long filesDeleted, long bytesAdded, long bytesRemoved) {
    /** No difference. */
    public static final Changes NONE = new Changes(0, 0, 0, 0, 0);

    public Changes {
      if (filesAdded < 0
          || filesModified < 0
          || filesDeleted < 0
          || bytesAdded < 0
          || bytesRemoved < 0) {
        throw new IllegalArgumentException("Cannot count negative changes");
      }
    }
  }

  /**
   * What a snapshot did.
   *
   * @param name the artifact
   * @param version the version holding the data ({@code v0.0.3}); an existing one when unchanged
   * @param md5 the object id: {@code <md5>} for a file, {@code <md5>.dir} for a directory
   * @param commit the commit the version tag points at
   * @param changed whether a new version was registered (false: the data was the latest version)
   * @param files number of files (1 for a single file)
   * @param bytes total size
   * @param previousVersion the latest version before this one, which {@code changes} compares
   *     against when the data changed; when unchanged, the version before the one that holds the
   *     data (as it was on the day that version was made); null for a first version
   * @param changes the difference from {@code previousVersion} (all files added for a first
   *     version); {@link Changes#NONE} when unchanged (nothing new since {@code version}); null
   *     when the previous version's listing could be read neither from the cache nor from the
   *     remote
   * @param uploaded objects uploaded to the remote now
   * @param uploadedBytes bytes uploaded now
   * @param rehashed files read and hashed in this run; the others' MD5 came from the work dir's
   *     state or the previous version's stat index (equal to {@code files} for a single file and an
   *     in-place snapshot)
   */
  public record Result(
      String name,
      String version,
      String md5,
      String commit,
      boolean changed,
      long files,
      long bytes,
      @Nullable String previousVersion,
      @Nullable Changes changes,
      int uploaded,
      long uploadedBytes,
      long rehashed) {}

  private Snapshot() {}

  /**
   * The conventional repository path of an artifact: {@code data/<name>} for a dataset, {@code
   * models/<name>} for a model.
   */
  public static String defaultPathInRepo(String name, String type) {
    return (type.equals(MODEL) ? "models/" : "data/") + name;
  }

  /**
   * Versions {@code request.source()}.
   *
   * @throws InvalidInputException if the source does not exist or cannot be versioned (it contains
   *     a {@code .dvcignore}, a broken symlink...), or the pointer path is taken by something else
   * @throws dev.cairn.core.RemoteAccessException if objects cannot be uploaded (nothing is
   *     committed then)
   * @throws dev.cairn.core.ConcurrentWriteException if other writers kept winning the Git race
   */
  public static Result run(Store store, Request request) {
    return new SnapshotRun(store, request).call();
  }

  /**
   * Versions the objects under an {@code s3://bucket/prefix} in place, without a local copy of the
   * data: the prefix is listed and hashed through the data remote's own S3 connection (same
   * endpoint and credentials), the {@code .dir} listing is built exactly as for a local directory
   * holding those objects at their keys below the prefix, each object the remote lacks is copied
   * server-side (CopyObject, multipart copy for large objects) to its content-addressed key, and
   * the {@code .dir} goes last. The pointer, {@code dvc.yaml} entry and tag are written as by
   * {@link #run}. {@code request.source()} is not read. The local cache receives only the {@code
   * .dir} listing; the data stays on the remote (pull it from there).
   *
   * <p>An object's MD5 is read from its ETag without reading the bytes when {@code trustEtags} and
   * the ETag is provably an MD5 (a single-part upload of at least 1 MiB, not SSE-KMS or SSE-C
   * encrypted, checked with a HEAD); otherwise the object is streamed through MD5.
   *
   * @throws InvalidInputException if the prefix is empty, its keys do not form a tree of files, an
   *     object changes while the snapshot runs, or the remote cannot copy from {@code sourceUrl}
   *     (see {@link #canRunInPlace})
   * @throws dev.cairn.core.RemoteAccessException if listing, reading or copying fails (nothing is
   *     committed then)
   */
  public static Result runInPlace(
      Store store, Request request, String sourceUrl, boolean trustEtags) {
    return new SnapshotRun(store, request).callInPlace(sourceUrl, trustEtags);
  }

  /**
   * Where the data to version is: a local file or directory, or an {@code s3://bucket/prefix}
   * versioned in place or staged into the work directory first ({@link #runsInPlace} decides), or a
   * {@code gs://bucket/prefix} or {@code azure://container/prefix} versioned in place.
   */
  public sealed interface Source {
    /**
     * Whether {@link Snapshot#run(Store, Request, Source, Path)} versions this source in place on
     * the store's data remote (no local copy, no local hash state).
     */
    boolean runsInPlace(Store store);

    /** A mounted file or directory (a volume, a KFP artifact path). */
    record Local(Path path) implements Source {
      @Override
      public boolean runsInPlace(Store store) {
        return false;
      }
    }

    /**
     * An {@code s3://bucket/prefix}.
     *
     * @param url the prefix
     * @param inPlace whether to version it in place or stage it
     * @param trustEtags read an object's MD5 from its ETag where that provably is one (in place)
     * @param endpointUrl the S3 endpoint to stage from (null: the SDK's default)
     */
    record S3Prefix(String url, InPlace inPlace, boolean trustEtags, @Nullable String endpointUrl)
        implements Source {
      @Override
      public boolean runsInPlace(Store store) {
        return inPlace == InPlace.ALWAYS || (inPlace == InPlace.AUTO && canRunInPlace(store, url));
      }
    }

    /**
     * A {@code gs://bucket/prefix}: always versioned in place, through a {@code gs://} data remote
     * (refused with a one-line error on any other remote); never staged.
     *
     * @param url the prefix
     * @param trustEtags read an object's MD5 from the one GCS reports where it has one
     */
    record GsPrefix(String url, boolean trustEtags) implements Source {
      @Override
      public boolean runsInPlace(Store store) {
        return true;
      }
    }

    /**
     * An {@code azure://container/prefix} of the data remote's storage account: always versioned in
     * place, through an {@code azure://} data remote (refused with a one-line error on any other
     * remote); never staged.
     *
     * @param url the prefix
     * @param trustMd5s read a blob's MD5 from its Content-MD5 property where it has one (Azure sets
     *     it for a blob uploaded in one Put Blob; a writer can also set it)
     */
    record AzurePrefix(String url, boolean trustMd5s) implements Source {
      @Override
      public boolean runsInPlace(Store store) {
        return true;
      }
    }
  }

  /** Whether an {@code s3://} source is versioned in place. */
  public enum InPlace {
    /** In place when the data remote is S3 and can copy from the source, else staged. */
    AUTO,
    /** Always in place (refused when the data remote cannot copy from the source). */
    ALWAYS,
    /** Always staged into the work directory first. */
    NEVER;

    /**
     * Parses {@code auto}, {@code always} or {@code never} (any case; blank is {@link #AUTO}).
     *
     * @throws InvalidInputException naming {@code option} for anything else
     */
    public static InPlace parse(String value, String option) {
      String mode = value.strip().toLowerCase(java.util.Locale.ROOT);
      return switch (mode) {
        case "", "auto" -> AUTO;
        case "always" -> ALWAYS;
        case "never" -> NEVER;
        default ->
            throw new InvalidInputException(
                "Cannot use " + option + " " + value + ": give auto, always or never");
      };
    }
  }

  /**
   * Versions {@code source}: a local one as {@link #run(Store, Request)}, an S3 prefix in place
   * ({@link #runInPlace}) or staged into {@code workDir} first, then versioned from there. {@code
   * request.source()} is replaced by the source's path.
   *
   * @throws InvalidInputException as {@link #run(Store, Request)} and {@link #runInPlace}, or if a
   *     prefix to stage is empty or cannot be listed by size (not S3)
   */
  public static Result run(Store store, Request request, Source source, Path workDir) {
    if (source instanceof Source.S3Prefix prefix) {
      if (prefix.runsInPlace(store)) {
        return runInPlace(store, request, prefix.url(), prefix.trustEtags());
      }
      Path staged =
          S3Staging.stage(
              prefix.url(), prefix.endpointUrl(), workDir, store.jobs(), store.progress());
      return run(store, withSource(request, staged));
    }
    if (source instanceof Source.GsPrefix prefix) {
      return runInPlace(store, request, prefix.url(), prefix.trustEtags());
    }
    if (source instanceof Source.AzurePrefix prefix) {
      return runInPlace(store, request, prefix.url(), prefix.trustMd5s());
    }
    return run(store, withSource(request, ((Source.Local) source).path()));
  }

  private static Request withSource(Request r, Path source) {
    return new Request(
        r.name(),
        source,
        r.pathInRepo(),
        r.type(),
        r.bump(),
        r.message(),
        r.lineage(),
        r.followExternalLinks(),
        r.rehashAll());
  }

  /** Whether the store's data remote can snapshot {@code sourceUrl} in place (an S3 remote). */
  public static boolean canRunInPlace(Store store, String sourceUrl) {
    return store.remote() instanceof dev.cairn.core.remote.SupportsServerSideCopy copier
        && copier.canCopyFrom(sourceUrl);
  }

  static void checkPathInRepo(String path) {
    List<String> parts = List.of(path.split("/", -1));
    boolean bad =
        path.isBlank()
            || path.startsWith("/")
            || path.contains("\\")
            || path.endsWith(Tracked.DVC_SUFFIX)
            || parts.contains("")
            || parts.contains(".")
            || parts.contains("..")
            || parts.get(0).equals(".git")
            || parts.get(0).equals(Workspace.DVC_DIR)
            || parts.contains(".gitignore")
            || parts.get(parts.size() - 1).equals("dvc.yaml");
    if (bad) {
      throw new InvalidInputException(
          "Cannot use repository path: '"
              + path
              + "' (give a relative POSIX path such as data/churn, not a .dvc file and not"
              + " inside .git or .dvc)");
    }
  }
}
