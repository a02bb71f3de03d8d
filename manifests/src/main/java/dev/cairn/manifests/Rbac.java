package dev.cairn.manifests;

import static dev.cairn.manifests.Manifests.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One ServiceAccount per step role; only the serving roles may touch named serving objects. */
final class Rbac {
  private Rbac() {}

  static List<Object> documents() {
    List<Object> docs = new ArrayList<>();
    for (String sa : List.of("cairn-snapshot", "cairn-train", "cairn-rollback")) {
      docs.add(
          map(
              "apiVersion",
              "v1",
              "kind",
              "ServiceAccount",
              "metadata",
              map("name", sa, "labels", labels()),
              "automountServiceAccountToken",
              true));
    }
    docs.add(
        role(
            "cairn-argo-executor",
            List.of(
                map(
                    "apiGroups",
                    List.of("argoproj.io"),
                    "resources",
                    List.of("workflowtaskresults"),
                    "verbs",
                    List.of("create", "patch")))));
    docs.add(
        binding("cairn-argo-executor", List.of("cairn-snapshot", "cairn-train", "cairn-rollback")));
    docs.add(
        role(
            "cairn-serving",
            List.of(
                map(
                    "apiGroups",
                    List.of("apps"),
                    "resources",
                    List.of("deployments"),
                    "resourceNames",
                    List.of("REPLACE-WITH-DEPLOYMENT-NAME"),
                    "verbs",
                    List.of("get", "patch")),
                map(
                    "apiGroups",
                    List.of("serving.kserve.io"),
                    "resources",
                    List.of("inferenceservices"),
                    "resourceNames",
                    List.of("REPLACE-WITH-INFERENCESERVICE-NAME"),
                    "verbs",
                    List.of("get", "patch")))));
    docs.add(binding("cairn-serving", List.of("cairn-train", "cairn-rollback")));
    return docs;
  }

  private static Map<String, Object> labels() {
    return map("app.kubernetes.io/part-of", "cairn");
  }

  private static Map<String, Object> role(String name, List<Object> rules) {
    return map(
        "apiVersion",
        "rbac.authorization.k8s.io/v1",
        "kind",
        "Role",
        "metadata",
        map("name", name, "labels", labels()),
        "rules",
        rules);
  }

  private static Map<String, Object> binding(String role, List<String> accounts) {
    List<Object> subjects = new ArrayList<>();
    for (String sa : accounts) {
      subjects.add(map("kind", "ServiceAccount", "name", sa));
    }
    return map(
        "apiVersion",
        "rbac.authorization.k8s.io/v1",
        "kind",
        "RoleBinding",
        "metadata",
        map("name", role, "labels", labels()),
        "roleRef",
        map("apiGroup", "rbac.authorization.k8s.io", "kind", "Role", "name", role),
        "subjects",
        subjects);
  }
}
