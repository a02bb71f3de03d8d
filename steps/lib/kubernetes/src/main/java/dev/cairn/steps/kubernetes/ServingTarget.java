package dev.cairn.steps.kubernetes;

import dev.cairn.core.InvalidInputException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The serving object a step updates after publishing a model version.
 *
 * @param kind what kind of object it is
 * @param name its {@code metadata.name} (a DNS-1123 subdomain)
 */
public record ServingTarget(Kind kind, String name) {

  /** The kinds of serving objects Cairn can update. */
  public enum Kind {
    /** An {@code apps/v1} Deployment, restarted so its pods reload the model. */
    DEPLOYMENT("deployment", "deployments.apps"),
    /** A KServe {@code serving.kserve.io/v1beta1} InferenceService, pointed at the new model. */
    INFERENCE_SERVICE("inferenceservice", "inferenceservices.serving.kserve.io");

    private final String kubectlName;
    private final String resource;

    Kind(String kubectlName, String resource) {
      this.kubectlName = kubectlName;
      this.resource = resource;
    }

    /** The name kubectl uses for the kind ({@code deployment}). */
    public String kubectlName() {
      return kubectlName;
    }

    /** The RBAC resource with its API group ({@code deployments.apps}). */
    public String resource() {
      return resource;
    }
  }

  // DNS-1123 subdomain: what the API server accepts as a Deployment or InferenceService name
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final int MAX_NAME = 253;

  public ServingTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if (!isName(name)) {
      throw new IllegalArgumentException("Not a Kubernetes object name: '" + name + "'");
    }
  }

  /**
   * Parses a {@code --restart} value: {@code deployment/NAME} (kubectl's {@code deploy}, {@code
   * deployments} and {@code deployment.apps} are accepted too).
   *
   * @throws InvalidInputException with a one-line message for anything else
   */
  public static ServingTarget parse(String restartValue) {
    Objects.requireNonNull(restartValue, "restartValue");
    int slash = restartValue.indexOf('/');
    if (slash > 0) {
      String kind = restartValue.substring(0, slash).toLowerCase(Locale.ROOT);
      String name = restartValue.substring(slash + 1);
      if (isDeploymentKind(kind) && isName(name)) {
        return new ServingTarget(Kind.DEPLOYMENT, name);
      }
    }
    throw new InvalidInputException(
        "Cannot parse --restart value '" + printable(restartValue) + "': expected deployment/NAME");
  }

  /**
   * Checks a {@code --patch-inferenceservice} value: the InferenceService's name.
   *
   * @throws InvalidInputException with a one-line message if it is not a Kubernetes object name
   */
  public static ServingTarget inferenceService(String name) {
    Objects.requireNonNull(name, "name");
    if (!isName(name)) {
      throw new InvalidInputException(
          "Cannot parse --patch-inferenceservice value '"
              + printable(name)
              + "': expected an InferenceService name (lowercase letters, digits, '-' and '.')");
    }
    return new ServingTarget(Kind.INFERENCE_SERVICE, name);
  }

  /** A Deployment by name. */
  public static ServingTarget deployment(String name) {
    return new ServingTarget(Kind.DEPLOYMENT, name);
  }

  /** {@code kind/name}, as kubectl writes it ({@code deployment/web}). */
  @Override
  public String toString() {
    return kind.kubectlName() + "/" + name;
  }

  private static boolean isDeploymentKind(String kind) {
    return kind.equals("deployment")
        || kind.equals("deployments")
        || kind.equals("deploy")
        || kind.equals("deployment.apps")
        || kind.equals("deployments.apps");
  }

  private static boolean isName(String name) {
    return name.length() <= MAX_NAME && NAME.matcher(name).matches();
  }

  /** Keeps the error on one line whatever the user typed. */
  private static String printable(String value) {
    String oneLine = value.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() > 120 ? oneLine.substring(0, 120) + "..." : oneLine;
  }
}
