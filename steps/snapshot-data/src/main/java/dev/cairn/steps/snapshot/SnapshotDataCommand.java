package dev.cairn.steps.snapshot;

import dev.cairn.core.InvalidInputException;
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

  @Spec private picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "PATH",
      defaultValue = "${env:CAIRN_DATA}",
      description =
          "The dataset: a directory or file (a mounted volume, a KFP Dataset path), an s3://"
              + " prefix (snapshotted in place or staged, see --in-place) or a gs:// prefix"
              + " (snapshotted in place through a gs:// data remote). Env: CAIRN_DATA.")
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
              + " single-part object of 1 MiB or more, not SSE-KMS/SSE-C). Env:"
              + " CAIRN_HASH_ALL_BYTES.")
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

  @Mixin private VersioningOptions versioning = new VersioningOptions();
  @Mixin private GitOptions git = new GitOptions();
  @Mixin private RemoteOptions remote = new RemoteOptions();
  @Mixin private WorkOptions work = new WorkOptions();
  @Mixin private OutputOptions outputs = new OutputOptions();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    outputs.check(new java.util.HashSet<>(OUTPUTS));
    boolean s3 = data.startsWith("s3://");
    boolean gs = data.startsWith("gs://");
    String mode = inPlaceMode();
    if (gs && mode.equals("never")) {
      throw new InvalidInputException(
          "Cannot snapshot "
              + data
              + " with --in-place never: a gs:// prefix is only snapshotted"
              + " in place (use --in-place auto, or mount the data and give its path)");
    }
    Snapshot.Request request =
        request(s3 || gs ? java.nio.file.Path.of(s3 ? "s3-source" : "gs-source") : localData());
    try (StepSession session = StepSession.open(git, remote, work, out)) {
      ArtifactRef.requireRegistered(
          session.store(), derivedRefs(), "--derived-from", "the name and version given");
      Snapshot.Result result;
      boolean inPlace =
          gs
              || s3
                  && (mode.equals("always")
                      || (mode.equals("auto") && Snapshot.canRunInPlace(session.store(), data)));
      if (inPlace) {
        result =
            Snapshot.runInPlace(
                session.store(), withRun(request, session.identity()), data, !hashAllBytes);
      } else {
        if (s3) {
          java.nio.file.Path staged =
              S3Source.stage(
                  data,
                  remote.endpointUrl(),
                  session.workDir(),
                  session.store().jobs(),
                  session.store().progress());
          request = request(staged);
        }
        result = Snapshot.run(session.store(), withRun(request, session.identity()));
      }
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
          inPlace
              ? Optional.empty()
              : WorkVolumeAdvice.of(session.hashStateWasEmpty(), result.files(), result.bytes());
      advice.ifPresent(text -> out.println("work directory: " + text));
      outputs.write(result(result, trainedBy, session.identity(), advice), out);
    }
    return 0;
  }

  /** The --in-place mode: auto, always or never. */
  private String inPlaceMode() {
    String mode = inPlace.strip().toLowerCase(java.util.Locale.ROOT);
    if (mode.isEmpty()) {
      return "auto";
    }
    if (!List.of("auto", "always", "never").contains(mode)) {
      throw new InvalidInputException(
          "Cannot use --in-place " + inPlace + ": give auto, always or never");
    }
    return mode;
  }

  private java.nio.file.Path localData() {
    if (data.isBlank()) {
      throw new InvalidInputException(
          "Cannot snapshot: --data is empty (give a directory, a file or an s3:// prefix)");
    }
    if (data.contains("://")) {
      throw new InvalidInputException(
          "Cannot snapshot "
              + data
              + ": give a mounted path or an s3:// prefix (other URLs are not supported)");
    }
    return SourcePaths.requireContent(java.nio.file.Path.of(data), "--data", "dataset");
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
            .row("re-hashed", r.rehashed() + " (the others' stat matched)")
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
