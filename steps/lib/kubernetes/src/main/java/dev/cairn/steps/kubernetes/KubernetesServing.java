package dev.cairn.steps.kubernetes;

import dev.cairn.core.InvalidInputException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Updates in-cluster serving after a model version is published, and waits for the rollout.
 *
 * <pre>{@code
 * try (KubernetesServing serving = KubernetesServing.inCluster()) {
 *   serving.restartDeployment("model-server", Duration.ofMinutes(5));
 *   serving.patchInferenceService("churn", "s3://models/churn/v3", Duration.ofMinutes(5));
 * }
 * }</pre>
 *
 * <p>Failures are Cairn exceptions with one-line messages: a missing object is a {@code
 * ConfigurationException}; a forbidden request a {@code RemoteAccessException} naming the RBAC verb
 * and resource; a rollout that does not finish in time a {@link RolloutTimeoutException}. No
 * message, log line or {@link #toString} contains a credential.
 */
public final class KubernetesServing implements AutoCloseable {
  static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
  private static final int REQUEST_RETRIES = 3;
  private static final String DEFAULT_NAMESPACE = "default";
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final KubernetesClient client;
  private final String masterUrl;
  private final String namespace;
  private final KubeErrors errors;
  private final Waiter waiter;

  private KubernetesServing(Config config, Duration pollInterval) {
    this.masterUrl = String.valueOf(config.getMasterUrl());
    this.namespace = config.getNamespace() == null ? DEFAULT_NAMESPACE : config.getNamespace();
    this.errors = new KubeErrors(masterUrl, secretsOf(config));
    this.waiter = new Waiter(pollInterval, errors);
    this.client = new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * The API server this pod runs in, configured as Fabric8 does: a kubeconfig ({@code KUBECONFIG}
   * or {@code ~/.kube/config}) if there is one, else the mounted service account (token, CA,
   * namespace) with {@code KUBERNETES_SERVICE_HOST}/{@code KUBERNETES_SERVICE_PORT}. The namespace
   * is the service account's (or the kubeconfig context's), else {@code default}.
   */
  public static KubernetesServing inCluster() {
    return inCluster(null);
  }

  /** As {@link #inCluster()}, in {@code namespace} instead of the configured one if not null. */
  public static KubernetesServing inCluster(@Nullable String namespace) {
    Config config;
    try {
      config = Config.autoConfigure(null);
    } catch (RuntimeException e) {
      throw new KubeErrors("(not configured)", List.of()).configuration(e);
    }
    if (namespace != null) {
      config.setNamespace(checkNamespace(namespace));
    }
    config.setRequestRetryBackoffLimit(REQUEST_RETRIES);
    return new KubernetesServing(config, DEFAULT_POLL_INTERVAL);
  }

  /**
   * An explicitly given API server ({@code http://} or {@code https://} with a CA the JVM trusts),
   * without reading any kubeconfig or service account. Mostly for tests.
   *
   * @param bearerToken sent as {@code Authorization: Bearer}; null for none
   */
  public static KubernetesServing connect(
      String masterUrl, String namespace, @Nullable String bearerToken) {
    return connect(masterUrl, namespace, bearerToken, DEFAULT_POLL_INTERVAL);
  }

  static KubernetesServing connect(
      String masterUrl, String namespace, @Nullable String bearerToken, Duration pollInterval) {
    Objects.requireNonNull(masterUrl, "masterUrl");
    String scheme = URI.create(masterUrl).getScheme();
    if (scheme == null
        || !(scheme.toLowerCase(Locale.ROOT).equals("http")
            || scheme.toLowerCase(Locale.ROOT).equals("https"))) {
      throw new IllegalArgumentException("masterUrl must be http:// or https://: " + masterUrl);
    }
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(masterUrl)
            .withNamespace(checkNamespace(namespace))
            .withOauthToken(bearerToken)
            .withRequestRetryBackoffLimit(REQUEST_RETRIES)
            .build();
    return new KubernetesServing(config, pollInterval);
  }

  /** The namespace the serving objects are looked up in. */
  public String namespace() {
    return namespace;
  }

  /**
   * Restarts {@code deployment/name} as {@code kubectl rollout restart} does and waits, as {@code
   * kubectl rollout status} does, until the new pods are rolled out.
   *
   * @throws RolloutTimeoutException if the rollout is not complete within {@code timeout}
   * @throws RolloutFailedException if the Deployment exceeded its progress deadline
   */
  public RolloutResult restartDeployment(String name, Duration timeout) {
    checkTimeout(timeout);
    return new DeploymentRollout(client, namespace, errors, waiter, Clock.systemUTC())
        .restart(name, timeout);
  }

  /**
   * Sets the KServe InferenceService's predictor {@code storageUri} to {@code storageUri} and waits
   * until it is {@code Ready} at the new generation.
   *
   * @throws RolloutTimeoutException if it is not ready within {@code timeout}
   */
  public RolloutResult patchInferenceService(String name, String storageUri, Duration timeout) {
    checkTimeout(timeout);
    Objects.requireNonNull(storageUri, "storageUri");
    if (storageUri.isBlank() || storageUri.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("storageUri must be a URI: '" + storageUri + "'");
    }
    return new InferenceServiceRollout(client, namespace, errors, waiter)
        .patch(name, storageUri, timeout);
  }

  /**
   * Checks, without changing anything, that {@code target} exists in the namespace, that the step
   * may read it, and that the API server's authorizer lets the step patch it (a
   * SelfSubjectAccessReview, as {@code kubectl auth can-i patch}). Run it before writing anything
   * that should only happen together with the update. If the review itself is forbidden or not
   * served, the patch is not checked here: {@link #update} still reports a missing verb.
   *
   * @throws dev.cairn.core.ConfigurationException if the object does not exist
   * @throws dev.cairn.core.RemoteAccessException if reading or patching it is forbidden, or the API
   *     server cannot be reached
   */
  public void check(ServingTarget target) {
    Objects.requireNonNull(target, "target");
    new AccessCheck(client, namespace, errors).check(target);
  }

  /**
   * Updates {@code target}: restarts a Deployment (the {@code storageUri} is not used: the pods
   * reload the model from where it was materialised) or patches an InferenceService.
   */
  public RolloutResult update(ServingTarget target, String storageUri, Duration timeout) {
    return switch (target.kind()) {
      case DEPLOYMENT -> restartDeployment(target.name(), timeout);
      case INFERENCE_SERVICE -> patchInferenceService(target.name(), storageUri, timeout);
    };
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String toString() {
    return "KubernetesServing[" + masterUrl + ", namespace " + namespace + "]";
  }

  private static String checkNamespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (!NAMESPACE.matcher(namespace).matches()) {
      throw new InvalidInputException(
          "Cannot use namespace '"
              + KubeObjects.oneLine(namespace)
              + "': not a Kubernetes namespace name (lowercase letters, digits and '-')");
    }
    return namespace;
  }

  private static void checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0: " + timeout);
    }
  }

  private static List<String> secretsOf(Config config) {
    List<String> secrets = new ArrayList<>();
    for (String secret :
        new String[] {config.getOauthToken(), config.getAutoOAuthToken(), config.getPassword()}) {
      if (secret != null && !secret.isEmpty()) {
        secrets.add(secret);
      }
    }
    return secrets;
  }
}
