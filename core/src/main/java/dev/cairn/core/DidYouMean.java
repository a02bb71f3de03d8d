package dev.cairn.core;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean" for a mistyped name: the known names close to it, closest first. */
public final class DidYouMean {
  private static final int MAX_SUGGESTIONS = 3;
  private static final int LISTED = 20;

  private DidYouMean() {}

  /**
   * The known names within a few edits of {@code typed} (one edit for short names, up to three for
   * long ones), or that start with it, closest first; at most three.
   */
  public static List<String> among(String typed, Collection<String> known) {
    String t = typed.toLowerCase(Locale.ROOT);
    int allowed = Math.max(1, Math.min(3, t.length() / 3));
    return known.stream()
        .filter(k -> !k.equals(typed))
        .filter(
            k ->
                distance(t, k.toLowerCase(Locale.ROOT)) <= allowed
                    || (t.length() >= 3 && k.toLowerCase(Locale.ROOT).startsWith(t)))
        .distinct()
        .sorted(
            Comparator.comparingInt((String k) -> distance(t, k.toLowerCase(Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder()))
        .limit(MAX_SUGGESTIONS)
        .toList();
  }

  /** {@code "did you mean a or b? "}, or the empty string when nothing is close. */
  public static String hint(String typed, Collection<String> known) {
    List<String> close = among(typed, known);
    return close.isEmpty() ? "" : "did you mean " + String.join(" or ", close) + "? ";
  }

  /**
   * {@code "did you mean b? known artifacts: a, b, c"}: the hint, then the known names (sorted, the
   * first 20), for a message's parenthesis.
   */
  public static String hintAndList(String typed, String what, Collection<String> known) {
    List<String> sorted = known.stream().sorted().toList();
    String listed = String.join(", ", sorted.subList(0, Math.min(LISTED, sorted.size())));
    if (sorted.size() > LISTED) {
      listed += ", … (" + (sorted.size() - LISTED) + " more)";
    }
    return hint(typed, known) + what + ": " + listed;
  }

  /** Edit distance where swapping two neighbouring characters counts as one edit. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
