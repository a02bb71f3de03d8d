package dev.cairn.core.registry;

import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A rollback for {@link Registry#rollback(RollbackOrder)}.
 *
 * @param name the artifact
 * @param stage the stage to move back
 * @param target the version to go back to, or null for "previous": the version that held the stage
 *     before the current assignment, skipping deregistered versions and versions the stage was
 *     rolled back away from
 * @param reason why (recorded in the tag messages and the hold); may include the operator
 * @param hold whether to place a {@link StageHold} on the stage in the same push (a hold already on
 *     the stage is kept as it is)
 * @param contentId the content id ({@code md5} or {@code md5.dir}) of a version, recorded for the
 *     version rolled back away from so identical bytes under a new version are recognised; empty
 *     when unknown
 */
public record RollbackOrder(
    String name,
    String stage,
    @Nullable String target,
    String reason,
    boolean hold,
    Function<VersionState, Optional<String>> contentId) {
  public RollbackOrder {
    GtoTag.checkFullName(name);
    GtoTag.checkStage(stage);
    reason = reason.strip();
  }

  /** A rollback to {@code target} (null: previous) that places a hold, recording no content id. */
  public static RollbackOrder of(
      String name, String stage, @Nullable String target, String reason) {
    return new RollbackOrder(name, stage, target, reason, true, v -> Optional.empty());
  }

  public RollbackOrder withHold(boolean value) {
    return new RollbackOrder(name, stage, target, reason, value, contentId);
  }

  public RollbackOrder withContentId(Function<VersionState, Optional<String>> value) {
    return new RollbackOrder(name, stage, target, reason, hold, value);
  }
}
