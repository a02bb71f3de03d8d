package dev.cairn.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.steps.common.ExitCodes;
import dev.cairn.steps.common.MountPaths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Cairn step templates of the generated {@code cairn-steps} WorkflowTemplate (the chart renders
 * the same, see ChartMatchesGeneratedManifestsTest): Argo retries what a re-run can fix, and every
 * mounted Secret is named to the step.
 */
class StepTemplatesTest {
  static final String EXPRESSION =
      "lastRetry.status == 'Error' || (lastRetry.status == 'Failed'"
          + " && asInt(lastRetry.exitCode) in [-1, 1, 4, 6, 137, 143])";

  /** The one shape the expression may have; group 1 is the list of retried exit codes. */
  private static final Pattern SHAPE =
      Pattern.compile(
          "lastRetry\\.status == 'Error' \\|\\| \\(lastRetry\\.status == 'Failed'"
              + " && asInt\\(lastRetry\\.exitCode\\) in \\[(-?\\d+(?:, -?\\d+)*)]\\)");

  private static List<JsonNode> stepTemplates() {
    String yaml = Manifests.yaml(Argo.stepsTemplate(Manifests.steps()));
    List<JsonNode> templates = new ArrayList<>();
    ArgoSchemas.readAll(yaml).get(0).path("spec").path("templates").forEach(templates::add);
    assertThat(templates)
        .extracting(t -> t.path("name").asText())
        .containsExactly("snapshot-data", "train-register", "rollback-model");
    return templates;
  }

  /** Whether Argo retries an attempt that ended in {@code status} with {@code exitCode}. */
  private static boolean retried(String expression, String status, int exitCode) {
    Matcher m = SHAPE.matcher(expression);
    assertThat(m.matches())
        .as("the retry expression has the expected shape: %s", expression)
        .isTrue();
    List<Integer> codes = new ArrayList<>();
    for (String code : m.group(1).split(", ")) {
      codes.add(Integer.parseInt(code));
    }
    return status.equals("Error") || (status.equals("Failed") && codes.contains(exitCode));
  }

  @Test
  void everyStepTemplateRetriesWithBackoff() {
    for (JsonNode template : stepTemplates()) {
      JsonNode retry = template.path("retryStrategy");
      String name = template.path("name").asText();
      assertThat(retry.path("limit").asText()).as(name).isEqualTo("3");
      assertThat(retry.path("limit").isTextual()).as("limit is an IntOrString: quoted").isTrue();
      assertThat(retry.path("retryPolicy").asText()).as(name).isEqualTo("Always");
      assertThat(retry.path("expression").asText()).as(name).isEqualTo(EXPRESSION);
      assertThat(retry.path("backoff").path("duration").asText()).isEqualTo("10s");
      assertThat(retry.path("backoff").path("factor").asText()).isEqualTo("2");
      // maxDuration counts from the first attempt and kills a retry when it runs out
      assertThat(retry.path("backoff").has("maxDuration")).as(name).isFalse();
    }
  }

  @Test
  void theExpressionRetriesOnlyWhatARerunCanFix() {
    for (JsonNode template : stepTemplates()) {
      String expression = template.path("retryStrategy").path("expression").asText();
      for (int code :
          List.of(
              ExitCodes.USAGE,
              ExitCodes.CONFIGURATION,
              ExitCodes.INTEGRITY,
              ExitCodes.GATE_REJECTED)) {
        assertThat(retried(expression, "Failed", code)).as("exit code %s", code).isFalse();
      }
      for (int code : List.of(ExitCodes.FAILURE, ExitCodes.REMOTE, ExitCodes.CONFLICT)) {
        assertThat(retried(expression, "Failed", code)).as("exit code %s", code).isTrue();
      }
      // evicted or killed (SIGKILL, SIGTERM, no exit code): Argo marks these Failed
      for (int code : List.of(-1, 137, 143)) {
        assertThat(retried(expression, "Failed", code)).as("exit code %s", code).isTrue();
      }
      // a deleted pod or an executor failure is an Error, whatever the exit code
      assertThat(retried(expression, "Error", ExitCodes.CONFIGURATION)).isTrue();
    }
  }

