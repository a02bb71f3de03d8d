package dev.cairn.core.registry;

import dev.cairn.core.git.GitMarker;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every {@link StageHold} of a repository, read from its markers. Immutable. */
public final class StageHolds {
  private final List<StageHold> holds;

  private StageHolds(List<StageHold> holds) {
    this.holds = List.copyOf(holds);
  }

  /** The holds among {@code markers} (other markers are ignored). */
  public static StageHolds of(List<GitMarker> markers) {
    List<StageHold> holds = new ArrayList<>();
    for (GitMarker marker : markers) {
      StageHold.parse(marker).ifPresent(holds::add);
    }
    holds.sort(java.util.Comparator.comparing(StageHold::artifact).thenComparing(StageHold::stage));
    return new StageHolds(holds);
  }

  /** The hold on {@code artifact#stage}, if any. */
  public Optional<StageHold> find(String artifact, String stage) {
    return holds.stream()
        .filter(h -> h.artifact().equals(artifact) && h.stage().equals(stage))
        .findFirst();
  }

  /** The holds on any stage of {@code artifact}, by stage. */
  public List<StageHold> of(String artifact) {
    return holds.stream().filter(h -> h.artifact().equals(artifact)).toList();
  }

  /** Every hold, by artifact and stage. */
  public List<StageHold> all() {
    return holds;
  }
}
