package dev.cairn.core.registry;

import java.time.Instant;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * One registry event, read from one annotated GTO tag.
 *
 * @param timestamp the tagger time
 * @param artifact the artifact name
 * @param action what happened
 * @param version the version concerned (a commit id for a stage event on an unregistered commit),
 *     null for deprecation
 * @param stage the stage for assign/unassign, else null
 * @param commit the commit the tag points at
 * @param author tagger name
 * @param authorEmail tagger e-mail
 * @param message the tag message, stripped
 * @param tag the tag name
 */
public record RegistryEvent(
    Instant timestamp,
    String artifact,
    TagAction action,
    @Nullable String version,
    @Nullable String stage,
    String commit,
    String author,
    String authorEmail,
    String message,
    String tag) {

  /** Oldest first; same-second events by GTO's priority, then by tag name. */
  public static final Comparator<RegistryEvent> CHRONOLOGICAL =
      Comparator.comparing(RegistryEvent::timestamp)
          .thenComparingInt(e -> e.action().priority())
          .thenComparing(RegistryEvent::tag);

  /** The reason recorded in the tag message (a rollback's {@code --reason}), or null. */
  public @Nullable String reason() {
    return Trailers.parse(message).get(Trailers.REASON);
  }
}
