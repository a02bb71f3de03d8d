package dev.cairn.core.odb;

/**
 * What a checkout did, in files.
 *
 * @param added created where nothing was
 * @param modified replaced because their content differed
 * @param deleted removed because the version does not have them
 * @param unchanged already right, left alone
 */
public record CheckoutResult(int added, int modified, int deleted, int unchanged) {
  public CheckoutResult {
    if (added < 0 || modified < 0 || deleted < 0 || unchanged < 0) {
      throw new IllegalArgumentException("Cannot count negative files");
    }
  }

  /** Whether the workspace was already at the version. */
  public boolean isNoOp() {
    return added == 0 && modified == 0 && deleted == 0;
  }
}
