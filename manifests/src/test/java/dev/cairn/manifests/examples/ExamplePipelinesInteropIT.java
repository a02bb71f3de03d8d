package dev.cairn.manifests.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import dev.cairn.manifests.ArgoLint;
import dev.cairn.manifests.ArgoSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real KFP SDK compiles the KFP examples (run as a user runs them), and the real {@code argo
 * lint --offline} accepts the Argo examples together with the generated WorkflowTemplates.
 */
@EnabledIfSystemProperty(named = "cairn.interop", matches = "true")
class ExamplePipelinesInteropIT {
  private static final Pattern IMAGE = Pattern.compile("(?m)^\\s+image: (\\S+)$");

  /** The image of a generated KFP component (manifests/generated/kfp/STEP.yaml). */
  static String componentImage(String step) {
    Matcher m =
        IMAGE.matcher(
            ExampleChecks.read(ExampleChecks.generatedDir().resolve("kfp/" + step + ".yaml")));
    assertThat(m.find()).as("image of " + step).isTrue();
    return m.group(1);
  }

  /** Where {@link #repoCopy} installs the cairn_kfp package (what the examples import). */
  static final String SITE = ".cairn-kfp-site";

  /**
   * A copy of the examples and generated components laid out as in the repository, with the
   * checkout's cairn_kfp package pip-installed beside them ({@link #pythonPath}).
   */
  static Path repoCopy(Path temp) throws IOException {
    Path root = examplesCopy(temp);
    Files.move(CairnKfpPackageInteropIT.installPackage(temp), root.resolve(SITE));
    return root;
  }

