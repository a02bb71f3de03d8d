package dev.cairn.steps.snapshot;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.ops.ShardedSnapshot;
import dev.cairn.core.ops.Snapshot;
import dev.cairn.core.ops.TrainedFrom;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.Registry;
import dev.cairn.steps.common.ArtifactRef;
import dev.cairn.steps.common.GitOptions;
import dev.cairn.steps.common.Markdown;
import dev.cairn.steps.common.OutputOptions;
import dev.cairn.steps.common.ProgressReporter;
import dev.cairn.steps.common.RemoteOptions;
import dev.cairn.steps.common.RunIdentity;
import dev.cairn.steps.common.SourcePaths;
import dev.cairn.steps.common.StepResult;
import dev.cairn.steps.common.StepSession;
import dev.cairn.steps.common.VersioningOptions;
import dev.cairn.steps.common.WorkOptions;
import dev.cairn.steps.common.WorkVolumeAdvice;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code snapshot-data}: versions a dataset directory (a PVC or NFS path, a KFP Dataset artifact)
 * into the registry. Unchanged data registers nothing and returns the existing version with {@code
 * changed=false}; {@code needs_training} stays true until a model version records the data version
 * in its lineage, so a DAG gates training on it with a {@code when} and a failed day catches up.
 */
@Command(
    name = "snapshot-data",
    mixinStandardHelpOptions = true,
    version = "cairn snapshot-data 0.1.0",
    description = {
      "Hash a dataset, upload what the remote lacks, commit its .dvc pointer and tag name@vX.Y.Z.",
      "Unchanged data writes nothing and outputs the existing version with changed=false;"
          + " needs_training is true when the data changed or no model version records this data"
          + " version in its lineage."
    })
public final class SnapshotDataCommand implements Callable<Integer> {
  /** The outputs, in the order they are printed. */
  public static final List<String> OUTPUTS =
      List.of(
          "name",
          "version",
          "md5",
          "commit",
          "changed",
          "needs_training",
          "files",
          "bytes",
          "previous_version",
          "rehashed");

  /** The outputs of {@code --role plan}: {@code shards} is the list a workflow fans out over. */
  public static final List<String> PLAN_OUTPUTS =
      List.of("plan", "shards", "count", "files", "bytes");

  /** The outputs of {@code --role shard}. */
  public static final List<String> SHARD_OUTPUTS =
      List.of("plan", "shard", "count", "listing", "files", "bytes", "reused", "uploaded");

