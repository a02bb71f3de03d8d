package dev.cairn.steps.common;

import dev.cairn.core.ConfigurationException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one place that decides whether a URL given to a step carries credentials. Credentials come
 * from files (mounted Secrets), never from a URL: a URL is printed in messages and logs and written
 * into lineage, so one with a secret in it is refused before it is used anywhere.
 *
 * <ul>
 *   <li>any URL: a password ({@code scheme://user:secret@host}) is refused;
 *   <li>{@code http(s)://} and {@code s3://} URLs: any user part is refused too ({@code
 *       https://TOKEN@host} carries a token as the user name);
 *   <li>{@code ssh://git@host} keeps its user name: an SSH user is not a secret.
 * </ul>
 */
final class UrlCredentials {
  private static final Pattern USERINFO =
      Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#@]*)@.*");

  private UrlCredentials() {}

  /** True when {@link #refuse} would refuse {@code url}. */
  static boolean carriesCredentials(@Nullable String url) {
    if (url == null) {
      return false;
    }
    Matcher m = USERINFO.matcher(url.strip());
    if (!m.matches()) {
      return false;
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    return m.group(2).contains(":") || !(scheme.equals("ssh") || scheme.startsWith("git+ssh"));
  }

  /**
   * Refuses {@code url} if it carries credentials.
   *
   * @param option the option (or variable) it came from, for the message
   * @param instead where the credentials belong instead
   * @throws ConfigurationException naming the option, never the URL
   */
  static void refuse(@Nullable String url, String option, String instead) {
    if (carriesCredentials(url)) {
      throw new ConfigurationException(
          "Cannot use " + option + " with a user name, password or token in it (" + instead + ")");
    }
  }
}
