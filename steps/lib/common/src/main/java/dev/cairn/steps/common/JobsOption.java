package dev.cairn.steps.common;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.transfer.Transfer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The one parallelism knob of every command that moves data: {@code -j/--jobs N}, 0 (the default)
 * meaning 4 x cores.
 */
public final class JobsOption {
  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      defaultValue = "${env:CAIRN_JOBS:-0}",
      description = "Parallel transfers; 0 (the default) means 4 x cores. Env: CAIRN_JOBS.")
  private @Nullable Integer jobs;

  /**
   * Parallel transfers.
   *
   * @throws InvalidInputException for a negative number or more than 1024
   */
  public int jobs() {
    Integer given = jobs;
    if (given == null || given == 0) {
      return Transfer.DEFAULT_JOBS;
    }
    if (given < 0 || given > 1024) {
      throw new InvalidInputException(
          "Cannot use --jobs " + given + ": give a number from 1 to 1024, or 0 for 4 x cores");
    }
    return given;
  }
}