  /** The PYTHONPATH that finds the package {@link #repoCopy} installed, for a dir in the copy. */
  static String pythonPath(Path dir) {
    for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve(SITE))) {
        return d.resolve(SITE).toString();
      }
    }
    throw new AssertionError("no cairn_kfp installed above " + dir);
  }

  private static Path examplesCopy(Path temp) throws IOException {
    Path root = temp.resolve("repo");
    for (String dir : List.of("examples/pipelines/kfp", "manifests/generated/kfp")) {
      Path to = Files.createDirectories(root.resolve(dir));
      for (Path file : ExampleChecks.filesIn(ExampleChecks.repoRoot().resolve(dir), "")) {
        boolean leftover = dir.startsWith("examples") && file.toString().endsWith(".yaml");
        if (Files.isRegularFile(file) && !leftover) {
          Files.copy(file, to.resolve(file.getFileName()));
        }
      }
    }
    return root;
  }

  /** The two documents of a compiled pipeline. */
  record Compiled(JsonNode pipeline, JsonNode platform) {}

  static Compiled compile(Path dir, String script, String... args) {
    // the default: no work volume and the generated images, whatever the environment says
    return compileWith(
        Map.of("CAIRN_WORK_VOLUME", "", "CAIRN_IMAGE_REGISTRY", "", "CAIRN_IMAGE_TAG", ""),
        dir,
        script,
        args);
  }

  static Compiled compileWith(Map<String, String> env, Path dir, String script, String... args) {
    List<String> command = new ArrayList<>();
    command.add(InteropTools.kfpPython().toString());
    command.add(script);
    command.addAll(List.of(args));
    Map<String, String> withPackage = new java.util.HashMap<>(env);
    withPackage.put("PYTHONPATH", pythonPath(dir));
    ProcessRunner.run(dir, command, withPackage).assertOk();
    Path out = args.length > 0 ? dir.resolve(args[0]) : dir.resolve(script.replace(".py", ".yaml"));
    assertThat(out).as("compiled pipeline").isRegularFile();
    List<JsonNode> docs = ArgoSchemas.readAll(ExampleChecks.read(out));
    assertThat(docs).as("pipeline spec + platform spec").hasSize(2);
    return new Compiled(docs.get(0), docs.get(1));
  }

  private static List<String> mountPaths(JsonNode platform, String executor) {
    List<String> paths = new ArrayList<>();
    platform
        .path("platforms")
        .path("kubernetes")
        .path("deploymentSpec")
        .path("executors")
        .path(executor)
        .path("secretAsVolume")
        .forEach(
            v -> {
              assertThat(v.path("optional").asBoolean()).as(v.toString()).isTrue();
              paths.add(v.path("mountPath").asText());
            });
    return paths;
  }

  private static JsonNode container(JsonNode pipeline, String executor) {
    JsonNode c = pipeline.path("deploymentSpec").path("executors").path(executor).path("container");
    assertThat(c.isMissingNode()).as(executor).isFalse();
    return c;
  }

  @Test
  void theKfpSdkCompilesTheDailyRetrainingPipeline(@TempDir Path temp) throws IOException {
    Path kfp = repoCopy(temp).resolve("examples/pipelines/kfp");
    // as the README says: the default output lands next to the script ...
    Compiled compiled = compile(kfp, "daily_retrain.py");
    // ... and a path on the command line is honoured
    compile(kfp, "daily_retrain.py", "out.yaml");
    JsonNode pipeline = compiled.pipeline();
    JsonNode platform = compiled.platform();
    String text = pipeline.toString();

    assertThat(container(pipeline, "exec-snapshot-data").path("image").asText())
        .isEqualTo(componentImage("snapshot-data"))
        .startsWith("ghcr.io/cairn-dev/cairn-snapshot-data:");
    assertThat(container(pipeline, "exec-train-register").path("image").asText())
        .isEqualTo(componentImage("train-register"))
        .startsWith("ghcr.io/cairn-dev/cairn-train-register:");
    assertThat(container(pipeline, "exec-train").path("image").asText())
        .isEqualTo("registry.example.com/ml/churn-trainer:1.0.0");
    assertThat(container(pipeline, "exec-train").path("args").toString())
        .contains("{{$.outputs.artifacts['model'].path}}");
    assertThat(text)
        .contains("--gate={{$.inputs.parameters['gate']}}")
        .contains("--metrics={{$.inputs.artifacts['metrics_file'].path}}")
        .contains("--model={{$.inputs.artifacts['model'].path}}")
        .contains("outputArtifactKey\":\"model\"")
        .contains("outputArtifactKey\":\"metrics\"")
        .contains("@{{$.inputs.parameters['pipelinechannel--snapshot-data-version']}}");
    // training and registration run only when snapshot-data says the data needs training
    assertThat(text)
        .containsPattern(
            "\"condition\":\"inputs.parameter_values\\['pipelinechannel--snapshot-data-needs_training'\\]"
                + " == true\"");
    JsonNode conditionTasks =
        pipeline.path("components").path("comp-condition-2").path("dag").path("tasks");
    assertThat(conditionTasks.has("train")).isTrue();
    assertThat(conditionTasks.has("train-register")).isTrue();
    assertThat(pipeline.path("root").path("dag").path("tasks").has("train-register")).isFalse();
    // a Cairn task's inputs are the same every day: KFP must not replay it from its cache (the
    // KFP SDK writes enableCache: true for a cached task and leaves it out when caching is off)
    JsonNode rootTasks = pipeline.path("root").path("dag").path("tasks");
    // the whole body runs inside an exit handler whose notify task reports success or failure
    assertThat(rootTasks.path("exit-handler-1").path("componentRef").path("name").asText())
        .isEqualTo("comp-exit-handler-1");
    assertThat(rootTasks.path("notify").path("triggerPolicy").path("strategy").asText())
        .isEqualTo("ALL_UPSTREAM_TASKS_COMPLETED");
    assertThat(kubernetesExecutor(platform, "exec-notify").path("secretAsEnv").toString())
        .contains("cairn-notify")
        .contains("WEBHOOK_URL");
    JsonNode handlerTasks =
        pipeline.path("components").path("comp-exit-handler-1").path("dag").path("tasks");
    assertThat(handlerTasks.has("snapshot-data")).isTrue();
    assertThat(
            handlerTasks
                .path("snapshot-data")
                .path("cachingOptions")
                .path("enableCache")
                .asBoolean(false))
        .isFalse();
    assertThat(
            conditionTasks
                .path("train-register")
                .path("cachingOptions")
                .path("enableCache")
                .asBoolean(false))
        .isFalse();

    // the run id reaches lineage: the placeholder the KFP backend replaces in task inputs
    for (JsonNode task :
        List.of(handlerTasks.path("snapshot-data"), conditionTasks.path("train-register"))) {
      assertThat(task.path("inputs").path("parameters").path("kfp_run_id").toString())
          .isEqualTo("{\"runtimeValue\":{\"constant\":\"{{$.pipeline_job_uuid}}\"}}");
    }
    assertThat(conditionTasks.path("train").path("inputs").path("parameters").has("kfp_run_id"))
        .isFalse();

    List<String> cairnMounts =
        List.of(
            "/var/run/cairn/git-ssh",
            "/var/run/cairn/git-token",
            "/var/run/cairn/known-hosts",
            "/var/run/cairn/aws",
            "/var/run/cairn/gcp",
            "/var/run/cairn/azure");
    assertThat(mountPaths(platform, "exec-snapshot-data")).containsExactlyElementsOf(cairnMounts);
    assertThat(mountPaths(platform, "exec-train-register")).containsExactlyElementsOf(cairnMounts);
    assertThat(mountPaths(platform, "exec-train")).isEmpty();
    assertThat(container(pipeline, "exec-train-register").path("env").toString())
        .contains("AWS_SHARED_CREDENTIALS_FILE")
        .contains("/var/run/cairn/aws/credentials");
    assertThat(platform.toString()).doesNotContain("pvcMount");
  }

  private static JsonNode kubernetesExecutor(JsonNode platform, String executor) {
    return platform
        .path("platforms")
        .path("kubernetes")
        .path("deploymentSpec")
        .path("executors")
        .path(executor);
  }

  private static String env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e.path("value").asText();
      }
    }
    return "";
  }

  @Test
  void withAnImageRegistryAndTag_everyCairnStepRunsYourImages(@TempDir Path temp)
      throws IOException {
    Path kfp = repoCopy(temp).resolve("examples/pipelines/kfp");
    Map<String, String> env =
        Map.of(
            "CAIRN_WORK_VOLUME", "",
            "CAIRN_IMAGE_REGISTRY", "registry.example.com/ml/",
            "CAIRN_IMAGE_TAG", "2.0.0");
    Compiled retrain = compileWith(env, kfp, "daily_retrain.py", "img.yaml");
    Compiled rollback = compileWith(env, kfp, "rollback.py", "rb-img.yaml");
    assertThat(container(retrain.pipeline(), "exec-snapshot-data").path("image").asText())
        .isEqualTo("registry.example.com/ml/cairn-snapshot-data:2.0.0");
    assertThat(container(retrain.pipeline(), "exec-train-register").path("image").asText())
        .isEqualTo("registry.example.com/ml/cairn-train-register:2.0.0");
    assertThat(container(rollback.pipeline(), "exec-rollback-model").path("image").asText())
        .isEqualTo("registry.example.com/ml/cairn-rollback-model:2.0.0");
    // the user's training image is theirs
    assertThat(container(retrain.pipeline(), "exec-train").path("image").asText())
        .isEqualTo("registry.example.com/ml/churn-trainer:1.0.0");
  }

  @Test
  void withAWorkVolumeEachCairnStepWorksOnThatClaim(@TempDir Path temp) throws IOException {
    Path kfp = repoCopy(temp).resolve("examples/pipelines/kfp");
    Map<String, String> env = Map.of("CAIRN_WORK_VOLUME", "cairn-work");
    Compiled retrain = compileWith(env, kfp, "daily_retrain.py", "vol.yaml");
    Compiled rollback = compileWith(env, kfp, "rollback.py", "rb-vol.yaml");
    Map<String, Compiled> byExecutor =
        Map.of(
            "exec-snapshot-data", retrain,
            "exec-train-register", retrain,
            "exec-rollback-model", rollback);
    for (Map.Entry<String, Compiled> e : byExecutor.entrySet()) {
      String executor = e.getKey();
      JsonNode mounts = kubernetesExecutor(e.getValue().platform(), executor).path("pvcMount");
      assertThat(mounts.size()).as("%s: %s", executor, mounts).isEqualTo(1);
      JsonNode mount = mounts.get(0);
      assertThat(mount.path("mountPath").asText()).isEqualTo("/workspace");
      assertThat(mount.path("pvcNameParameter").path("runtimeValue").path("constant").asText())
          .isEqualTo("cairn-work");
      // the step's default --work-dir, a directory of its own on the claim
      assertThat(env(container(e.getValue().pipeline(), executor), "CAIRN_WORK_DIR"))
          .isEqualTo("/workspace/" + executor.substring("exec-".length()));
      // the Secrets are still mounted
      assertThat(mountPaths(e.getValue().platform(), executor)).contains("/var/run/cairn/aws");
    }
    // the user's training container is not a Cairn step
    assertThat(kubernetesExecutor(retrain.platform(), "exec-train").has("pvcMount")).isFalse();
    assertThat(env(container(retrain.pipeline(), "exec-train"), "CAIRN_WORK_DIR")).isEmpty();
    // and without the variable, the same scripts compile with no volume and no work directory
    Compiled plain = compile(kfp, "daily_retrain.py", "plain.yaml");
    assertThat(plain.platform().toString()).doesNotContain("pvcMount");
    assertThat(plain.pipeline().toString()).doesNotContain("CAIRN_WORK_DIR");
  }

  @Test
  void theKfpSdkCompilesTheRollbackPipeline(@TempDir Path temp) throws IOException {
    Path kfp = repoCopy(temp).resolve("examples/pipelines/kfp");
    Compiled compiled = compile(kfp, "rollback.py", "rb.yaml");
    JsonNode pipeline = compiled.pipeline();
    JsonNode rollback = container(pipeline, "exec-rollback-model");
    assertThat(rollback.path("image").asText())
        .isEqualTo(componentImage("rollback-model"))
        .startsWith("ghcr.io/cairn-dev/cairn-rollback-model:");
    assertThat(rollback.path("args").toString())
        .contains("--name={{$.inputs.parameters['name']}}")
        .contains("--reason={{$.inputs.parameters['reason']}}")
        .contains("--to={{$.inputs.parameters['to']}}")
        .contains("--dry-run={{$.inputs.parameters['dry_run']}}")
        .contains("--restart=")
        .contains("--patch-inferenceservice=");
    JsonNode params = pipeline.path("root").path("inputDefinitions").path("parameters");
    for (String p :
        List.of(
            "name",
            "reason",
            "stage",
            "target",
            "dry_run",
            "restart",
            "patch_inferenceservice",
            "serve_uri")) {
      assertThat(params.has(p)).as("pipeline parameter " + p).isTrue();
    }
    assertThat(params.path("dry_run").path("defaultValue").asBoolean()).isTrue();
    JsonNode task = pipeline.path("root").path("dag").path("tasks").path("rollback-model");
    assertThat(task.path("cachingOptions").path("enableCache").asBoolean(false)).isFalse();
    assertThat(task.path("inputs").path("parameters").path("kfp_run_id").toString())
        .contains("{{$.pipeline_job_uuid}}");
    assertThat(task.path("inputs").path("parameters").path("to").toString())
        .contains("\"componentInputParameter\":\"target\"");
    assertThat(mountPaths(compiled.platform(), "exec-rollback-model"))
        .contains("/var/run/cairn/known-hosts", "/var/run/cairn/aws");
  }

  @Test
  void argoLintAcceptsEveryArgoExampleWithTheGeneratedTemplates(@TempDir Path temp)
      throws IOException {
    List<Path> generated = copyGeneratedTemplates(temp);
    List<Path> examples =
        ExampleChecks.filesIn(ExampleChecks.examplesDir().resolve("argo"), ".yaml");
    assertThat(examples).hasSizeGreaterThanOrEqualTo(3);
    for (Path example : examples) {
      Path copy = temp.resolve(example.getFileName());
      Files.copy(example, copy);
      List<Path> files = new ArrayList<>(generated);
      files.add(copy);
      ArgoLint.assertClean(temp, files);
    }
  }

  @Test
  void argoLintRejectsAnExampleStepThatIsNotInTheTemplates(@TempDir Path temp) throws IOException {
    List<Path> files = copyGeneratedTemplates(temp);
    String text =
        ExampleChecks.read(ExampleChecks.examplesDir().resolve("argo/add-snapshot-to-dag.yaml"));
    assertThat(text).contains("template: snapshot-data");
    Path broken = temp.resolve("broken.yaml");
    Files.writeString(
        broken,
        text.replace("template: snapshot-data", "template: snapshot-dta"),
        StandardCharsets.UTF_8);
    files.add(broken);
    ArgoLint.Result result = ArgoLint.lint(temp, files);
    assertThat(result.exitCode()).as(result.output()).isNotZero();
    assertThat(result.output()).contains("snapshot-dta");
  }

  /** The generated WorkflowTemplates, copied into {@code dir} so templateRefs resolve offline. */
  static List<Path> copyGeneratedTemplates(Path dir) throws IOException {
    List<Path> copies = new ArrayList<>();
    for (Path file : ExampleChecks.filesIn(ExampleChecks.generatedDir().resolve("argo"), ".yaml")) {
      if (ExampleChecks.read(file).contains("\nkind: WorkflowTemplate\n")) {
        Path copy = dir.resolve(file.getFileName());
        Files.copy(file, copy);
        copies.add(copy);
      }
    }
    assertThat(copies).hasSize(3); // steps, rollback, sharded snapshot
    return copies;
  }
}
