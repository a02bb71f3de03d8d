package dev.cairn.core.ops;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.registry.GtoTag;
import dev.cairn.core.registry.SemVer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code rollback-model}: puts an earlier version of a model back into a stage. The target's
 * objects are checked to exist on the data remote, fetched into the cache with their hashes checked
 * and published to the serving targets before any registry tag is written; only then are the
 * unassign and assign tags pushed. A failure before the tags leaves the registry as it was; a
 * failure after serving is completed by running the same rollback again.
 */
public final class Rollback {
  /** The target name meaning "the version that held the stage before the current one". */
  public static final String PREVIOUS = "previous";

  private Rollback() {}

  /**
   * What to roll back.
   *
   * @param name the artifact ({@code churn-model}, or {@code dir:name} for a {@code dvc.yaml} in a
   *     sub-directory)
   * @param stage the stage to move back ({@code prod})
   * @param target {@link #PREVIOUS} or an explicit version {@code vX.Y.Z}
   * @param reason why, recorded in the tag messages (required)
   * @param operator who asked for it, recorded in the tag messages; null when unknown
   * @param dryRun resolve and check only, change nothing
   * @param hold place a hold on the stage (the default), so automatic promotion does not undo the
   *     rollback until {@code cairn release}
   */
  public record Request(
      String name,
      String stage,
      String target,
      String reason,
      @Nullable String operator,
      boolean dryRun,
      boolean hold) {
    public Request {
      GtoTag.checkFullName(name);
      GtoTag.checkStage(stage);
      if (!PREVIOUS.equals(target) && !SemVer.isValid(target)) {
        throw new InvalidInputException(
            "Cannot roll back to '"
                + target
                + "': not a version (give --to previous or a version like v1.2.3)");
      }
      if (reason.isBlank()) {
        throw new InvalidInputException(
            "Cannot roll back " + name + "#" + stage + ": no reason given (say why, for the log)");
      }
      reason = reason.strip();
      operator = operator == null || operator.isBlank() ? null : operator.strip();
    }

    /** A rollback to the previous version of the stage. */
    public static Request toPrevious(String name, String stage, String reason) {
      return new Request(name, stage, PREVIOUS, reason, null, false, true);
    }

    /** A rollback to an explicit version. */
    public static Request toVersion(String name, String stage, String version, String reason) {
      return new Request(name, stage, version, reason, null, false, true);
    }

    public Request withOperator(@Nullable String value) {
      return new Request(name, stage, target, reason, value, dryRun, hold);
    }

    public Request withDryRun(boolean value) {
      return new Request(name, stage, target, reason, operator, value, hold);
    }

    public Request withHold(boolean value) {
      return new Request(name, stage, target, reason, operator, dryRun, value);
    }
  }

  /**
   * The resolved rollback, every object of the target checked to be on the data remote.
   *
   * @param name the artifact
   * @param stage the stage
   * @param fromVersion the version in the stage now
   * @param toVersion the version the stage goes back to
   * @param commit the Git commit {@code toVersion}'s tag points at
   * @param path the artifact's path in the repository ({@code models/model.pkl})
   * @param oid the object id of the target's content (a file, or a {@code .dir} listing)
   * @param objects how many objects the target has (a directory counts its {@code .dir} too), all
   *     found on the remote
   * @param alreadyInStage whether {@code toVersion} is in the stage already (no tags to write)
   * @param skipped versions "previous" skipped because the stage was rolled back away from them
   * @param hold the hold on the stage now, or null
   */
  public record Plan(
      String name,
      String stage,
      String fromVersion,
      String toVersion,
      String commit,
      String path,
      Oid oid,
      int objects,
      boolean alreadyInStage,
      List<String> skipped,
      @Nullable String hold) {
    public Plan {
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * What a rollback did.
   *
   * @param name the artifact
   * @param stage the stage
   * @param fromVersion the version that was in the stage
   * @param toVersion the version in the stage now (for a dry run: would be)
   * @param commit the Git commit {@code toVersion}'s tag points at
   * @param changed whether tags were written
   * @param dryRun whether this was only a plan
   * @param tags the tags written, in order (empty when nothing changed)
   * @param objectsVerified objects of the target found on the data remote
   * @param objectsFetched objects downloaded into the cache (hash-checked)
   * @param serving what serving did ({@link Serving.Outcome#nothing} for a dry run or no target)
   * @param message one line for people: what happened (for a dry run: the plan in words)
   * @param hold the hold on the stage afterwards ({@link
   *     dev.cairn.core.registry.StageHold#describe()}), or null; for a dry run the hold it would
   *     place
   * @param holdPlaced whether this rollback placed the hold (for a dry run: would place it)
   */
  public record Result(
      String name,
      String stage,
      String fromVersion,
      String toVersion,
      String commit,
      boolean changed,
      boolean dryRun,
      List<String> tags,
      int objectsVerified,
      int objectsFetched,
      Serving.Outcome serving,
      String message,
      @Nullable String hold,
      boolean holdPlaced) {
    public Result {
      tags = List.copyOf(tags);
    }
  }

  /**
   * Resolves the target and checks every object of it is on the data remote. Changes nothing.
   *
   * @throws InvalidInputException for an unknown artifact or version, an empty stage, no previous
   *     version or a deregistered target
   * @throws dev.cairn.core.IntegrityException if objects are missing from the remote
   */
  public static Plan plan(Store store, Request request) {
    return RollbackRunner.plan(store, request);
  }

  /**
   * Rolls back: checks the serving directory can be written, {@link #plan}, fetch (hash-checked),
   * publish to the serving targets' versioned paths, then the tags (and the hold) in one push,
   * re-deciding on each retried attempt; only then {@code current} is switched, to the version the
   * registry has in the stage. With {@link Request#dryRun()} returns after the checks and the plan.
   * Rolling back to the version already in the stage writes no tags but still makes the serving
   * targets show it.
   *
   * @throws dev.cairn.core.IntegrityException if objects are missing from the remote or corrupt
   *     (nothing changed)
   */
  public static Result run(Store store, Request request, Serving serving) {
    return RollbackRunner.run(store, request, serving);
  }
}
