package dev.cairn.core.remote.s3;

import dev.cairn.core.CairnException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns SDK failures into Cairn's one-line errors that name the IAM action and resource. */
final class S3Errors {
  private static final Set<String> BAD_CREDENTIALS =
      Set.of(
          "InvalidAccessKeyId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "InvalidToken",
          "TokenRefreshRequired",
          "InvalidClientTokenId");
  static final String CREDENTIAL_SOURCES =
      "provide them as AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY, a web identity token"
          + " (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN, e.g. IRSA), a shared credentials file"
          + " (AWS_SHARED_CREDENTIALS_FILE or the remote's credentialpath, e.g. a mounted Secret;"
          + " AWS_PROFILE or profile), container credentials (AWS_CONTAINER_CREDENTIALS_FULL_URI),"
          + " or access_key_id + secret_access_key in .dvc/config.local";

  private final String url;
  private final String endpoint;

  S3Errors(String url, String endpoint) {
    this.url = url;
    this.endpoint = endpoint;
  }

  /**
   * The Cairn exception for {@code e}, raised while doing {@code verb} to {@code what} with the IAM
   * {@code action} on {@code arn}.
   */
  CairnException map(SdkException e, String verb, String what, String action, String arn) {
    if (e instanceof AwsServiceException service) {

      String code =
          service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      int status = service.statusCode();
      if (code != null && BAD_CREDENTIALS.contains(code)) {
        return new ConfigurationException(
            "Cannot authenticate to S3 endpoint "
                + endpoint
                + ": "
                + code
                + " (the credentials in use are wrong or expired; "
                + CREDENTIAL_SOURCES
                + ")",
            e);
      }
      if (status == 403 || "AccessDenied".equals(code)) {
        return denied(verb, what, action, arn, e);
      }
      if ("NoSuchBucket".equals(code)) {
        return new ConfigurationException(
            "Cannot find bucket: " + url + " (create it, or fix the remote url)", e);
      }
      if (status == 301
          || "PermanentRedirect".equals(code)
          || "AuthorizationHeaderMalformed".equals(code)) {
        return new ConfigurationException(
            "Cannot reach bucket in this region: " + url + " (set the remote's region option)", e);
      }
      return new RemoteAccessException(
          "Cannot "
              + verb
              + " "
              + what
              + ": S3 answered "
              + status
              + (code == null ? "" : " " + code)
              + " (endpoint "
              + endpoint
              + "; retry, or check the server)",
          e);
    }
    if (e instanceof SdkClientException && isMissingCredentials(e)) {
      return missingCredentials(e);
    }
    Throwable network = networkCause(e);
    if (network != null) {
      return new RemoteAccessException(
          "Cannot reach S3 endpoint: "
              + endpoint
              + " ("
              + network.getClass().getSimpleName()
              + (network.getMessage() == null ? "" : ": " + oneLine(network.getMessage()))
              + "; check endpointurl, region, TLS settings and the network)",
          e);
    }
    return new RemoteAccessException(
        "Cannot "
            + verb
            + " "
            + what
            + ": "
            + oneLine(String.valueOf(e.getMessage()))
            + " (endpoint "
            + endpoint
            + ")",
        e);
  }

  RemoteAccessException denied(
      String verb, String what, String action, String arn, @Nullable Throwable e) {
    return new RemoteAccessException(
        "Cannot "
            + verb
            + " "
            + what
            + ": access denied, needs "
            + action
            + " on "
            + arn
            + " (grant it to the credentials in use; see the minimal IAM policy in the README)",
        e);
  }

  ConfigurationException missingCredentials(Throwable e) {
    String[] sso = ssoProblem(e);
    if (sso != null) {
      return new ConfigurationException(
          "Cannot get AWS credentials for "
              + url
              + " from SSO profile "
              + sso[0]
              + ": "
              + oneLine(sso[1])
              + " (run aws sso login --profile "
              + sso[0]
              + "; in a pod use IRSA or a credentials Secret instead)",
          e);
    }
    return new ConfigurationException(
        "Cannot find AWS credentials for " + url + " (" + CREDENTIAL_SOURCES + ")", e);
  }

  /**
   * The profile name and the profile provider's own error when the profile is an SSO one (the
   * chain's message lists every provider's error; the SSO one says what to do, e.g. log in again).
   */
  private static String @Nullable [] ssoProblem(Throwable e) {
    String marker = "ProfileCredentialsProvider(profileName=";
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      int start = message == null ? -1 : message.lastIndexOf(marker);
      if (message == null || start < 0) {
        continue;
      }
      int nameEnd = message.indexOf(',', start);
      int colon = message.indexOf("): ", start);
      if (nameEnd < 0 || colon < 0) {
        continue;
      }
      String rest = message.substring(colon + 3);
      int next = rest.indexOf(", ContainerCredentialsProvider(");
      String problem = next < 0 ? rest : rest.substring(0, next);
      if (problem.contains("SSO") || problem.contains("sso")) {
        return new String[] {message.substring(start + marker.length(), nameEnd), problem};
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static boolean isMissingCredentials(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains("Unable to load credentials")) {
        return true;
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
          || t instanceof SSLException
          || t.getClass().getSimpleName().contains("ConnectTimeout")
          || t.getClass().getSimpleName().contains("HttpHostConnect")) {
        return t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String oneLine(String message) {
    return message.replaceAll("\\s+", " ").trim();
  }
}
