package dev.cairn.core.ops;

import dev.cairn.core.Progress;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.transfer.Transfer;
import dev.cairn.core.transfer.TransferResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code cairn push}, {@code fetch} and {@code status --cloud}: moves the objects of tracked
 * outputs between the cache and a remote, DVC 3 and legacy DVC 2 objects each in their own layout.
 */
public final class DataSync {

  /** Settings shared by push and fetch. */
  public record Options(
      @Nullable String remote, int jobs, Progress progress, RemoteSpec.Files files) {
    public static Options defaults() {
      return new Options(null, Transfer.DEFAULT_JOBS, Progress.NONE, RemoteSpec.Files.NONE);
    }

    public Options withRemote(@Nullable String name) {
      return new Options(name, jobs, progress, files);
    }

    public Options withFiles(RemoteSpec.Files value) {
      return new Options(remote, jobs, progress, value);
    }
  }

  /** What a push or fetch did, over both layouts. */
  public record Summary(String remote, int transferred, int skipped, long bytes, int outputs) {}

  private DataSync() {}

  /** Uploads what the remote lacks; a directory's {@code .dir} goes last. */
  public static Summary push(Workspace workspace, List<Path> targets, Options options) {
    return run(workspace, targets, options, true);
  }

  /** Downloads what the cache lacks, verifying every object's MD5 while streaming. */
  public static Summary fetch(Workspace workspace, List<Path> targets, Options options) {
    return run(workspace, targets, options, false);
  }

  private static Summary run(
      Workspace workspace, List<Path> targets, Options options, boolean push) {
    List<TrackedOutput> outputs = Tracked.collect(workspace, targets);
    Map<Optional<String>, List<TrackedOutput>> groups = byRemote(outputs, options.remote());
    if (groups.isEmpty()) {
      groups = Map.of(Optional.ofNullable(options.remote()), List.of());
    }
    int transferred = 0;
    int skipped = 0;
    long bytes = 0;
    List<String> described = new ArrayList<>();
    for (var group : groups.entrySet()) {
      try (Remote remote = workspace.openRemote(group.getKey().orElse(null), options.files())) {
        described.add(remote.describe());
        for (boolean legacy : new boolean[] {false, true}) {
          Set<Oid> roots = roots(workspace, remote, group.getValue(), legacy, push);
          if (roots.isEmpty()) {
            continue;
          }
          Transfer transfer = transfer(cache(workspace, legacy), remote, options);
          TransferResult result =
              (push ? transfer.push(roots) : transfer.fetch(roots)).requireSuccess();
          transferred += result.transferred();
          skipped += result.skipped();
          bytes += result.bytes();
        }
      }
    }
    return new Summary(String.join(", ", described), transferred, skipped, bytes, outputs.size());
  }

  /**
   * Outputs by the remote they live on, as DVC 3 picks it: an output's own {@code remote:} field,
   * else the remote asked for, else the default (empty). With a remote asked for, outputs whose own
   * remote is another one are left out (DVC's {@code outs_filter}).
   */
  static Map<Optional<String>, List<TrackedOutput>> byRemote(
      List<TrackedOutput> outputs, @Nullable String asked) {
    Map<Optional<String>, List<TrackedOutput>> groups = new LinkedHashMap<>();
    for (TrackedOutput output : outputs) {
      Object own = output.output().fields().get("remote");
      String mine = own instanceof String name && !name.isBlank() ? name : null;
      if (asked != null && mine != null && !mine.equalsIgnoreCase(asked)) {
        continue;
      }
      Optional<String> key = Optional.ofNullable(mine != null ? mine : asked);
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(output);
    }
    return groups;
  }

  private static Transfer transfer(Cache cache, Remote remote, Options options) {
    return Transfer.builder(cache, remote)
        .jobs(options.jobs())
        .progress(options.progress())
        .build();
  }

  private static Cache cache(Workspace workspace, boolean legacy) {
    return legacy ? workspace.cache().legacy() : workspace.cache();
  }

  /**
   * The objects to move: whole outputs by their id; a target inside a directory output by the files
   * of its listing below the target (a fetch first downloads the listing alone). Outputs with
   * {@code cache: false} are skipped, and on push those with {@code push: false}, as DVC.
   */
  private static Set<Oid> roots(
      Workspace workspace,
      Remote remote,
      List<TrackedOutput> outputs,
      boolean legacy,
      boolean push) {
    Set<Oid> roots = new LinkedHashSet<>();
    for (TrackedOutput output : outputs) {
      Oid oid = output.oid();
      if (oid == null || output.legacy() != legacy || !(push ? output.pushed() : output.cached())) {
        continue;
      }
      if (output.filter() == null) {
        roots.add(oid);
      } else {
        Cache cache = cache(workspace, legacy);
        if (!push) {
          Listings.fetch(cache, remote, oid);
        }
        roots.addAll(Granular.entries(cache, output).values());
      }
    }
    return roots;
  }
}
