package dev.cairn.core.remote.azure;

import com.azure.storage.blob.models.BlobStorageException;
import dev.cairn.core.CairnException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.remote.cloud.CloudErrors;
import org.jspecify.annotations.Nullable;

/** Turns Azure failures into one-line errors that name the missing role or SAS permission. */
final class AzureErrors {
  /** What each kind of call needs: a SAS permission letter and an RBAC data action. */
  enum Need {
    LIST("l (List)", "blobs/read (list)", "Storage Blob Data Reader"),
    READ("r (Read)", "blobs/read", "Storage Blob Data Reader"),
    WRITE("c (Create) and w (Write)", "blobs/write", "Storage Blob Data Contributor"),
    WRITE_AND_READ_SOURCE(
        "c (Create) and w (Write), and r (Read) on the source",
        "blobs/write (and blobs/read on the source)",
        "Storage Blob Data Contributor"),
    DELETE("d (Delete)", "blobs/delete", "Storage Blob Data Contributor");

    final String sas;
    final String dataAction;
    final String role;

    Need(String sas, String dataAction, String role) {
      this.sas = sas;
      this.dataAction = dataAction;
      this.role = role;
    }
  }

  static final String CREDENTIAL_SOURCES =
      "use AKS Workload Identity, a managed identity, AZURE_CLIENT_ID + AZURE_TENANT_ID +"
          + " AZURE_CLIENT_SECRET, AZURE_STORAGE_CONNECTION_STRING or AZURE_STORAGE_SAS_TOKEN (or"
          + " their *_FILE variants naming a mounted Secret), or connection_string / sas_token /"
          + " account_key in .dvc/config.local";

  private final String url;
  private final String endpoint;

  AzureErrors(String url, String endpoint) {
    this.url = url;
    this.endpoint = endpoint;
  }

  CairnException map(RuntimeException e, String verb, String what, Need need) {
    if (e instanceof BlobStorageException storage) {

      String code = storage.getErrorCode() == null ? null : storage.getErrorCode().toString();
      int status = storage.getStatusCode();
      if ("AuthenticationFailed".equals(code) || status == 401) {
        return new ConfigurationException(
            "Cannot authenticate to Azure endpoint "
                + endpoint
                + ": "
                + code
                + " (the key, SAS token or token in use is wrong or expired; "
                + CREDENTIAL_SOURCES
                + ")",
            e);
      }
      if (status == 403) {
        return denied(verb, what, need, code, e);
      }
      if ("ContainerNotFound".equals(code)) {
        return new ConfigurationException(
            "Cannot find container: " + url + " (create it, or fix the remote url)", e);
      }
      return new RemoteAccessException(
          "Cannot "
              + verb
              + " "
              + what
              + ": Azure answered "
              + status
              + (code == null ? "" : " " + code)
              + " (endpoint "
              + endpoint
              + "; retry, or check the server)",
          e);
    }
    if (isMissingCredentials(e)) {
      return missingCredentials(e);
    }
    Throwable network = CloudErrors.networkCause(e);
    if (network != null) {
      return new RemoteAccessException(
          "Cannot reach Azure endpoint: "
              + endpoint
              + " ("
              + network.getClass().getSimpleName()
              + "; check account_name, the connection string's BlobEndpoint and the network)",
          e);
    }
    return new RemoteAccessException(
        "Cannot "
            + verb
            + " "
            + what
            + ": "
            + e.getClass().getSimpleName()
            + " (endpoint "
            + endpoint
            + ")",
        e);
  }

  RemoteAccessException denied(
      String verb, String what, Need need, @Nullable String code, Throwable e) {
    return new RemoteAccessException(
        "Cannot "
            + verb
            + " "
            + what
            + ": access denied"
            + (code == null ? "" : " (" + code + ")")
            + ", needs SAS permission "
            + need.sas
            + " or the role "
            + need.role
            + " (data action Microsoft.Storage/storageAccounts/blobServices/containers/"
            + need.dataAction
            + ") on container "
            + AzureLocation.parse(url).root()
            + "; see docs/cloud-minimal-permissions.md",
        e);
  }

  ConfigurationException missingCredentials(Throwable e) {
    return new ConfigurationException(
        "Cannot find Azure credentials for " + url + " (" + CREDENTIAL_SOURCES + ")", e);
  }

  private static boolean isMissingCredentials(Throwable e) {
    return CloudErrors.findCause(
            e,
            t ->
                t.getClass().getSimpleName().equals("CredentialUnavailableException")
                    || t.getClass().getSimpleName().equals("ClientAuthenticationException"))
        != null;
  }
}
