package dev.cairn.core.remote.cloud;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/** What the object-store backends' error mappings share: reading a failure's cause chain. */
public final class CloudErrors {
  private CloudErrors() {}

  /** The first throwable of {@code e}'s cause chain (itself included) that {@code test} accepts. */
  public static @Nullable Throwable findCause(Throwable e, Predicate<Throwable> test) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (test.test(t)) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** The cause that says the endpoint could not be reached (connect, DNS, route, timeout, TLS). */
  public static @Nullable Throwable networkCause(Throwable e) {
    return findCause(
        e,
        t ->
            t instanceof ConnectException
                || t instanceof UnknownHostException
                || t instanceof NoRouteToHostException
                || t instanceof SocketTimeoutException
                || t instanceof SSLException
                || t instanceof HttpConnectTimeoutException);
  }

  /** {@code message} on one line, cut at 300 characters. */
  public static String oneLine(String message) {
    String line = message.replaceAll("\\s+", " ").trim();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
