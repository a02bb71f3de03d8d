package dev.cairn.manifests.helm;

import static dev.cairn.manifests.helm.HelmCharts.named;
import static dev.cairn.manifests.helm.HelmCharts.ofKind;
import static dev.cairn.manifests.helm.HelmCharts.template;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.manifests.ArgoSchemas;
import dev.cairn.manifests.WorkVolumes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HelmChartTest {
  private static final Pattern STEP_IMAGE =
      Pattern.compile("(?:^|/)cairn-(snapshot-data|train-register|rollback-model)[:@]");
  private static final String DIGEST =
      "sha256:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789";

  static Stream<Arguments> valueSets() {
    List<Arguments> sets = new ArrayList<>();
    sets.add(Arguments.of("defaults", List.of()));
    for (Path values : HelmCharts.exampleValues()) {
      sets.add(Arguments.of(values.getFileName().toString(), List.of(values)));
    }
    return sets.stream();
  }

  @Test
  void lintStrictReportsNothingAboveInfo() {
    LintResult result = HelmCharts.helm().lint().strict().call();
    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages()).allSatisfy(m -> assertThat(m).startsWith("[INFO]"));
  }

  @Test
  void rendersWithHelmsDefaultKubernetesVersion() {
    // no kubeVersion constraint: a plain `helm template` (Kubernetes v1.20.0 by default) works
    String rendered = HelmCharts.helm().template().withName("cairn").call();
    assertThat(ofKind(rendered, "WorkflowTemplate")).hasSize(3);
  }

  @Test
  void theNotesNameTheTemplatesTheCronWorkflowAndTheSecrets() {
    String output =
        HelmCharts.helm()
            .install()
            .withName("cairn")
            .withNamespace(HelmCharts.NAMESPACE)
            .withKubeVersion(HelmCharts.KUBE_VERSION)
            .clientOnly()
            .dryRun()
            .withValuesFile(HelmCharts.chartDir().resolve("ci/irsa-digest-values.yaml"))
            .call()
            .getOutput();
    assertThat(output)
        .contains("WorkflowTemplates: cairn-steps, cairn-rollback")
        .contains("CronWorkflow:      daily-retrain (30 2 * * * Europe/Berlin)")
        .contains("registry-deploy-key, registry-known-hosts, cairn-git-token")
        .contains("--from workflowtemplate/cairn-rollback")
        .doesNotContain("No serving Role");
  }

  @Test
  void thereAreExampleValuesFiles() {
    assertThat(HelmCharts.exampleValues()).hasSizeGreaterThanOrEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void everyRenderedObjectIsLabelledValidlyNamedAndNoSecret(String label, List<Path> values) {
    String rendered = template(Map.of(), values.toArray(Path[]::new));
    List<JsonNode> objects = HelmCharts.objects(rendered);
    assertThat(objects).as("objects rendered").hasSizeGreaterThanOrEqualTo(2);
    for (JsonNode doc : objects) {
      String kind = doc.path("kind").asText();
      JsonNode metadata = doc.path("metadata");
      String name = metadata.path("name").asText();
      assertThat(kind).as("no Secret is ever rendered").isNotEqualTo("Secret");
      assertThat(name)
          .as("%s name", kind)
          .hasSizeLessThanOrEqualTo(63)
          .matches(HelmCharts.DNS_1123_LABEL);
      assertThat(metadata.has("namespace")).as("%s %s has no namespace", kind, name).isFalse();
      JsonNode labels = metadata.path("labels");
      assertThat(labels.path("app.kubernetes.io/name").asText())
          .as("%s %s", kind, name)
          .isEqualTo("cairn");
      assertThat(labels.path("app.kubernetes.io/instance").asText()).isEqualTo(HelmCharts.RELEASE);
      assertThat(labels.path("app.kubernetes.io/managed-by").asText()).isEqualTo("Helm");
      assertThat(labels.path("app.kubernetes.io/version").asText()).isEqualTo(appVersion());
      assertThat(labels.path("helm.sh/chart").asText()).isEqualTo("cairn-" + chartVersion());
      if (ArgoSchemas.isArgoKind(kind)) {
        assertThat(ArgoSchemas.problems(doc)).as("%s %s", kind, name).isEmpty();
      }
    }
    assertThat(ofKind(rendered, "WorkflowTemplate")).hasSize(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("valueSets")
  void everyStepImageContainerRunsTheGeneratedCommand(String label, List<Path> values)
      throws IOException {
    // the generated command is the image entrypoint (StepImageTest): with any images, no registry
    // lookup for the entrypoint
    Path generated =
        InteropTools.repoRoot()
            .resolve("manifests/generated/argo/cairn-steps-workflowtemplate.yaml");
    Map<String, JsonNode> commands = new java.util.HashMap<>();
    for (JsonNode t :
        ArgoSchemas.readAll(Files.readString(generated)).get(0).path("spec").path("templates")) {
      commands.put(t.path("name").asText(), t.path("container").path("command"));
    }
    assertThat(commands).hasSize(3).allSatisfy((step, command) -> assertThat(command).isNotEmpty());
    List<String> found = new ArrayList<>();
    for (JsonNode doc : HelmCharts.objects(template(Map.of(), values.toArray(Path[]::new)))) {
      for (JsonNode container : doc.findParents("image")) {
        Matcher image = STEP_IMAGE.matcher(container.path("image").asText());
        if (image.find()) {
          found.add(image.group(1));
          assertThat(container.path("command"))
              .as("%s: command of %s", label, container.path("image").asText())
              .isEqualTo(commands.get(image.group(1)));
        }
      }
    }
    assertThat(found).containsExactly("snapshot-data", "train-register", "rollback-model");
  }

  @Test
  void defaultsRenderTheTemplatesRbacAndNoCronWorkflow() {
    String rendered = template(Map.of());
    assertThat(ofKind(rendered, "CronWorkflow")).isEmpty();
    assertThat(ofKind(rendered, "ServiceAccount"))
        .extracting(sa -> sa.path("metadata").path("name").asText())
        .containsExactly("cairn-snapshot", "cairn-train", "cairn-rollback");
    // no names to allow: no serving Role (empty resourceNames would allow every object)
    assertThat(ofKind(rendered, "Role"))
        .extracting(r -> r.path("metadata").path("name").asText())
        .containsExactly("cairn-argo-executor");
    JsonNode steps = named(rendered, "WorkflowTemplate", "cairn-steps");
    assertThat(steps.path("spec").path("templates").get(0).path("container").path("image").asText())
        .isEqualTo("ghcr.io/cairn-dev/cairn-snapshot-data:" + appVersion());
  }

  @Test
  void aDigestWinsOverTheTagAndTheTagDefaultsToTheAppVersion() {
    String rendered =
        template(
            Map.of(
                "images.registry", "registry.example.com/ml",
                "images.snapshotData.tag", "9.9.9",
                "images.snapshotData.digest", DIGEST,
                "images.trainRegister.tag", "1.2.3"));
    Map<String, String> images = images(rendered);
    assertThat(images)
        .containsEntry("snapshot-data", "registry.example.com/ml/cairn-snapshot-data@" + DIGEST)
        .containsEntry("train-register", "registry.example.com/ml/cairn-train-register:1.2.3")
        .containsEntry(
            "rollback-model", "registry.example.com/ml/cairn-rollback-model:" + appVersion());
  }

  @Test
  void oneTagForEveryImage_anImagesOwnTagOrDigestStillWins() {
    String rendered =
        template(
            Map.of(
                "images.registry", "registry.example.com/ml",
                "images.tag", "2.0.0",
                "images.trainRegister.tag", "1.2.3",
                "images.rollbackModel.digest", DIGEST));
    assertThat(images(rendered))
        .containsEntry("snapshot-data", "registry.example.com/ml/cairn-snapshot-data:2.0.0")
        .containsEntry("train-register", "registry.example.com/ml/cairn-train-register:1.2.3")
        .containsEntry("rollback-model", "registry.example.com/ml/cairn-rollback-model@" + DIGEST);
  }

  @Test
  void anEmptyRegistryLeavesTheRepositoryAsIs() {
    String rendered =
        template(
            Map.of(
                "images.registry", "",
                "images.rollbackModel.repository", "quay.io/acme/cairn-rollback-model"));
    assertThat(images(rendered))
        .containsEntry("rollback-model", "quay.io/acme/cairn-rollback-model:" + appVersion());
  }

  @Test
  void theCronWorkflowIsRenderedWhenEnabled() {
    String rendered =
        template(
            Map.of(
                "cronWorkflow.enabled", "true",
                "cronWorkflow.schedules[0]", "15 4 * * 1-5",
                "cronWorkflow.timezone", "Europe/Paris",
                "cronWorkflow.training.image", "registry.example.com/ml/trainer:2.0",
                "cronWorkflow.training.command[0]", "python",
                "cronWorkflow.training.command[1]", "train.py",
                "cronWorkflow.parameters.modelName", "fraud-model"));
    JsonNode cron = named(rendered, "CronWorkflow", "daily-retrain");
    JsonNode spec = cron.path("spec");
    assertThat(spec.path("schedules").toString()).isEqualTo("[\"15 4 * * 1-5\"]");
    assertThat(spec.path("timezone").asText()).isEqualTo("Europe/Paris");
    assertThat(spec.path("concurrencyPolicy").asText()).isEqualTo("Forbid");
    assertThat(spec.path("workflowSpec").path("serviceAccountName").asText())
        .isEqualTo("cairn-train");
    assertThat(parameter(spec.path("workflowSpec"), "trainer-image"))
        .isEqualTo("registry.example.com/ml/trainer:2.0");
    assertThat(parameter(spec.path("workflowSpec"), "model-name")).isEqualTo("fraud-model");
    JsonNode trainer = spec.path("workflowSpec").path("templates").get(1).path("container");
    assertThat(trainer.path("command").toString()).isEqualTo("[\"python\",\"train.py\"]");
    assertThat(trainer.path("image").asText()).isEqualTo("{{workflow.parameters.trainer-image}}");
    assertThat(ArgoSchemas.problems(cron)).isEmpty();
  }

  @Test
  void theCronWorkflowNeedsATrainingImage() {
    assertThatThrownBy(() -> template(Map.of("cronWorkflow.enabled", "true")))
        .hasMessageContaining("set cronWorkflow.training.image");
  }

  @Test
  void theValuesSchemaRejectsAnUnknownKey() {
    assertThatThrownBy(() -> template(Map.of("images.snapshotData.tagg", "1.0")))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("tagg");
  }

  @Test
  void theValuesSchemaRejectsAWrongType() {
    assertThatThrownBy(() -> template(Map.of("cronWorkflow.enabled", "sometimes")))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining("/cronWorkflow/enabled");
  }

  @Test
  void theValuesSchemaRejectsABadDigestAndABadSecretName() {
    assertThatThrownBy(() -> template(Map.of("images.trainRegister.digest", "sha256:xyz")))
        .hasMessageContaining("/images/trainRegister/digest");
    assertThatThrownBy(() -> template(Map.of("secrets.gitSsh", "Not_A_Name")))
        .hasMessageContaining("/secrets/gitSsh");
  }

  @Test
  void secretsAreReferredToByNameOnly() {
    String rendered =
        template(Map.of("secrets.gitSsh", "deploy-key", "secrets.awsCredentials", "aws-creds"));
    assertThat(ofKind(rendered, "Secret")).isEmpty();
    JsonNode steps = named(rendered, "WorkflowTemplate", "cairn-steps");
    for (JsonNode t : steps.path("spec").path("templates")) {
      assertThat(input(t, "git-ssh-secret")).isEqualTo("deploy-key");
      assertThat(input(t, "aws-credentials-secret")).isEqualTo("aws-creds");
      assertThat(input(t, "known-hosts-secret")).isEqualTo("cairn-known-hosts");
      // the step names a missing Secret from these (names only, never a value)
      assertThat(env(t, "CAIRN_GIT_SSH_SECRET")).isEqualTo("{{inputs.parameters.git-ssh-secret}}");
      assertThat(env(t, "CAIRN_AWS_CREDENTIALS_SECRET"))
          .isEqualTo("{{inputs.parameters.aws-credentials-secret}}");
    }
  }

  @Test
  void theCronWorkflowPassesTheEndpointAndTheServingTargetsToTheSteps() {
    String rendered =
        template(
            Map.of(
                "cronWorkflow.enabled", "true",
                "cronWorkflow.training.image", "registry.example.com/ml/trainer:2.0",
                "cronWorkflow.parameters.remoteEndpointUrl", "http://minio.ml.svc:9000",
                "cronWorkflow.parameters.serveUri", "s3://models/serving/churn-model",
                "cronWorkflow.parameters.restart", "deployment/model-server"));
    JsonNode workflowSpec = named(rendered, "CronWorkflow", "daily-retrain").path("spec");
    workflowSpec = workflowSpec.path("workflowSpec");
    assertThat(parameter(workflowSpec, "remote-endpoint-url"))
        .isEqualTo("http://minio.ml.svc:9000");
    assertThat(parameter(workflowSpec, "serve-uri")).isEqualTo("s3://models/serving/churn-model");
    assertThat(parameter(workflowSpec, "restart")).isEqualTo("deployment/model-server");
    assertThat(parameter(workflowSpec, "namespace")).isEmpty();
    Map<String, Map<String, String>> passed = new java.util.LinkedHashMap<>();
    for (JsonNode task : workflowSpec.path("templates").get(0).path("dag").path("tasks")) {
      Map<String, String> params = new java.util.LinkedHashMap<>();
      task.path("arguments")
          .path("parameters")
          .forEach(p -> params.put(p.path("name").asText(), p.path("value").asText()));
      passed.put(task.path("name").asText(), params);
    }
    assertThat(passed.get("snapshot"))
        .containsEntry("remote-endpoint-url", "{{workflow.parameters.remote-endpoint-url}}");
    assertThat(passed.get("register"))
        .containsEntry("remote-endpoint-url", "{{workflow.parameters.remote-endpoint-url}}")
        .containsEntry("serve-uri", "{{workflow.parameters.serve-uri}}")
        .containsEntry("restart", "{{workflow.parameters.restart}}")
        .containsEntry("namespace", "{{workflow.parameters.namespace}}");
    assertThatThrownBy(
            () ->
                template(
                    Map.of(
                        "cronWorkflow.enabled", "true",
                        "cronWorkflow.training.image", "trainer:1",
                        "cronWorkflow.parameters.restart", "statefulset/web")))
        .hasMessageContaining("/cronWorkflow/parameters/restart");
  }

  @Test
  void byDefaultTheStepsKeepTheEmptyDir() {
    JsonNode steps = named(template(Map.of()), "WorkflowTemplate", "cairn-steps");
    for (JsonNode t : steps.path("spec").path("templates")) {
      assertThat(input(t, "work-volume")).isEmpty();
      WorkVolumes.Pod pod = WorkVolumes.pod(t, input(t, "work-volume"));
      assertThat(pod.patch()).isEmpty();
      assertThat(pod.volume("workspace").toString())
          .isEqualTo("{\"name\":\"workspace\",\"emptyDir\":{}}");
      assertThat(pod.workDirArg()).isEqualTo("--work-dir=/workspace");
    }
  }

  @Test
  void aWorkVolumeClaimReachesEveryStepAndWorkflow() {
    String rendered =
        template(
            Map.of(
                "workVolume.claimName", "cairn-work",
                "cronWorkflow.enabled", "true",
                "cronWorkflow.training.image", "registry.example.com/ml/trainer:2.0"));
    JsonNode steps = named(rendered, "WorkflowTemplate", "cairn-steps");
    for (JsonNode t : steps.path("spec").path("templates")) {
      String step = t.path("name").asText();
      assertThat(input(t, "work-volume")).as(step).isEqualTo("cairn-work");
      WorkVolumes.Pod pod = WorkVolumes.pod(t, input(t, "work-volume"));
      assertThat(pod.volume("workspace").path("persistentVolumeClaim").path("claimName").asText())
          .isEqualTo("cairn-work");
      assertThat(pod.volume("workspace").has("emptyDir")).isFalse();
      assertThat(pod.mountPath("workspace")).isEqualTo("/workspace");
      assertThat(pod.workDirArg()).isEqualTo("--work-dir=/workspace/" + step);
    }
    JsonNode rollback = named(rendered, "WorkflowTemplate", "cairn-rollback");
    assertThat(parameter(rollback.path("spec"), "work-volume")).isEqualTo("cairn-work");
    JsonNode cron = named(rendered, "CronWorkflow", "daily-retrain");
    JsonNode workflowSpec = cron.path("spec").path("workflowSpec");
    assertThat(parameter(workflowSpec, "work-volume")).isEqualTo("cairn-work");
    for (JsonNode task : workflowSpec.path("templates").get(0).path("dag").path("tasks")) {
      if (task.has("templateRef")) {
        assertThat(task.path("arguments").path("parameters").toString())
            .as(task.path("name").asText())
            .contains(
                "{\"name\":\"work-volume\",\"value\":\"{{workflow.parameters.work-volume}}\"}");
      }
    }
    assertThat(ArgoSchemas.problems(steps)).isEmpty();
    assertThat(ArgoSchemas.problems(cron)).isEmpty();
    assertThatThrownBy(() -> template(Map.of("workVolume.claimName", "Not_A_Claim")))
        .hasMessageContaining("/workVolume/claimName");
  }

  @Test
  void theServingRoleNamesOnlyTheObjectsFromTheValues() {
    String rendered =
        template(
            Map.of(
                "rbac.serving.deployments[0]", "churn-server",
                "rbac.serving.deployments[1]", "churn-canary",
                "rbac.serving.inferenceServices[0]", "churn-model"));
    JsonNode role = named(rendered, "Role", "cairn-serving");
    JsonNode rules = role.path("rules");
    assertThat(rules).hasSize(2);
    assertThat(rules.get(0).path("resources").toString()).isEqualTo("[\"deployments\"]");
    assertThat(rules.get(0).path("resourceNames").toString())
        .isEqualTo("[\"churn-server\",\"churn-canary\"]");
    assertThat(rules.get(0).path("verbs").toString()).isEqualTo("[\"get\",\"patch\"]");
    assertThat(rules.get(1).path("resources").toString()).isEqualTo("[\"inferenceservices\"]");
    assertThat(rules.get(1).path("resourceNames").toString()).isEqualTo("[\"churn-model\"]");
    JsonNode binding = named(rendered, "RoleBinding", "cairn-serving");
    assertThat(binding.path("subjects").findValuesAsText("name"))
        .containsExactly("cairn-train", "cairn-rollback");
    assertThat(binding.path("subjects").findValuesAsText("namespace"))
        .containsOnly(HelmCharts.NAMESPACE);

    String onlyDeployments = template(Map.of("rbac.serving.deployments[0]", "churn-server"));
    assertThat(named(onlyDeployments, "Role", "cairn-serving").path("rules")).hasSize(1);
  }

  @Test
  void irsaAnnotationsAreMergedPerRole() {
    String rendered =
        template(
            Map.of(
                "serviceAccounts.annotations.eks\\.amazonaws\\.com/role-arn",
                "arn:aws:iam::123456789012:role/all",
                "serviceAccounts.rollback.annotations.eks\\.amazonaws\\.com/role-arn",
                "arn:aws:iam::123456789012:role/rollback"));
    assertThat(annotation(named(rendered, "ServiceAccount", "cairn-snapshot")))
        .isEqualTo("arn:aws:iam::123456789012:role/all");
    assertThat(annotation(named(rendered, "ServiceAccount", "cairn-rollback")))
        .isEqualTo("arn:aws:iam::123456789012:role/rollback");
    assertThat(
            named(template(Map.of()), "ServiceAccount", "cairn-train")
                .path("metadata")
                .has("annotations"))
        .isFalse();
  }

  @Test
  void azureWorkloadIdentityLabelsEveryPodAndAnnotatesTheServiceAccountsWhenEnabled() {
    String rendered =
        template(
            Map.of(
                "azureWorkloadIdentity.enabled", "true",
                "azureWorkloadIdentity.clientId", "11111111-2222-3333-4444-555555555555",
                "serviceAccounts.rollback.annotations.azure\\.workload\\.identity/client-id",
                    "99999999-2222-3333-4444-555555555555",
                "cronWorkflow.enabled", "true",
                "cronWorkflow.training.image", "registry.example.com/ml/trainer:2.0"));
    List<JsonNode> pods = new ArrayList<>();
    for (String name : List.of("cairn-steps", "cairn-rollback", "cairn-sharded-snapshot")) {
      JsonNode template = named(rendered, "WorkflowTemplate", name);
      assertThat(ArgoSchemas.problems(template)).as(name).isEmpty();
      template.path("spec").path("templates").forEach(pods::add);
    }
    JsonNode cron = named(rendered, "CronWorkflow", "daily-retrain");
    assertThat(ArgoSchemas.problems(cron)).isEmpty();
    cron.path("spec").path("workflowSpec").path("templates").forEach(pods::add);
    int labelled = 0;
    for (JsonNode t : pods) {
      if (t.has("container")) {
        assertThat(t.path("metadata").path("labels").path("azure.workload.identity/use").asText())
            .as(t.path("name").asText())
            .isEqualTo("true");
        labelled++;
      } else {
        assertThat(t.has("metadata")).as(t.path("name").asText()).isFalse();
      }
    }
    assertThat(labelled).isGreaterThanOrEqualTo(4);
    assertThat(clientId(named(rendered, "ServiceAccount", "cairn-snapshot")))
        .isEqualTo("11111111-2222-3333-4444-555555555555");
    // an annotation set under serviceAccounts wins
    assertThat(clientId(named(rendered, "ServiceAccount", "cairn-rollback")))
        .isEqualTo("99999999-2222-3333-4444-555555555555");

    // off by default: no label, no annotation, even with a client id
    String off =
        template(Map.of("azureWorkloadIdentity.clientId", "11111111-2222-3333-4444-555555555555"));
    for (JsonNode t :
        named(off, "WorkflowTemplate", "cairn-steps").path("spec").path("templates")) {
      assertThat(t.has("metadata")).isFalse();
    }
    assertThat(named(off, "ServiceAccount", "cairn-train").path("metadata").has("annotations"))
        .isFalse();
    assertThatThrownBy(() -> template(Map.of("azureWorkloadIdentity.clientId", "not-a-guid")))
        .hasMessageContaining("/azureWorkloadIdentity/clientId");
  }

  private static String clientId(JsonNode sa) {
    return sa.path("metadata")
        .path("annotations")
        .path("azure.workload.identity/client-id")
        .asText();
  }

  @Test
  void theNamePrefixReachesEveryTemplateRef() {
    String rendered =
        template(
            Map.of(
                "workflowTemplates.namePrefix", "team-a-",
                "cronWorkflow.enabled", "true",
                "cronWorkflow.training.image", "trainer:1"));
    assertThat(ofKind(rendered, "WorkflowTemplate"))
        .extracting(t -> t.path("metadata").path("name").asText())
        .containsExactlyInAnyOrder(
            "team-a-cairn-steps", "team-a-cairn-rollback", "team-a-cairn-sharded-snapshot");
    assertThat(named(rendered, "CronWorkflow", "team-a-daily-retrain")).isNotNull();
    List<String> refs = new ArrayList<>();
    for (JsonNode doc : HelmCharts.objects(rendered)) {
      refs.addAll(
          doc.findValues("templateRef").stream().map(r -> r.path("name").asText()).toList());
    }
    assertThat(refs).hasSize(6).containsOnly("team-a-cairn-steps");
  }

  @Test
  void existingServiceAccountsAreUsedWhenTheChartCreatesNone() {
    String rendered =
        template(
            Map.of(
                "serviceAccounts.create", "false",
                "serviceAccounts.train.name", "ml-train",
                "rbac.create", "false"));
    assertThat(ofKind(rendered, "ServiceAccount")).isEmpty();
    assertThat(ofKind(rendered, "Role")).isEmpty();
    JsonNode steps = named(rendered, "WorkflowTemplate", "cairn-steps");
    assertThat(steps.path("spec").path("templates").findValuesAsText("serviceAccountName"))
        .containsExactly("default", "ml-train", "default");
  }

  @Test
  void longReleaseNamesAreTruncatedTo63Characters() {
    String release = "a-very-long-release-name-that-goes-on-and-on-for-quite-a-while-x";
    String rendered = HelmCharts.template(release.substring(0, 53), Map.of());
    for (JsonNode doc : HelmCharts.objects(rendered)) {
      assertThat(doc.path("metadata").path("name").asText())
          .hasSizeLessThanOrEqualTo(63)
          .matches(HelmCharts.DNS_1123_LABEL);
    }
  }

  @Test
  void chartMetadataAgreesWithTheBuild() throws IOException {
    Properties images = new Properties();
    try (InputStream in =
        dev.cairn.manifests.Generate.class.getResourceAsStream("images.properties")) {
      assertThat(in).isNotNull();
      images.load(in);
    }
    assertThat(appVersion()).isEqualTo(images.getProperty("tag"));
    assertThat(Files.readString(HelmCharts.chartDir().resolve("values.yaml")))
        .contains("registry: " + images.getProperty("registry") + "\n");
    assertThat(chartVersion()).matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.-]+)?");
    assertThat(chartName()).matches(HelmCharts.DNS_1123_LABEL).hasSizeLessThanOrEqualTo(63);
  }

  // helpers

  static Map<String, String> images(String rendered) {
    JsonNode steps = named(rendered, "WorkflowTemplate", "cairn-steps");
    Map<String, String> images = new java.util.LinkedHashMap<>();
    for (JsonNode t : steps.path("spec").path("templates")) {
      images.put(t.path("name").asText(), t.path("container").path("image").asText());
    }
    return images;
  }

  private static String input(JsonNode template, String name) {
    for (JsonNode p : template.path("inputs").path("parameters")) {
      if (p.path("name").asText().equals(name)) {
        return p.path("value").asText();
      }
    }
    throw new AssertionError("no input " + name);
  }

  private static String env(JsonNode template, String name) {
    for (JsonNode e : template.path("container").path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    throw new AssertionError("no env " + name);
  }

  private static String parameter(JsonNode workflowSpec, String name) {
    for (JsonNode p : workflowSpec.path("arguments").path("parameters")) {
      if (p.path("name").asText().equals(name)) {
        return p.path("value").asText();
      }
    }
    throw new AssertionError("no parameter " + name);
  }

  private static String annotation(JsonNode sa) {
    return sa.path("metadata").path("annotations").path("eks.amazonaws.com/role-arn").asText();
  }

  static String chartField(String field) {
    try {
      for (String line : Files.readAllLines(HelmCharts.chartDir().resolve("Chart.yaml"))) {
        if (line.startsWith(field + ": ")) {
          return line.substring(field.length() + 2).replace("\"", "").strip();
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError("no " + field + " in Chart.yaml");
  }

  static String appVersion() {
    return chartField("appVersion");
  }

  static String chartVersion() {
    return chartField("version");
  }

  static String chartName() {
    return chartField("name");
  }
}
