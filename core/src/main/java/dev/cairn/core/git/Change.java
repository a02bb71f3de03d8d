package dev.cairn.core.git;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one write does: optionally one commit on the branch (files replaced or added at the given
 * repository paths) plus annotated tags, pushed together atomically.
 *
 * @param commitMessage message of the commit, or null to make no commit
 * @param files new content by repository path ({@code models/m.dvc})
 * @param tags tags to create
 * @param allowEmptyCommit make the commit even if the files are unchanged
 * @param claims names that only one write may take (for example a GTO counter of an artifact): each
 *     becomes a create-only ref {@code refs/cairn/claims/<claim>} pushed in the same atomic
 *     transaction, so two writers that picked the same name cannot both succeed, even when their
 *     tag names differ. The caller picks names that no tag of its snapshot uses, so a claim ref of
 *     that name in the snapshot is stale (its tag was deleted since, for example by {@code gto
 *     deprecate --delete}): the claim then takes the next free ref {@code <claim>.2}, {@code
 *     <claim>.3}, … as the snapshot shows them, which writers racing from one snapshot still share
 *     one.
 * @param markers markers ({@link GitMarker}) to create, replace or delete in the same transaction
 */
public record Change(
    @Nullable String commitMessage,
    Map<String, byte[]> files,
    List<NewTag> tags,
    boolean allowEmptyCommit,
    List<String> claims,
    List<MarkerEdit> markers) {

  /**
   * Where claims live; outside {@code refs/tags} and {@code refs/heads}, so gto and dvc ignore
   * them.
   */
  public static final String CLAIMS_PREFIX = "refs/cairn/claims/";

  private static final java.util.regex.Pattern CLAIM =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._=/#-]*");

  public Change(
      @Nullable String commitMessage,
      Map<String, byte[]> files,
      List<NewTag> tags,
      boolean allowEmptyCommit) {
    this(commitMessage, files, tags, allowEmptyCommit, List.of(), List.of());
  }

  public Change(
      @Nullable String commitMessage,
      Map<String, byte[]> files,
      List<NewTag> tags,
      boolean allowEmptyCommit,
      List<String> claims) {
    this(commitMessage, files, tags, allowEmptyCommit, claims, List.of());
  }

  public Change {
    files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
    tags = List.copyOf(tags);
    claims = List.copyOf(claims);
    markers = List.copyOf(markers);
    if (markers.stream().map(MarkerEdit::name).distinct().count() != markers.size()) {
      throw new IllegalArgumentException("Cannot edit one marker twice in a change");
    }
    for (String claim : claims) {
      if (!CLAIM.matcher(claim).matches() || claim.contains("..") || claim.endsWith("/")) {
        throw new IllegalArgumentException("Cannot use claim name: '" + claim + "'");
      }
    }
    if (!claims.isEmpty() && tags.isEmpty()) {
      throw new IllegalArgumentException("Cannot claim names without a tag to point them at");
    }
    if (commitMessage == null && !files.isEmpty()) {
      throw new IllegalArgumentException("Cannot change files without a commit message");
    }
    for (String path : files.keySet()) {
      if (path.isEmpty()
          || path.startsWith("/")
          || path.contains("\\")
          || path.contains("//")
          || List.of(path.split("/")).contains("..")
          || List.of(path.split("/")).contains(".")) {
        throw new IllegalArgumentException("Cannot write repository path: '" + path + "'");
      }
    }
  }

  /** Nothing to write: the operation found the registry already in the wanted state. */
  public static Change none() {
    return new Change(null, Map.of(), List.of(), false);
  }

  /** Tags only, on existing commits. */
  public static Change tags(List<NewTag> tags) {
    return new Change(null, Map.of(), tags, false);
  }

  /** A commit of {@code files} plus tags (a null target in a tag means the new commit). */
  public static Change commit(String message, Map<String, byte[]> files, List<NewTag> tags) {
    return new Change(message, files, tags, false);
  }

  /** This change, also claiming {@code names} (see {@link #claims()}). */
  public Change withClaims(List<String> names) {
    return new Change(commitMessage, files, tags, allowEmptyCommit, names, markers);
  }

  /** This change, also editing these markers (see {@link #markers()}). */
  public Change withMarkers(List<MarkerEdit> edits) {
    return new Change(commitMessage, files, tags, allowEmptyCommit, claims, edits);
  }

  public boolean isEmpty() {
    return commitMessage == null && tags.isEmpty() && markers.isEmpty();
  }
}
