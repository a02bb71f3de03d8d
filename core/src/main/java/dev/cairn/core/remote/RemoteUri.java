package dev.cairn.core.remote;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A remote URL, read once: its lower-case scheme ({@code s3}, {@code ssh}, {@code file}, ...) and,
 * for a local directory ({@code file://} URL or a path), its absolute path. {@link Remotes} picks
 * the backend by {@link #scheme()}; this class owns the one error for a URL no backend accepts.
 *
 * @param url the URL as given, trimmed
 * @param scheme the lower-case scheme; {@code file} for a plain path
 * @param localPath the directory of a {@code file} remote, else {@code null}
 */
public record RemoteUri(String url, String scheme, @Nullable Path localPath) {
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://.*");
  private static final String SUPPORTED =
      "supported: s3://bucket/prefix, gs://bucket/prefix, azure://container/prefix,"
          + " ssh://user@host:port/abs/path, file:///abs/path or a local"
          + " directory path";

  /**
   * Reads {@code url}.
   *
   * @throws InvalidInputException if it is neither a {@code scheme://} URL nor a path, or a {@code
   *     file://} URL without an absolute path
   */
  public static RemoteUri parse(String url) {
    String trimmed = url.trim();
    Matcher matcher = SCHEME.matcher(trimmed);
    if (!matcher.matches()) {
      if (trimmed.contains("://") || trimmed.matches("^[A-Za-z][A-Za-z0-9+.-]*:[^/\\\\].*")) {
        throw unsupported(trimmed, "not a URL or a path");
      }
      try {
        return new RemoteUri(trimmed, "file", Path.of(trimmed).toAbsolutePath().normalize());
      } catch (InvalidPathException e) {
        throw unsupported(trimmed, "not a valid path");
      }
    }
    String scheme = matcher.group(1).toLowerCase(Locale.ROOT);
    Path local = scheme.equals("file") ? fileUrlToPath(trimmed) : null;
    return new RemoteUri(trimmed, scheme, local);
  }

  /** The error for this URL when no backend takes its scheme. */
  public InvalidInputException unsupportedScheme() {
    return unsupported(url, "unknown scheme '" + scheme + "'");
  }

  /**
   * The one-line error for a URL no backend accepts, with the password redacted and the supported
   * forms listed.
   */
  public static InvalidInputException unsupported(String url, String why) {
    return new InvalidInputException(
        "Cannot open remote: " + Redaction.redact(url) + " (" + why + "; " + SUPPORTED + ")");
  }

  /**
   * The absolute path of a {@code file:} URL ({@code file:///abs} or {@code file://localhost/}).
   */
  private static Path fileUrlToPath(String url) {
    try {
      URI uri = new URI(url);
      String host = uri.getHost();
      if (uri.getPath() == null
          || uri.getPath().isEmpty()
          || (host != null && !host.isEmpty() && !host.equals("localhost"))) {
        throw unsupported(url, "a file URL needs an absolute path and no host");
      }
      return Path.of(uri.getPath()).normalize();
    } catch (URISyntaxException e) {
      throw unsupported(url, "malformed file URL");
    }
  }
}
