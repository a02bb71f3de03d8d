package dev.cairn.steps.kubernetes;

import dev.cairn.core.CairnException;
import dev.cairn.core.ConcurrentWriteException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.RemoteAccessException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns Fabric8 failures into Cairn's exceptions with one-line messages that name the RBAC verb and
 * resource. Server text that goes into a message passes through {@link #redact} first, so a
 * credential can never be echoed back to the user.
 */
final class KubeErrors {
  private final String masterUrl;
  private final List<String> secrets;

  KubeErrors(String masterUrl, List<String> secrets) {
    this.masterUrl = Objects.requireNonNull(masterUrl, "masterUrl");
    this.secrets = secrets.stream().filter(s -> s.length() >= 4).toList();
  }

  /** The failure of {@code verb} (an RBAC verb: get, patch) on {@code target} in {@code ns}. */
  CairnException map(KubernetesClientException e, String verb, ServingTarget target, String ns) {
    int code = httpCode(e);
    String object = target.kind().resource() + "/" + target.name();
    String what = "Cannot " + verb + " " + object + " in namespace " + ns + ": ";
    return switch (code) {
      case 404 -> notFound(target, ns, e);
      case 403 -> forbidden(verb, target, ns, serverSays(e), e);
      case 401 ->
          new RemoteAccessException(
              what
                  + "unauthorized (the API server rejected the credentials: check the mounted"
                  + " service account token or the kubeconfig)",
              ApiFailure.of(e, this));
      case 400, 422 ->
          new ConfigurationException(
              what + "rejected" + serverSays(e) + " (check the object's spec)",
              ApiFailure.of(e, this));
      case 409 ->
          new ConcurrentWriteException(
              what + "conflict" + serverSays(e) + " (another writer changed it; re-run)",
              ApiFailure.of(e, this));
      default -> {
        if (code < 100) {
          yield unreachable(e);
        }
        yield new RemoteAccessException(
            what + "HTTP " + code + serverSays(e) + " (retry later or check the API server)",
            ApiFailure.of(e, this));
      }
    };
  }

  /**
   * {@code verb} on {@code target} is not allowed: a 403 from the API server, or an access review
   * that says no.
   *
   * @param detail what the server said, as {@code ": text"}, or empty
   */
  RemoteAccessException forbidden(
      String verb,
      ServingTarget target,
      String ns,
      String detail,
      @Nullable KubernetesClientException cause) {
    String resource = target.kind().resource();
    return new RemoteAccessException(
        "Cannot "
            + verb
            + " "
            + resource
            + "/"
            + target.name()
            + " in namespace "
            + ns
            + ": forbidden"
            + detail
            + " (grant the step's service account the RBAC verb '"
            + verb
            + "' on "
            + resource
            + " in namespace "
            + ns
            + ")",
        ApiFailure.of(cause, this));
  }

  /** The object is missing (404 on a request, or null from a GET). */
  ConfigurationException notFound(
      ServingTarget target, String ns, @Nullable KubernetesClientException cause) {
    String hint =
        target.kind() == ServingTarget.Kind.INFERENCE_SERVICE
            ? "check the name, the namespace and that KServe's v1beta1 API is installed"
            : "check the name and the namespace";
    return new ConfigurationException(
        "Cannot find " + target + " in namespace " + ns + ": not found (" + hint + ")",
        ApiFailure.of(cause, this));
  }

  /** A failure worth retrying while a wait still has time: no answer, throttled, server error. */
  static boolean isTransient(KubernetesClientException e) {
    int code = httpCode(e);
    return code < 100 || code == 429 || code >= 500;
  }

  /** A short one-line description of a failure that {@link #isTransient} accepted. */
  String describeTransient(KubernetesClientException e) {
    int code = httpCode(e);
    return code < 100 ? "no answer from the API server (" + rootCause(e) + ")" : "HTTP " + code;
  }

  /** The failure to configure the client at all (a malformed kubeconfig). */
  ConfigurationException configuration(RuntimeException e) {
    return new ConfigurationException(
        "Cannot configure the Kubernetes client: "
            + redact(KubeObjects.oneLine(String.valueOf(e.getMessage())))
            + " (check KUBECONFIG or the mounted service account)",
        ApiFailure.of(e, this));
  }

  /** {@code text} with every known credential replaced. */
  String redact(String text) {
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, "<redacted>");
    }
    return result;
  }

  private RemoteAccessException unreachable(KubernetesClientException e) {
    return new RemoteAccessException(
        "Cannot reach the Kubernetes API at "
            + masterUrl
            + ": "
            + rootCause(e)
            + " (check KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT, or the kubeconfig, and"
            + " network policies)",
        ApiFailure.of(e, this));
  }

  private String serverSays(KubernetesClientException e) {
    Status status = statusOf(e);
    if (status == null || status.getMessage() == null || status.getMessage().isBlank()) {
      return "";
    }
    return ": " + redact(KubeObjects.oneLine(status.getMessage()));
  }

  private String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    String name = root.getClass().getSimpleName();
    return message == null || message.isBlank()
        ? name
        : name + ": " + redact(KubeObjects.oneLine(message));
  }

  /** The HTTP status of the first failure in the chain that has one; below 100 if none. */
  static int httpCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() >= 100) {
        return k.getCode();
      }
    }
    return -1;
  }

  private static @Nullable Status statusOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getStatus() != null) {
        return k.getStatus();
      }
    }
    return null;
  }
}
