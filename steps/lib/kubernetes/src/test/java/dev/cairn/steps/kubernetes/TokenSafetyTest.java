package dev.cairn.steps.kubernetes;

import static dev.cairn.steps.kubernetes.Controllers.NS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.core.CairnException;
import dev.cairn.core.RemoteAccessException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The bearer token reaches the API server and nowhere else: not messages, causes or toString. */
class TokenSafetyTest {
  private static final String TOKEN = "cairn-test-token-" + UUID.randomUUID();

  private final MockApiServer api = MockApiServer.http();
  private final KubernetesServing serving =
      KubernetesServing.connect(api.url(), NS, TOKEN, Duration.ofMillis(25));

  @AfterEach
  void stop() {
    serving.close();
    api.close();
  }

  @Test
  void failures_neverContainTheToken_evenWhenTheServerEchoesIt() throws InterruptedException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      provokeFailures();
    } finally {
      System.setErr(stderr);
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("Restarted deployment/web").doesNotContain(TOKEN);
    assertThat(serving.toString()).doesNotContain(TOKEN);
    assertThat(authorizationHeaders()).isNotEmpty().allMatch(("Bearer " + TOKEN)::equals);
  }

  private void provokeFailures() {
    new Controllers(api.controller()).createDeployment("web");
    List<Throwable> failures = new ArrayList<>();
    for (int code : new int[] {401, 403, 422, 500}) {
      api.server()
          .expect()
          .patch()
          .withPath("/apis/apps/v1/namespaces/serving/deployments/web")
          .andReturn(
              code,
              new StatusBuilder()
                  .withCode(code)
                  .withMessage("rejected Authorization: Bearer " + TOKEN)
                  .build())
          .always();
      failures.add(catchThrowable(() -> serving.restartDeployment("web", Duration.ofSeconds(5))));
      api.server().clearExpectations();
    }
    failures.add(catchThrowable(() -> serving.restartDeployment("missing", Duration.ofSeconds(5))));
    failures.add(catchThrowable(() -> serving.restartDeployment("web", Duration.ofMillis(100))));

    assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOf(CairnException.class));
    assertThat(failures.get(0)).isInstanceOf(RemoteAccessException.class);
    for (Throwable failure : failures) {
      assertThat(KubeErrorsTest.fullText(failure)).doesNotContain(TOKEN);
    }
  }

  private List<String> authorizationHeaders() throws InterruptedException {
    List<String> headers = new ArrayList<>();
    for (RecordedRequest r = api.server().takeRequest(1, TimeUnit.SECONDS);
        r != null;
        r = api.server().takeRequest(100, TimeUnit.MILLISECONDS)) {
      if (r.getPath().split("\\?")[0].equals("/apis/apps/v1/namespaces/serving/deployments/web")
          && "PATCH".equals(r.getMethod())) {
        headers.add(r.getHeader("Authorization"));
      }
    }
    return headers;
  }
}
