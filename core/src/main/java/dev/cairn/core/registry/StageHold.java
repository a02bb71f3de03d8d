package dev.cairn.core.registry;

import dev.cairn.core.git.GitMarker;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A hold on a stage: while it is on, automatic promotion ({@code train-register}) registers new
 * versions but does not assign the stage. {@code rollback-model} places one by default; {@code
 * cairn hold} and {@code cairn release} place and end one by hand. Stored as the marker ref {@code
 * refs/cairn/holds/<artifact>#<stage>} (an annotated tag object on the held version's commit), so
 * gto and dvc ignore it.
 *
 * @param artifact the artifact ({@code dir:name} for monorepo names)
 * @param stage the stage
 * @param version the version that was in the stage when the hold was placed
 * @param reason why
 * @param by who placed it ({@code name <email>} of the tagger)
 * @param since when
 * @param objectId the marker's object id (for compare-and-swap on release)
 */
public record StageHold(
    String artifact,
    String stage,
    String version,
    String reason,
    String by,
    Instant since,
    String objectId) {

  static final String MARKER_DIR = "holds/";

  /** The marker name of the hold on {@code artifact#stage}. */
  static String markerName(String artifact, String stage) {
    return MARKER_DIR + artifact.replace(':', '=') + "#" + stage;
  }

  /** The hold a marker records; empty if the marker is not a hold. */
  static Optional<StageHold> parse(GitMarker marker) {
    String name = marker.name();
    if (!name.startsWith(MARKER_DIR)) {
      return Optional.empty();
    }
    String rest = name.substring(MARKER_DIR.length());
    int hash = rest.lastIndexOf('#');
    if (hash <= 0 || hash == rest.length() - 1) {
      return Optional.empty();
    }
    Map<String, String> trailers = Trailers.parse(marker.annotation().message());
    String by =
        marker.annotation().taggerName()
            + (marker.annotation().taggerEmail().isEmpty()
                ? ""
                : " <" + marker.annotation().taggerEmail() + ">");
    Instant since = marker.annotation().taggerTime();
    return Optional.of(
        new StageHold(
            rest.substring(0, hash).replace('=', ':'),
            rest.substring(hash + 1),
            trailers.getOrDefault(Trailers.HOLD_VERSION, marker.annotation().targetCommit()),
            trailers.getOrDefault(Trailers.REASON, firstLine(marker.annotation().message())),
            by,
            since == null ? Instant.EPOCH : since,
            marker.objectId()));
  }

  /** One line for people: {@code prod held at v0.0.1 since ... by ...: reason}. */
  public String describe() {
    return stage + " held at " + version + " since " + since + " by " + by + ": " + reason;
  }

  private static String firstLine(String message) {
    String text = message.strip();
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
