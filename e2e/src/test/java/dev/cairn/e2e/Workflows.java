package dev.cairn.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Submits workflows with the real {@code argo} CLI and reads what the controller recorded. */
final class Workflows {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient kube;
  private final Path kubeconfig;
  private final String namespace;

  Workflows(KubernetesClient kube, Path kubeconfig, String namespace) {
    this.kube = kube;
    this.kubeconfig = kubeconfig;
    this.namespace = namespace;
  }

  /** {@code argo submit -n NS ARGS... -o name}: the new Workflow's name. */
  String submit(String... args) {
    List<String> command = new ArrayList<>(List.of(argo(), "submit", "-n", namespace));
    command.addAll(List.of(args));
    command.addAll(List.of("-o", "name"));
    String out = argo(command).stdout().strip();
    String name = out.substring(out.lastIndexOf('\n') + 1).strip();
    assertThat(name).as("argo submit printed the workflow name").isNotBlank();
    return name;
  }

  /** Runs the argo CLI against this cluster. */
  ProcessRunner.Result argo(List<String> command) {
    return ProcessRunner.run(Path.of("."), command, Map.of("KUBECONFIG", kubeconfig.toString()))
        .assertOk();
  }

  static String argo() {
    return InteropTools.require("argo").toString();
  }

  /**
   * Waits for the workflow to finish and returns it; prints its pods' logs if it did not succeed.
   */
  Run await(String name, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode wf = get(name);
      String phase = wf.path("status").path("phase").asText("");
      if (phase.equals("Succeeded") || phase.equals("Failed") || phase.equals("Error")) {
        Run run = new Run(name, wf);
        if (!phase.equals("Succeeded")) {
          System.out.println(describe(run));
        }
        return run;
      }
      if (System.nanoTime() > deadline) {
        Run run = new Run(name, wf);
        System.out.println(describe(run));
        throw new AssertionError("workflow " + name + " still " + phase + " after " + timeout);
      }
      Thread.sleep(1000);
    }
  }

  JsonNode get(String name) {
    GenericKubernetesResource wf =
        kube.genericKubernetesResources("argoproj.io/v1alpha1", "Workflow")
            .inNamespace(namespace)
            .withName(name)
            .get();
    return JSON.valueToTree(wf);
  }

  /** The workflow's phase, message and nodes, with the logs of every pod that did not succeed. */
  String describe(Run run) {
    StringBuilder b = new StringBuilder();
    b.append("workflow ").append(run.name()).append(": ").append(run.phase());
    b.append(" ").append(run.json().path("status").path("message").asText("")).append('\n');
    for (JsonNode node : run.json().path("status").path("nodes")) {
      b.append("  ")
          .append(node.path("displayName").asText())
          .append(" ")
          .append(node.path("type").asText())
          .append(" ")
          .append(node.path("phase").asText())
          .append(" ")
          .append(node.path("message").asText(""))
          .append('\n');
    }
    for (Pod pod :
        kube.pods()
            .inNamespace(namespace)
            .withLabel("workflows.argoproj.io/workflow", run.name())
            .list()
            .getItems()) {
      try {
        String log =
            kube.pods()
                .inNamespace(namespace)
                .withName(pod.getMetadata().getName())
                .inContainer("main")
                .getLog();
        b.append("--- ").append(pod.getMetadata().getName()).append(" main:\n").append(log);
      } catch (RuntimeException e) {
        b.append("--- ").append(pod.getMetadata().getName()).append(": no log (").append(e);
        b.append(")\n");
      }
    }
    return b.toString();
  }

  /** A finished workflow as the controller recorded it. */
  record Run(String name, JsonNode json) {
    String phase() {
      return json.path("status").path("phase").asText("");
    }

    /** The node with this display name (a DAG task or step). */
    Optional<JsonNode> node(String displayName) {
      for (JsonNode node : json.path("status").path("nodes")) {
        if (node.path("displayName").asText().equals(displayName)
            && !node.path("type").asText().equals("Retry")) {
          return Optional.of(node);
        }
      }
      for (JsonNode node : json.path("status").path("nodes")) {
        if (node.path("displayName").asText().equals(displayName)) {
          return Optional.of(node);
        }
      }
      return Optional.empty();
    }

    /** The output parameters of a node (for a retried step: of its last attempt). */
    Map<String, String> outputs(String displayName) {
      JsonNode node = node(displayName).orElseThrow(() -> missing(displayName));
      Map<String, String> out = new LinkedHashMap<>();
      for (JsonNode p : node.path("outputs").path("parameters")) {
        out.put(p.path("name").asText(), p.path("value").asText(""));
      }
      return out;
    }

    /** The exit code of a node's main container. */
    String exitCode(String displayName) {
      JsonNode node = node(displayName).orElseThrow(() -> missing(displayName));
      return node.path("outputs").path("exitCode").asText("");
    }

    String nodePhase(String displayName) {
      return node(displayName).map(n -> n.path("phase").asText()).orElse("absent");
    }

    /** Pod nodes run for one step (one per attempt). */
    List<JsonNode> attempts(String displayName) {
      List<JsonNode> pods = new ArrayList<>();
      for (JsonNode node : json.path("status").path("nodes")) {
        if (node.path("type").asText().equals("Pod")
            && node.path("displayName").asText().startsWith(displayName)) {
          pods.add(node);
        }
      }
      return pods;
    }

    private AssertionError missing(String displayName) {
      return new AssertionError("workflow " + name + " has no node " + displayName);
    }
  }
}
