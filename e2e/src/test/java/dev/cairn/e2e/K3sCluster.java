package dev.cairn.e2e;

import dev.cairn.core.testing.ProcessRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * A k3s cluster in a container (the Testcontainers k3s module), for machines with a Docker engine
 * and the {@code rancher/k3s} image: contributors' laptops, hosted CI. Images are copied into the
 * container and imported with its {@code ctr}. CI here cannot use it (no image can be pulled), and
 * says so in one line.
 */
final class K3sCluster implements ClusterProvider {
  static final String IMAGE =
      System.getenv().getOrDefault("CAIRN_E2E_K3S_IMAGE", "rancher/k3s:v1.34.1-k3s1");
  private final K3sContainer container;
  private final Path kubeconfig;

  private K3sCluster(K3sContainer container, Path kubeconfig) {
    this.container = container;
    this.kubeconfig = kubeconfig;
  }

  static ClusterProvider start(Path work) {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      throw new IllegalStateException(
          "no cluster: CAIRN_E2E_KUBECONFIG is not set (e2e/cluster/up writes one) and the k3s"
              + " provider needs a Docker engine, which is not running here");
    }
    K3sContainer container = new K3sContainer(DockerImageName.parse(IMAGE));
    try {
      container.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "no cluster: the k3s container (" + IMAGE + ") did not start: " + e.getMessage(), e);
    }
    try {
      Path kubeconfig = work.resolve("k3s.kubeconfig");
      Files.writeString(kubeconfig, container.getKubeConfigYaml(), StandardCharsets.UTF_8);
      return new K3sCluster(container, kubeconfig);
    } catch (IOException e) {
      container.stop();
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String describe() {
    return "k3s container " + IMAGE;
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void loadImages(List<Path> tarballs) {
    for (int i = 0; i < tarballs.size(); i++) {
      Path tarball = tarballs.get(i);
      String inside = "/tmp/cairn-image-" + i + ".tar";
      container.copyFileToContainer(MountableFile.forHostPath(tarball), inside);
      try {
        var result = container.execInContainer("ctr", "-n", "k8s.io", "images", "import", inside);
        new ProcessRunner.Result(result.getExitCode(), result.getStdout(), result.getStderr())
            .assertOk();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() {
    container.stop();
  }
}
