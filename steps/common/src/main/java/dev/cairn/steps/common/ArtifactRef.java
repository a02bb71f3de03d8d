package dev.cairn.steps.common;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.registry.Lineage;

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

  /** The lineage input for this reference. */
  public Lineage.Input input() {
    return new Lineage.Input(name, version, null);
  }

  @Override
  public String toString() {
    return name + "@" + version;
  }
}
