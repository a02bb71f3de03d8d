package dev.cairn.core.remote.gcs;

import com.google.cloud.BaseServiceException;
import dev.cairn.core.CairnException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.remote.cloud.CloudErrors;

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
    Throwable network = CloudErrors.networkCause(e);
    if (network != null) {
      return new RemoteAccessException(
          "Cannot reach GCS endpoint: "
              + endpoint
              + " ("
              + network.getClass().getSimpleName()
              + (network.getMessage() == null
                  ? ""
                  : ": " + CloudErrors.oneLine(network.getMessage()))
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
            + CloudErrors.oneLine(String.valueOf(e.getMessage()))
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
            + GcsLocation.parse(url).root()
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
    return CloudErrors.findCause(
            e, t -> String.valueOf(t.getMessage()).contains("default credentials were not found"))
        != null;
  }
}
