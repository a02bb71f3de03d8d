package dev.cairn.core;

/**
 * The one place that takes passwords out of URLs before they are shown or written down. A password
 * is the part after the first {@code :} of the user-info ({@code scheme://user:secret@host/...});
 * URLs without one, paths and SCP-like Git addresses pass unchanged.
 */
public final class Redaction {
  private Redaction() {}

  /** {@code url} with its password shown as {@code ***}, for messages and logs. */
  public static String redact(String url) {
    return replacePassword(url, ":***");
  }

  /** {@code url} with its password left out, as it may be committed ({@code ssh://u@host/p}). */
  public static String withoutPassword(String url) {
    return replacePassword(url, "");
  }

  private static String replacePassword(String url, String replacement) {
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      return url;
    }
    int start = scheme + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    int at = url.lastIndexOf('@', end - 1);
    if (at < start) {
      return url;
    }
    int colon = url.indexOf(':', start);
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, colon) + replacement + url.substring(at);
  }
}
