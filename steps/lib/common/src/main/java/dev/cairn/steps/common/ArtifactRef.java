package dev.cairn.steps.common;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.ops.Store;
import dev.cairn.core.registry.ArtifactState;
import dev.cairn.core.registry.Lineage;
import dev.cairn.core.registry.Registry;
import dev.cairn.core.registry.RegistryState;
import java.util.List;

/** A {@code name@vX.Y.Z} reference to a registered version, as given on a command line. */
public record ArtifactRef(String name, String version) {

  /**
   * Parses {@code name@vX.Y.Z}.
   *
   * @param option the option it came from, for the message
   * @throws InvalidInputException naming the value and the expected form
   */
  public static ArtifactRef parse(String value, String option) {
    int at = value.lastIndexOf('@');
    if (at <= 0 || at == value.length() - 1) {
      throw new InvalidInputException(
          "Cannot parse "
              + option
              + " '"
              + value
              + "': expected name@vX.Y.Z (e.g. churn-data@v1.2.0)");
    }
    try {
      Lineage.Input input =
          new Lineage.Input(value.substring(0, at), value.substring(at + 1), null);
      return new ArtifactRef(input.name(), input.version());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "Cannot parse "
              + option
              + " '"
              + value
              + "': expected name@vX.Y.Z ("
              + e.getMessage()
              + ")");
    }
  }

  /**
   * Fails before anything is written when a reference names a version the registry does not have,
   * so lineage never records an input that does not exist.
   *
   * @param option the option the references came from, for the message
   * @param check what the user should look at, e.g. {@code "the snapshot-data output"}
   * @throws InvalidInputException naming the first unknown reference
   */
  public static void requireRegistered(
      Store store, List<ArtifactRef> refs, String option, String check) {
    if (refs.isEmpty()) {
      return;
    }
    RegistryState state = Registry.on(store.repo()).cachedState();
    for (ArtifactRef ref : refs) {
      boolean known =
          state
              .artifact(ref.name())
              .flatMap((ArtifactState a) -> a.version(ref.version()))
              .isPresent();
      if (!known) {
        throw new InvalidInputException(
            "Cannot register with "
                + option
                + " "
                + ref
                + ": no such version in the registry (check "
                + check
                + ")");
      }
    }
  }

  /** The lineage input for this reference. */
  public Lineage.Input input() {
    return new Lineage.Input(name, version, null);
  }

  @Override
  public String toString() {
    return name + "@" + version;
  }
}
