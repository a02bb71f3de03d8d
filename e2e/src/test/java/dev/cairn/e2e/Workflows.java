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

  /** The main-container logs of every pod the workflow ran for a step (its attempts, in order). */
  String mainLogs(Run run, String displayName) {
    StringBuilder b = new StringBuilder();
    for (JsonNode node : run.attempts(displayName)) {
      String pod = podName(run, node);
      try {
        b.append(kube.pods().inNamespace(namespace).withName(pod).inContainer("main").getLog());
      } catch (RuntimeException e) {
        b.append("(no log of ").append(pod).append(": ").append(e.getMessage()).append(")\n");
      }
    }
    return b.toString();
  }

  /**
   * Waits until the step's pod has run its main container for {@code after}; returns the pod name.
   */
  String awaitRunningPod(String workflow, String displayName, Duration after, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Run run = new Run(workflow, get(workflow));
      List<JsonNode> attempts =
          run.node(displayName).isPresent() ? run.attempts(displayName) : List.of();
      for (JsonNode node : attempts) {
        String pod = podName(run, node);
        Pod p = kube.pods().inNamespace(namespace).withName(pod).get();
        if (p != null && p.getStatus() != null && p.getStatus().getContainerStatuses() != null) {
          for (var c : p.getStatus().getContainerStatuses()) {
            if (c.getName().equals("main") && c.getState().getRunning() != null) {
              Thread.sleep(after.toMillis());
              return pod;
            }
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no running pod for " + displayName + " in " + workflow);
  }

  /** Deletes a pod as an eviction or an operator would (SIGTERM, 2 s grace); returns its UID. */
  String deletePod(String pod) {
    var deleted = kube.pods().inNamespace(namespace).withName(pod).withGracePeriod(2).delete();
    assertThat(deleted).as("deleted pod " + pod).hasSize(1);
    return deleted.get(0).getUid();
  }

  /** The UIDs of the pods that exist now for a step's attempts. */
  List<String> podUids(Run run, String displayName) {
    List<String> uids = new ArrayList<>();
    for (JsonNode node : run.attempts(displayName)) {
      Pod pod = kube.pods().inNamespace(namespace).withName(podName(run, node)).get();
      if (pod != null) {
        uids.add(pod.getMetadata().getUid());
      }
    }
    return uids;
  }

  /** Argo v3.6 names a pod workflow-template-hash unless the node id already is the pod name. */
  private String podName(Run run, JsonNode node) {
    String id = node.path("id").asText();
    for (Pod pod :
        kube.pods()
            .inNamespace(namespace)
            .withLabel("workflows.argoproj.io/workflow", run.name())
            .list()
            .getItems()) {
      var annotations = pod.getMetadata().getAnnotations();
      if (annotations != null && id.equals(annotations.get("workflows.argoproj.io/node-id"))) {
        return pod.getMetadata().getName();
      }
    }
    return id;
  }

  /** A finished workflow as the controller recorded it. */
  record Run(String name, JsonNode json) {
    String phase() {
      return json.path("status").path("phase").asText("");
    }

    /**
     * The node of a step: a DAG task by its display name, or (for a workflow submitted with {@code
     * --entrypoint}) the node running that template; for a retried step, its Retry parent.
     */
    Optional<JsonNode> node(String step) {
      List<JsonNode> candidates = new ArrayList<>();
      for (JsonNode node : json.path("status").path("nodes")) {
        if (node.path("displayName").asText().equals(step) || runs(node, step)) {
          candidates.add(node);
        }
      }
      return candidates.stream()
          .filter(n -> n.path("type").asText().equals("Retry"))
          .findFirst()
          .or(() -> candidates.stream().findFirst());
    }

    private static boolean runs(JsonNode node, String template) {
      return (node.path("templateName").asText().equals(template)
              || node.path("templateRef").path("template").asText().equals(template))
          && !node.path("type").asText().equals("Steps")
          && !node.path("type").asText().equals("DAG");
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
      String code = node.path("outputs").path("exitCode").asText("");
      List<JsonNode> attempts = attempts(displayName);
      if (code.isEmpty() && !attempts.isEmpty()) {
        code = attempts.get(attempts.size() - 1).path("outputs").path("exitCode").asText("");
      }
      return code;
    }

    String nodePhase(String displayName) {
      return node(displayName).map(n -> n.path("phase").asText()).orElse("absent");
    }

    /** Pod nodes run for one step (one per attempt). */
    List<JsonNode> attempts(String displayName) {
      List<JsonNode> pods = new ArrayList<>();
      JsonNode parent = node(displayName).orElseThrow(() -> missing(displayName));
      if (parent.path("type").asText().equals("Pod")) {
        return List.of(parent);
      }
      for (JsonNode child : parent.path("children")) {
        JsonNode pod = json.path("status").path("nodes").path(child.asText());
        if (pod.path("type").asText().equals("Pod")) {
          pods.add(pod);
        }
      }
      return pods;
    }

    private AssertionError missing(String displayName) {
      return new AssertionError("workflow " + name + " has no node " + displayName);
    }
  }
}
