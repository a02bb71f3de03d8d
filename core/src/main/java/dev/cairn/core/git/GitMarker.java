package dev.cairn.core.git;

/**
 * A marker: a ref below {@code refs/cairn/} (other than the claims) that points at an annotated tag
 * object. Markers are pushed and fetched with the registry's tags, but gto and dvc never see them
 * because they are outside {@code refs/tags}.
 *
 * @param name the ref name below {@code refs/cairn/}, e.g. {@code holds/churn-model#prod}
 * @param objectId the id of the annotated tag object the ref points at (for compare-and-swap)
 * @param annotation the tag object's target commit, tagger, time and message
 */
public record GitMarker(String name, String objectId, GitTag annotation) {
  /** Where markers live. */
  public static final String PREFIX = "refs/cairn/";

  public GitMarker {
    MarkerEdit.checkName(name);
  }

  /** The full ref name. */
  public String ref() {
    return PREFIX + name;
  }
}
