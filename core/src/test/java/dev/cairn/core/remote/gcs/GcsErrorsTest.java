package dev.cairn.core.remote.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.storage.StorageException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * The error lines for GCS answers fake-gcs-server cannot produce (it enforces no IAM): the SDK's
 * exception for a 403, a 401 and a refused connection, as the HTTP transport raises them.
 */
class GcsErrorsTest {
  private final GcsErrors errors = new GcsErrors("gs://bkt/pre", "https://storage.googleapis.com");

  @Test
  void forbidden_namesThePermissionAndBucket() {
    StorageException denied =
        new StorageException(
            403,
            "ksa@proj.iam.gserviceaccount.com does not have storage.objects.create access to the"
                + " Google Cloud Storage object.\nPermission 'storage.objects.create' denied");
    var mapped = errors.map(denied, "upload", "gs://bkt/pre/files/md5/ab/cd", GcsErrors.CREATE);
    assertThat(mapped)
        .isInstanceOf(RemoteAccessException.class)
        .hasMessageStartingWith(
            "Cannot upload gs://bkt/pre/files/md5/ab/cd: access denied, needs"
                + " storage.objects.create on bucket bkt (")
        .hasMessageNotContaining("\n");
  }

  @Test
  void unauthorized_isAConfigurationErrorListingCredentialSources() {
    var mapped =
        errors.map(new StorageException(401, "Invalid Credentials"), "list", "x", GcsErrors.LIST);
    assertThat(mapped)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Cannot authenticate to GCS endpoint https://storage.googleapis.com")
        .hasMessageContaining("GOOGLE_APPLICATION_CREDENTIALS");
  }

  @Test
  void missingBucket_isAConfigurationError() {
    var mapped =
        errors.map(
            new StorageException(404, "The specified bucket does not exist."),
            "list",
            "x",
            GcsErrors.LIST);
    assertThat(mapped)
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("Cannot find bucket: gs://bkt/pre (create it, or fix the remote url)");
  }

  @Test
  void refusedConnection_namesTheEndpoint() {
    StorageException refused =
        new StorageException(new java.io.IOException(new ConnectException("Connection refused")));
    var mapped = errors.map(refused, "read", "x", GcsErrors.GET);
    assertThat(mapped)
        .isInstanceOf(RemoteAccessException.class)
        .hasMessageStartingWith("Cannot reach GCS endpoint: https://storage.googleapis.com (");
  }
}