  @Test
  void theShapeCheckRejectsAnotherExpression() {
    String other = EXPRESSION.replace("|| (", "&& (");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> retried(other, "Failed", 1))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected shape");
  }

  @Test
  void everySecretVolumeIsNamedInTheEnvironmentTheStepReads() {
    Map<String, String> envByDir =
        Map.of(
            "/var/run/cairn/git-ssh", MountPaths.GIT_SSH_SECRET_ENV,
            "/var/run/cairn/known-hosts", MountPaths.KNOWN_HOSTS_SECRET_ENV,
            "/var/run/cairn/git-token", MountPaths.GIT_TOKEN_SECRET_ENV,
            "/var/run/cairn/remote-ssh", MountPaths.REMOTE_SSH_SECRET_ENV,
            "/var/run/cairn/aws", MountPaths.AWS_CREDENTIALS_SECRET_ENV,
            "/var/run/cairn/gcp", MountPaths.GCP_CREDENTIALS_SECRET_ENV,
            "/var/run/cairn/azure", MountPaths.AZURE_CREDENTIALS_SECRET_ENV);
    // the directories the steps look in are those of the MountPaths files
    assertThat(envByDir.keySet())
        .allSatisfy(
            dir ->
                assertThat(
                        Set.of(
                                MountPaths.GIT_SSH_KEY,
                                MountPaths.GIT_KNOWN_HOSTS,
                                MountPaths.GIT_TOKEN,
                                MountPaths.REMOTE_SSH_KEY,
                                MountPaths.AWS_CREDENTIALS,
                                MountPaths.GCP_KEY,
                                MountPaths.AZURE_CONNECTION_STRING)
                            .stream()
                            .anyMatch(file -> file.startsWith(dir + "/")))
                    .as(dir)
                    .isTrue());
    for (JsonNode template : stepTemplates()) {
      String name = template.path("name").asText();
      Map<String, String> mountDirs = new LinkedHashMap<>();
      template
          .path("container")
          .path("volumeMounts")
          .forEach(m -> mountDirs.put(m.path("name").asText(), m.path("mountPath").asText()));
      Map<String, String> env = new LinkedHashMap<>();
      for (JsonNode e : template.path("container").path("env")) {
        assertThat(e.has("valueFrom")).as("%s: no Secret value in the environment", name).isFalse();
        env.put(e.path("name").asText(), e.path("value").asText());
      }
      int secrets = 0;
      for (JsonNode volume : template.path("volumes")) {
        if (!volume.has("secret")) {
          continue;
        }
        secrets++;
        String dir = mountDirs.get(volume.path("name").asText());
        String variable = envByDir.get(dir);
        assertThat(variable).as("%s: Secret volume mounted at %s", name, dir).isNotNull();
        assertThat(env)
            .as("%s: the name of the Secret mounted at %s", name, dir)
            .containsEntry(variable, volume.path("secret").path("secretName").asText());
        assertThat(volume.path("secret").path("optional").asBoolean()).isTrue();
      }
      assertThat(secrets).as(name).isEqualTo(7);
    }
  }

  @Test
  void byDefaultTheWorkDirectoryIsTheEmptyDirAsBefore() {
    for (JsonNode template : stepTemplates()) {
      String name = template.path("name").asText();
      assertThat(template.path("volumes").get(0).toString())
          .as(name)
          .isEqualTo("{\"name\":\"workspace\",\"emptyDir\":{}}");
      assertThat(template.path("container").path("volumeMounts").get(0).toString())
          .as(name)
          .isEqualTo("{\"name\":\"workspace\",\"mountPath\":\"/workspace\"}");
      JsonNode param = inputParameter(template, "work-volume");
      assertThat(param.path("value").asText()).as(name).isEmpty();
      WorkVolumes.Pod pod = WorkVolumes.pod(template, "");
      assertThat(pod.patch()).as("no pod spec patch: %s", name).isEmpty();
      assertThat(pod.workDirArg()).isEqualTo("--work-dir=/workspace");
      assertThat(pod.volumes()).isEqualTo(template.path("volumes"));
    }
  }

  @Test
  void aWorkVolumeMountsItsClaimAtWorkspaceWithADirectoryPerStep() {
    for (JsonNode template : stepTemplates()) {
      String name = template.path("name").asText();
      WorkVolumes.Pod pod = WorkVolumes.pod(template, "cairn-work");
      assertThat(pod.volume("workspace").toString())
          .as(name)
          .isEqualTo(
              "{\"name\":\"workspace\",\"persistentVolumeClaim\":{\"claimName\":\"cairn-work\"}}");
      assertThat(pod.mountPath("workspace")).isEqualTo("/workspace");
      assertThat(pod.workDirArg()).isEqualTo("--work-dir=/workspace/" + name);
      // the other volumes are untouched
      assertThat(pod.volume("tmp").has("emptyDir")).isTrue();
      assertThat(pod.volumes()).hasSize(template.path("volumes").size());
    }
  }

  private static JsonNode inputParameter(JsonNode template, String name) {
    for (JsonNode p : template.path("inputs").path("parameters")) {
      if (p.path("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no input parameter " + name);
  }
}
