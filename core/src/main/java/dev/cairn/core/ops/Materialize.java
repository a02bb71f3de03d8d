package dev.cairn.core.ops;

import dev.cairn.core.IntegrityException;
import dev.cairn.core.InvalidInputException;
import dev.cairn.core.Progress;
import dev.cairn.core.hash.DvcIgnore;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.odb.Checkout;
import dev.cairn.core.odb.CheckoutOptions;
import dev.cairn.core.odb.CheckoutResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code cairn checkout}: makes the workspace match the {@code .dvc} files, from the cache. Files
 * not in the version are deleted only when their content is in the cache, unless forced (DVC's
 * rule); otherwise nothing is changed.
 */
public final class Materialize {

  /** What happened to one output. */
  public record Outcome(Path path, Oid oid, CheckoutResult result) {}

  private Materialize() {}

  /**
   * Checks out every target output (all of the repository's when {@code targets} is empty). Every
   * output's objects are checked to be in the cache before any file is touched.
   *
   * @throws IntegrityException if objects are missing from the cache ({@code cairn pull} them)
   */
  public static List<Outcome> run(
      Workspace workspace, List<Path> targets, boolean force, Progress progress) {
    List<TrackedOutput> outputs = Tracked.collect(workspace, targets);
    List<Outcome> outcomes = new ArrayList<>();
    for (TrackedOutput output : outputs) {
      if (!output.cached()) {
        continue; // cache: false, e.g. a metrics file kept in Git: dvc checkout leaves it alone
      }
      Oid oid = output.oid();
      if (oid == null) {
        throw new InvalidInputException(
            "Cannot checkout "
                + workspace.relative(output.path())
                + ": "
                + workspace.root().relativize(output.dvcFile())
                + " has no md5 for it (run `cairn add` on it first)");
      }
      Cache cache = output.legacy() ? workspace.cache().legacy() : workspace.cache();
      Oid object = output.filter() == null ? oid : Granular.object(cache, output);
      Path target = output.targetPath();
      CheckoutOptions options =
          CheckoutOptions.DEFAULT
              .withForce(force)
              .withExec(output.filter() == null && output.output().isexec())
              .withProgress(progress);
      Checkout checkout = new Checkout(cache, workspace.fileHasher(output.legacy()));
      if (object.isDir()) {
        checkout = checkout.ignoring(DvcIgnore.below(workspace.root(), target));
      }
      outcomes.add(new Outcome(target, object, checkout.checkout(object, target, options)));
    }
    return outcomes;
  }
}
