package dev.cairn.e2e;

import dev.cairn.core.testing.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A running cluster named by a kubeconfig. Images are loaded by the command in {@code
 * CAIRN_E2E_LOAD_IMAGES} (for the from-source cluster: {@code e2e/cluster/load-images}); without
 * one, the cluster must be able to pull the step images itself.
 */
final class ExistingCluster implements ClusterProvider {
  private final Path kubeconfig;
  private final @Nullable String loadCommand;

  private ExistingCluster(Path kubeconfig, @Nullable String loadCommand) {
    this.kubeconfig = kubeconfig;
    this.loadCommand = loadCommand;
  }

  static ExistingCluster of(Path kubeconfig, @Nullable String loadCommand) {
    if (!Files.isReadable(kubeconfig)) {
      throw new IllegalStateException(
          "CAIRN_E2E_KUBECONFIG=" + kubeconfig + " is not a readable file (run e2e/cluster/up)");
    }
    return new ExistingCluster(
        kubeconfig, loadCommand == null || loadCommand.isBlank() ? null : loadCommand);
  }

  @Override
  public String describe() {
    return "existing cluster from " + kubeconfig;
  }

  @Override
  public Path kubeconfig() {
    return kubeconfig;
  }

  @Override
  public void loadImages(List<Path> tarballs) {
    if (loadCommand == null) {
      return;
    }
    List<String> command = new ArrayList<>(List.of(loadCommand));
    tarballs.forEach(t -> command.add(t.toString()));
    ProcessRunner.run(Path.of("."), command).assertOk();
  }

  @Override
  public void close() {}
}
