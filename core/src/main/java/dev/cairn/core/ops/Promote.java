package dev.cairn.core.ops;

import dev.cairn.core.registry.Gate;
import dev.cairn.core.registry.GtoTag;
import dev.cairn.core.registry.SemVer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Promotion for train-register: evaluates every gate on the candidate's recorded metrics against
 * those of the version currently in the stage (both read from the lineage in their {@code .dvc}
 * files), and assigns the stage only if all pass. A rejection is a normal result.
 */
public final class Promote {

  /**
   * What to promote.
   *
   * @param name the artifact
   * @param version the candidate version ({@code v1.4.0})
   * @param stage the stage to assign ({@code prod})
   * @param gates gate expressions ({@link Gate} syntax); all must pass; empty always passes
   * @param ifEmpty the verdict of comparisons with the stage when nothing is in it
   * @param message the assign tag message (GTO's default when null)
   */
  public record Request(
      String name,
      String version,
      String stage,
      List<String> gates,
      Gate.IfEmpty ifEmpty,
      @Nullable String message) {
    public Request {
      GtoTag.checkFullName(name);
      SemVer.parse(version);
      GtoTag.checkStage(stage);
      gates = List.copyOf(gates);
      if (message != null && message.isBlank()) {
        message = null;
      }
    }

    /** Promotion without a gate, an empty stage passing, the default message. */
    public static Request of(String name, String version, String stage) {
      return new Request(name, version, stage, List.of(), Gate.IfEmpty.PASS, null);
    }

    public Request withGates(List<String> value, Gate.IfEmpty policy) {
      return new Request(name, version, stage, value, policy, message);
    }

    public Request withMessage(@Nullable String value) {
      return new Request(name, version, stage, gates, ifEmpty, value);
    }
  }

  /**
   * The verdict.
   *
   * @param name the artifact
   * @param version the candidate
   * @param stage the stage
   * @param promoted whether the candidate is in the stage now (also true when it already was)
   * @param previousVersion the version that was in the stage before the candidate's assignment (for
   *     a rejection: the one still there), or null when the stage was empty
   * @param comparisons every comparison the gates made, with the values used, e.g. {@code accuracy
   *     >= stage.accuracy: 0.91 >= 0.89 -> true (prod v0.0.1)}
   * @param reason why it was rejected (null when promoted)
   * @param changed whether a stage tag was written now (false when it was already in the stage or
   *     rejected)
   */
  public record Result(
      String name,
      String version,
      String stage,
      boolean promoted,
      @Nullable String previousVersion,
      List<String> comparisons,
      @Nullable String reason,
      boolean changed) {
    public Result {
      comparisons = List.copyOf(comparisons);
    }
  }

  private Promote() {}

  /**
   * Evaluates the gates and assigns the stage if they all pass. Re-running for the version already
   * in the stage writes nothing and reports it as promoted.
   *
   * @throws dev.cairn.core.InvalidInputException if the version is not an active registered
   *     version, a gate does not parse, or a gate reads a metric that is not recorded
   */
  public static Result run(Store store, Request request) {
    throw new UnsupportedOperationException("not yet implemented");
  }
}
