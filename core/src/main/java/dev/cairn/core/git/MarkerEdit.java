package dev.cairn.core.git;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Creates, replaces or deletes a {@link GitMarker} in the same atomic push as a change's tags. The
 * push fails (and the write is re-applied on a fresh snapshot) when the marker is not in the
 * expected state any more, so two writers cannot both act on the same marker state.
 *
 * @param name the ref name below {@code refs/cairn/}
 * @param annotation the annotated tag a new marker points at; null deletes the marker
 * @param expectedObjectId null to create (the marker must not exist); the marker's object id as
 *     this write saw it to delete
 */
public record MarkerEdit(
    String name, @Nullable NewTag annotation, @Nullable String expectedObjectId) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=/#-]*");

  public MarkerEdit {
    checkName(name);
    if ((annotation == null) == (expectedObjectId == null)) {
      throw new IllegalArgumentException(
          "Cannot edit marker "
              + name
              + ": give an annotation to create or an object id to delete");
    }
  }

  /** Creates marker {@code name}, which must not exist, pointing at a new annotated tag. */
  public static MarkerEdit create(String name, NewTag annotation) {
    return new MarkerEdit(name, annotation, null);
  }

  /** Deletes marker {@code name}, which must still point at {@code expected}. */
  public static MarkerEdit delete(String name, String expected) {
    return new MarkerEdit(name, null, expected);
  }

  static String checkName(String name) {
    if (!NAME.matcher(name).matches()
        || name.contains("..")
        || name.endsWith("/")
        || name.endsWith(".lock")
        || name.startsWith("claims/")) {
      throw new IllegalArgumentException("Cannot use marker name: '" + name + "'");
    }
    return name;
  }
}
