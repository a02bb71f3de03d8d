package dev.cairn.steps.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * Fabric8's mock API server in CRUD mode on 127.0.0.1 (an ephemeral port), with KServe's
 * InferenceService registered as a custom resource with a status subresource, plus a second client
 * that plays the controllers. Expectations ({@link #server()}{@code .expect()}) take precedence
 * over CRUD, for injecting failures.
 */
final class MockApiServer implements AutoCloseable {
  static final CustomResourceDefinitionContext INFERENCE_SERVICE_CRD =
      new CustomResourceDefinitionContext.Builder()
          .withName("inferenceservices.serving.kserve.io")
          .withGroup("serving.kserve.io")
          .withVersion("v1beta1")
          .withKind("InferenceService")
          .withPlural("inferenceservices")
          .withScope("Namespaced")
          .withStatusSubresource(true)
          .build();

  private final MockWebServer web = new MockWebServer();
  private final KubernetesMockServer server;
  private final KubernetesClient controller;

  MockApiServer(boolean https) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            web,
            responses,
            new KubernetesMixedDispatcher(responses, List.of(INFERENCE_SERVICE_CRD)),
            https);
    try {
      server.init(InetAddress.getByName("127.0.0.1"), 0);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    controller = server.createClient();
  }

  static MockApiServer http() {
    return new MockApiServer(false);
  }

  /** {@code http://127.0.0.1:PORT} (or https). */
  String url() {
    return server.url("/").replace("localhost", "127.0.0.1");
  }

  int port() {
    return server.getPort();
  }

  /** The PEM file of the server's self-signed certificate (https only). */
  Path caCertificate() {
    return Path.of(web.getSelfSignedCertificate().certificatePath());
  }

  KubernetesMockServer server() {
    return server;
  }

  /** A client that plays the Deployment and KServe controllers. */
  KubernetesClient controller() {
    return controller;
  }

  @Override
  public void close() {
    controller.close();
    server.destroy();
  }
}
