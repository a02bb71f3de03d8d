package dev.cairn.e2e;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the suite's Kubernetes cluster comes from: an existing cluster named by a kubeconfig
 * ({@code CAIRN_E2E_KUBECONFIG}: what {@code e2e/cluster/up} brings up from source and CI uses) or
 * a k3s container started by Testcontainers where a Docker engine and the {@code rancher/k3s} image
 * exist ({@code CAIRN_E2E_CLUSTER=k3s}).
 */
interface ClusterProvider extends AutoCloseable {
  /** One line for the test log: which cluster this is. */
  String describe();

  /** A kubeconfig file with cluster-admin rights. */
  Path kubeconfig();

  /** Makes the image tarballs (OCI or docker-save) available to the cluster's container runtime. */
  void loadImages(List<Path> tarballs);

  @Override
  void close();

  /**
   * The cluster the environment names.
   *
   * @throws IllegalStateException with a one-line reason when none can be had
   */
  static ClusterProvider fromEnvironment(Path work) {
    String kind = System.getenv().getOrDefault("CAIRN_E2E_CLUSTER", "");
    String kubeconfig = System.getenv().getOrDefault("CAIRN_E2E_KUBECONFIG", "");
    if (kind.equals("k3s") || (kind.isEmpty() && kubeconfig.isEmpty())) {
      return K3sCluster.start(work);
    }
    if (kubeconfig.isEmpty()) {
      throw new IllegalStateException(
          "CAIRN_E2E_CLUSTER=" + kind + " needs CAIRN_E2E_KUBECONFIG (e2e/cluster/up writes one)");
    }
    return ExistingCluster.of(Path.of(kubeconfig), System.getenv("CAIRN_E2E_LOAD_IMAGES"));
  }
}
