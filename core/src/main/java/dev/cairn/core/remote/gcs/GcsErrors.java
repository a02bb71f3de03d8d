package dev.cairn.core.remote.gcs;

import com.google.cloud.BaseServiceException;
import dev.cairn.core.CairnException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/** Turns GCS failures into one-line errors that name the missing IAM permission. */
final class GcsErrors {
  static final String LIST = "storage.objects.list";
  static final String GET = "storage.objects.get";
  static final String CREATE = "storage.objects.create";
  static final String DELETE = "storage.objects.delete";
  static final String CREDENTIAL_SOURCES =
      "use GKE Workload Identity or another Application Default Credentials source"
          + " (GOOGLE_APPLICATION_CREDENTIALS naming a mounted service-account key file, gcloud"
          + " auth application-default login, the metadata server), or the remote's credentialpath"
          + " in .dvc/config.local";

  private final String url;
  private final String endpoint;

  GcsErrors(String url, String endpoint) {
    this.url = url;
    this.endpoint = endpoint;
  }

  /** The Cairn exception for {@code e}, raised doing {@code verb} to {@code what}. */
  CairnException map(RuntimeException e, String verb, String what, String permission) {
    int status = e instanceof BaseServiceException service ? service.getCode() : 0;
    if (status == 401) {
      return new ConfigurationException(
          "Cannot authenticate to GCS endpoint "
              + endpoint
              + " (the credentials in use are wrong or expired; "
              + CREDENTIAL_SOURCES
              + ")",
          e);
    }
    if (status == 403) {
      return denied(verb, what, permission, e);
    }
    if (status == 404) {
      return new ConfigurationException(
          "Cannot find bucket: " + url + " (create it, or fix the remote url)", e);
    }
    Throwable network = networkCause(e);
    if (network != null) {
      return new RemoteAccessException(
          "Cannot reach GCS endpoint: "
              + endpoint
              + " ("
              + network.getClass().getSimpleName()
              + (network.getMessage() == null ? "" : ": " + oneLine(network.getMessage()))
              + "; check endpointurl and the network)",
          e);
    }
    if (isMissingCredentials(e)) {
      return missingCredentials(e);
    }
    return new RemoteAccessException(
        "Cannot "
            + verb
            + " "
            + what
            + ": GCS answered "
            + (status == 0 ? "" : status + " ")
            + oneLine(String.valueOf(e.getMessage()))
            + " (endpoint "
            + endpoint
            + "; retry, or check the server)",
        e);
  }

  RemoteAccessException denied(String verb, String what, String permission, Throwable e) {
    return new RemoteAccessException(
        "Cannot "
            + verb
            + " "
            + what
            + ": access denied, needs "
            + permission
            + " on bucket "
            + GcsLocation.parse(url).bucket()
            + " (grant it to the credentials in use, e.g. with roles/storage.objectViewer for"
            + " pull or roles/storage.objectCreator plus objectViewer for push; see"
            + " docs/cloud-minimal-permissions.md)",
        e);
  }

  ConfigurationException missingCredentials(Throwable e) {
    return new ConfigurationException(
        "Cannot find Google Cloud credentials for " + url + " (" + CREDENTIAL_SOURCES + ")", e);
  }

  /** The 404 of a call whose object may legitimately be missing is a missing bucket only then. */
  static boolean isMissingBucket(Throwable e) {
    String message = e.getMessage();
    return e instanceof BaseServiceException service
        && service.getCode() == 404
        && message != null
        && message.toLowerCase(java.util.Locale.ROOT).contains("bucket");
  }

  private static boolean isMissingCredentials(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains("default credentials were not found")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static @Nullable Throwable networkCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException
          || t instanceof SSLException) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  static String oneLine(String message) {
    String line = message.replaceAll("\\s+", " ").trim();
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