  /**
   * The outputs only the plan and shard roles produce (see {@code --role}); every role accepts
   * every output name and writes an empty file for one it does not produce.
   */
  public static final List<String> ROLE_OUTPUTS =
      List.of("plan", "shards", "count", "listing", "shard", "reused", "uploaded");

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "PATH",
      defaultValue = "${env:CAIRN_DATA}",
      description =
          "The dataset: a directory or file (a mounted volume, a KFP Dataset path), an s3://"
              + " prefix (snapshotted in place or staged, see --in-place), a gs:// or an"
              + " azure:// prefix (snapshotted in place through a data remote of the same"
              + " service). Env: CAIRN_DATA.")
  private String data = "";

  @Option(
      names = "--in-place",
      paramLabel = "auto|always|never",
      defaultValue = "${env:CAIRN_IN_PLACE:-auto}",
      description =
          "For an s3:// --data: hash the objects through the S3 data remote's own connection and"
              + " copy them server-side into the remote, without a local copy (always); stage them"
              + " into the work directory first (never); or in place when the data remote is S3"
              + " (auto, the default). In place reads the data with the remote's endpoint and"
              + " credentials; the step's cache then holds only the .dir listing. Env:"
              + " CAIRN_IN_PLACE.")
  private String inPlace = "auto";

  @Option(
      names = "--hash-all-bytes",
      defaultValue = "${env:CAIRN_HASH_ALL_BYTES:-false}",
      description =
          "In place: read every object to hash it, even one whose ETag proves its MD5 (a"
              + " single-part object of 1 MiB or more, not SSE-KMS/SSE-C), or which has an MD5"
              + " GCS reported or a Content-MD5 property (Azure). Env: CAIRN_HASH_ALL_BYTES.")
  private boolean hashAllBytes;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      defaultValue = "${env:CAIRN_NAME}",
      description = "Artifact name in the registry (GTO rules: churn-data). Env: CAIRN_NAME.")
  private String name = "";

  @Option(
      names = "--path-in-repo",
      paramLabel = "PATH",
      defaultValue = "${env:CAIRN_PATH_IN_REPO}",
      description =
          "Repository path of the tracked data (default: data/<name>). Env: CAIRN_PATH_IN_REPO.")
  private @Nullable String pathInRepo;

  @Option(
      names = "--derived-from",
      paramLabel = "NAME@VERSION",
      split = ",",
      defaultValue = "${env:CAIRN_DERIVED_FROM}",
      description =
          "Dataset version(s) this one was derived from, for lineage. Env: CAIRN_DERIVED_FROM.")
  private List<String> derivedFrom = new ArrayList<>();

  @Option(
      names = "--role",
      paramLabel = "plan|shard|merge",
      defaultValue = "${env:CAIRN_ROLE}",
      description =
          "A sharded snapshot, one role per pod: plan (list --data, cut it into --shards shards,"
              + " output the list), shard (hash and upload the --shard given), merge (build the"
              + " version from the --plan's shards and register it). Default: all in this pod."
              + " Env: CAIRN_ROLE.")
  private @Nullable String role;

  @Option(
      names = "--shards",
      paramLabel = "N",
      defaultValue = "${env:CAIRN_SHARDS:-4}",
      description = "plan: how many shards (default 4). Env: CAIRN_SHARDS.")
  private int shards = 4;

  @Option(
      names = "--shard",
      paramLabel = "JSON|FILE",
      defaultValue = "${env:CAIRN_SHARD}",
      description =
          "shard: one item of the plan's shards output, or its index in --plan. Env:"
              + " CAIRN_SHARD.")
  private @Nullable String shard;

  @Option(
      names = "--plan",
      paramLabel = "JSON|FILE",
      defaultValue = "${env:CAIRN_PLAN}",
      description =
          "merge (and shard, with an index as --shard): the plan's shards output, the whole"
              + " list. Env: CAIRN_PLAN.")
  private @Nullable String plan;

  @Mixin private VersioningOptions versioning = new VersioningOptions();
  @Mixin private GitOptions git = new GitOptions();
  @Mixin private RemoteOptions remote = new RemoteOptions();
  @Mixin private WorkOptions work = new WorkOptions();
  @Mixin private OutputOptions outputs = new OutputOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    String sharded = ShardRoles.role(role);
    java.util.Set<String> known = new java.util.HashSet<>(OUTPUTS);
    known.addAll(ROLE_OUTPUTS);
    outputs.check(known);
    if (ShardRoles.PLAN.equals(sharded) || ShardRoles.SHARD.equals(sharded)) {
      return planOrShard(ShardRoles.PLAN.equals(sharded), out);
    }
    List<ShardedSnapshot.Shard> merged =
        ShardRoles.MERGE.equals(sharded)
            ? ShardRoles.read(plan == null ? "" : plan, "--plan", false)
            : List.of();
    Snapshot.@Nullable Source source = merged.isEmpty() ? source() : null;
    Snapshot.Request request = request(java.nio.file.Path.of("s3-source"));
    try (StepSession session = StepSession.open(git, remote, work, out)) {
      ArtifactRef.requireRegistered(
          session.store(), derivedRefs(), "--derived-from", "the name and version given");
      // a merge reads no files here: the shards hashed them
      boolean inPlace = source == null || source.runsInPlace(session.store());
      Snapshot.Result result =
          source == null
              ? ShardedSnapshot.merge(session.store(), withRun(request, session.identity()), merged)
              : Snapshot.run(
                  session.store(), withRun(request, session.identity()), source, session.workDir());
      Optional<String> trainedBy =
          result.changed()
              ? Optional.empty()
              : TrainedFrom.find(
                  session.store().repo(),
                  Registry.on(session.store().repo()).cachedState(),
                  result.name(),
                  result.version());
      out.println(headline(result));
      // in place, the objects are hashed on the remote's side: no local hash state to keep
      Optional<String> advice =
          inPlace || !merged.isEmpty()
              ? Optional.empty()
              : WorkVolumeAdvice.of(session.hashStateWasEmpty(), result.files(), result.bytes());
      advice.ifPresent(text -> out.println("work directory: " + text));
      outputs.write(result(result, trainedBy, session.identity(), advice), out);
    }
    return 0;
  }

  /** The plan role (cut the source into shards) or the shard role (hash and upload one). */
  private int planOrShard(boolean planning, PrintWriter out) {
    Snapshot.Source given = source();
    String where = given instanceof Snapshot.Source.Local local ? local.path().toString() : data;
    List<ShardedSnapshot.Shard> mine =
        planning ? List.of() : ShardRoles.mine(shard == null ? "" : shard, plan);
    try (StepSession session = StepSession.open(git, remote, work, out)) {
      outputs.write(
          mine.isEmpty()
              ? ShardRoles.plan(session, where, shards, out)
              : ShardRoles.shard(
                  session,
                  where,
                  mine.get(0),
                  versioning.followExternalLinks(),
                  !hashAllBytes,
                  out),
          out);
    }
    return 0;
  }

  /**
   * Where the data is: an s3:// prefix (in place or staged, per --in-place), a gs:// or azure://
   * prefix (in place) or a mounted path.
   */
  Snapshot.Source source() {
    Snapshot.InPlace mode = Snapshot.InPlace.parse(inPlace, "--in-place");
    if (data.startsWith("s3://")) {
      return new Snapshot.Source.S3Prefix(data, mode, !hashAllBytes, remote.endpointUrl());
    }
    if (data.startsWith("gs://") || data.startsWith("azure://")) {
      String scheme = data.substring(0, data.indexOf("://") + 3);
      if (mode == Snapshot.InPlace.NEVER) {
        throw new InvalidInputException(
            "Cannot snapshot "
                + data
                + " with --in-place never: "
                + (scheme.startsWith("a") ? "an " : "a ")
                + scheme
                + " prefix is only snapshotted"
                + " in place (use --in-place auto, or mount the data and give its path)");
      }
      return data.startsWith("gs://")
          ? new Snapshot.Source.GsPrefix(data, !hashAllBytes)
          : new Snapshot.Source.AzurePrefix(data, !hashAllBytes);
    }
    if (data.isBlank()) {
      throw new InvalidInputException(
          "Cannot snapshot: --data is empty (give a directory, a file or an s3:// prefix)");
    }
    if (data.contains("://")) {
      throw new InvalidInputException(
          "Cannot snapshot "
              + data
              + ": give a mounted path or an s3://, gs:// or azure:// prefix (other URLs are not"
              + " supported)");
    }
    return new Snapshot.Source.Local(
        SourcePaths.requireContent(java.nio.file.Path.of(data), "--data", "dataset"));
  }

  private List<ArtifactRef> derivedRefs() {
    List<ArtifactRef> refs = new ArrayList<>();
    for (String ref : derivedFrom) {
      if (!ref.isBlank()) {
        refs.add(ArtifactRef.parse(ref.strip(), "--derived-from"));
      }
    }
    return refs;
  }

  private Snapshot.Request request(java.nio.file.Path source) {
    List<Lineage.Input> inputs = derivedRefs().stream().map(ArtifactRef::input).toList();
    String path =
        pathInRepo != null && !pathInRepo.isBlank()
            ? pathInRepo
            : Snapshot.defaultPathInRepo(name, Snapshot.DATASET);
    Lineage lineage = new Lineage(inputs, versioning.code(git.url()), Map.of(), Map.of(), null);
    return new Snapshot.Request(
            name, source, path, Snapshot.DATASET, versioning.bump(), null, lineage)
        .withFollowExternalLinks(versioning.followExternalLinks())
        .withRehashAll(versioning.rehashAll());
  }

  private Snapshot.Request withRun(Snapshot.Request request, RunIdentity identity) {
    Lineage l = request.lineage();
    return request
        .withLineage(new Lineage(l.inputs(), l.code(), l.params(), l.metrics(), identity.lineage()))
        .withMessage(
            versioning.messageOr(
                "Registering dataset "
                    + request.name()
                    + " (snapshot-data by "
                    + identity.describe()
                    + ")"));
  }

  /** What happened, in words: the first line a reader of the step's log needs. */
  static String headline(Snapshot.Result r) {
    String ref = r.name() + "@" + r.version();
    String size = r.files() + " files, " + ProgressReporter.human(r.bytes());
    if (!r.changed()) {
      return "unchanged: " + ref + " already holds this data (" + size + "); nothing written";
    }
    Snapshot.Changes c = r.changes();
    String since =
        r.previousVersion() == null
            ? "the first version"
            : c == null
                ? "changed since " + r.previousVersion()
                : c.filesAdded()
                    + " added, "
                    + c.filesModified()
                    + " modified, "
                    + c.filesDeleted()
                    + " deleted since "
                    + r.previousVersion();
    return "registered "
        + ref
        + " ("
        + size
        + "): "
        + since
        + "; uploaded "
        + r.uploaded()
        + " objects, "
        + ProgressReporter.human(r.uploadedBytes());
  }

  /**
   * The outputs and summary. {@code needs_training} is true when the data changed or when no model
   * version records this data version in its lineage ({@code trainedBy} empty): a day whose
   * training failed is trained again the next day.
   */
  static StepResult result(
      Snapshot.Result r,
      Optional<String> trainedBy,
      RunIdentity identity,
      Optional<String> workVolumeAdvice) {
    boolean needsTraining = r.changed() || trainedBy.isEmpty();
    Map<String, @Nullable Object> values = new LinkedHashMap<>();
    values.put("name", r.name());
    values.put("version", r.version());
    values.put("md5", r.md5());
    values.put("commit", r.commit());
    values.put("changed", r.changed());
    values.put("needs_training", needsTraining);
    values.put("files", r.files());
    values.put("bytes", r.bytes());
    values.put("previous_version", r.previousVersion());
    values.put("rehashed", r.rehashed());
    Markdown md =
        Markdown.titled("snapshot-data: " + r.name() + " " + r.version())
            .row(
                "version", r.version() + (r.changed() ? " (new)" : " (unchanged, nothing written)"))
            .row("previous version", r.previousVersion() == null ? "none" : r.previousVersion())
            .row("files", r.files() + " (" + ProgressReporter.human(r.bytes()) + ")")
            .row(
                "re-hashed",
                r.rehashed()
                    + (r.rehashed() >= r.files()
                        ? " (every file: no stat vouched for any)"
                        : " (the others' stat matched)"))
            .row(
                "needs training",
                r.changed()
                    ? "yes (new data)"
                    : trainedBy
                        .map(m -> "no (" + m + " was trained on it)")
                        .orElse(
                            "yes (no model version records " + r.name() + "@" + r.version() + ")"));
    Snapshot.Changes c = r.changes();
    if (r.changed() && c == null) {
      md.row("changes", "not compared (the previous version's listing could not be read)");
    }
    if (r.changed() && c != null) {
      md.row(
              "added / modified / deleted",
              c.filesAdded() + " / " + c.filesModified() + " / " + c.filesDeleted())
          .row(
              "bytes added / removed",
              ProgressReporter.human(c.bytesAdded())
                  + " / "
                  + ProgressReporter.human(c.bytesRemoved()))
          .row("uploaded", r.uploaded() + " objects, " + ProgressReporter.human(r.uploadedBytes()));
    }
    WorkVolumeAdvice.addTo(md, workVolumeAdvice);
    md.row("md5", r.md5()).row("commit", r.commit()).row("run", identity.describe());
    return new StepResult(values, md.render());
  }
}
