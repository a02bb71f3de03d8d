package dev.cairn.steps.train;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-register with {@code --stage} and {@code --restart}: a Deployment the step's service
 * account may not get or patch fails the step before anything is registered or assigned, so the
 * registry never says a model is in the stage while serving was not updated. The API server is a
 * small JDK HTTP server that answers as an RBAC-restricted one does; the step finds it the way a
 * pod does (the master from system properties, no kubeconfig).
 */
class TrainRegisterKubernetesIT {
  private static final String NS = "serving";
  private static final String DEPLOYMENT = "/apis/apps/v1/namespaces/serving/deployments/web";
  private static final String REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

  @TempDir Path tmp;
  private HttpServer api;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, @Nullable String> saved = new HashMap<>();
  private Path origin;

  private record Answer(int code, String json) {}

  @BeforeEach
  void cluster() throws Exception {
    api =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
    api.createContext("/", this::answer);
    api.start();
    set("kubernetes.master", "http://127.0.0.1:" + api.getAddress().getPort());
    set("kubernetes.namespace", NS);
    set("kubernetes.auth.tryKubeConfig", "false");
    set("kubernetes.auth.tryServiceAccount", "false");
    origin = tmp.resolve("registry.git");
    Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call().close();
  }

  @AfterEach
  void stop() {
    saved.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
    api.stop(0);
  }

  @Test
  void register_promotionToADeploymentTheStepMayNotGet_registersNothing() throws Exception {
    answers.put(
        "GET " + DEPLOYMENT,
        new Answer(
            403,
            status(
                403,
                "deployments.apps \\\"web\\\" is forbidden: User"
                    + " \\\"system:serviceaccount:serving:cairn\\\" cannot get resource"
                    + " \\\"deployments\\\" in API group \\\"apps\\\" in the namespace"
                    + " \\\"serving\\\"")));

    TrainRegisterRun run = register("--stage", "prod", "--restart", "deployment/web");

    assertThat(run.code()).as("stderr: %s", run.err()).isEqualTo(4);
    assertThat(run.err())
        .isEqualTo(
            "error: Cannot get deployments.apps/web in namespace serving: forbidden:"
                + " deployments.apps \"web\" is forbidden: User"
                + " \"system:serviceaccount:serving:cairn\" cannot get resource \"deployments\" in"
                + " API group \"apps\" in the namespace \"serving\" (grant the step's service"
                + " account the RBAC verb 'get' on deployments.apps in namespace serving)"
                + System.lineSeparator());
    assertNothingWritten();
  }

  @Test
  void register_promotionToADeploymentTheStepMayNotPatch_registersNothing() throws Exception {
    answers.put("GET " + DEPLOYMENT, new Answer(200, deployment()));
    answers.put("POST " + REVIEWS, new Answer(201, review(false)));

    TrainRegisterRun run = register("--stage", "prod", "--restart", "deployment/web");

    assertThat(run.code()).as("stderr: %s", run.err()).isEqualTo(4);
    assertThat(run.err())
        .isEqualTo(
            "error: Cannot patch deployments.apps/web in namespace serving: forbidden: access"
                + " review denied (grant the step's service account the RBAC verb 'patch' on"
                + " deployments.apps in namespace serving)"
                + System.lineSeparator());
    assertNothingWritten();
    assertThat(requests).as("no patch was sent").noneMatch(r -> r.startsWith("PATCH"));
  }

  @Test
  void register_withoutStage_doesNotAskTheCluster() throws Exception {
    TrainRegisterRun run = register("--restart", "deployment/web");

    assertThat(run.code()).as("stderr: %s", run.err()).isZero();
    assertThat(run.out()).contains("version: v0.0.1").contains("promoted: false");
    assertThat(requests).as("register only: no promotion, no serving update").isEmpty();
  }

  private TrainRegisterRun register(String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("--serve-dir", tmp.resolve("serving").toString()));
    args.addAll(List.of(extra));
    return TrainRegisterRun.of(origin, tmp, "weights", args);
  }

  private void assertNothingWritten() throws Exception {
    assertThat(refs()).as("no version tag, stage tag or commit").isEmpty();
    assertThat(tmp.resolve("serving/current")).as("serving not switched").doesNotExist();
  }

  private Map<String, String> refs() throws Exception {
    Map<String, String> refs = new TreeMap<>();
    try (Git git = Git.open(origin.toFile())) {
      for (Ref ref : git.getRepository().getRefDatabase().getRefs()) {
        refs.put(ref.getName(), String.valueOf(ref.getObjectId()));
      }
    }
    return refs;
  }

  private void answer(HttpExchange exchange) throws IOException {
    String key = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
    requests.add(key);
    exchange.getRequestBody().readAllBytes();
    Answer answer = answers.getOrDefault(key, new Answer(404, status(404, "not found")));
    byte[] body = answer.json().getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(answer.code(), body.length);
    try (var stream = exchange.getResponseBody()) {
      stream.write(body);
    }
  }

  private static String status(int code, String message) {
    return "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\"}";
  }

  private static String deployment() {
    return "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
        + "\"namespace\":\"serving\",\"generation\":1},\"spec\":{\"replicas\":1}}";
  }

  private static String review(boolean allowed) {
    return "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
        + "\"spec\":{},\"status\":{\"allowed\":"
        + allowed
        + "}}";
  }

  private void set(String key, String value) {
    saved.put(key, System.getProperty(key));
    System.setProperty(key, value);
  }
}
