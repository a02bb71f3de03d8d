package dev.cairn.manifests;

import static dev.cairn.manifests.Manifests.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** KFP v2 component files in IR YAML: one container component per step, every I/O typed. */
final class Kfp {
  static final String SDK_VERSION = "kfp-2.17.0";

  /**
   * The KFP input that takes the run id: the Cairn KFP package passes {@code
   * dsl.PIPELINE_JOB_ID_PLACEHOLDER} ({@code {{$.pipeline_job_uuid}}}) to it, which the KFP backend
   * (2.4 and later) replaces with the run's id in a task's input values, though not in a
   * container's environment. Optional: without it the step reads {@code CAIRN_KFP_RUN_ID}.
   */
  static final StepModel.Param RUN_ID =
      new StepModel.Param(
          "--kfp-run-id", StepModel.Kind.STRING, null, false, "The KFP run's id, for lineage.");

  private Kfp() {}

  /** The step's parameters and the run-id input. */
  private static List<StepModel.Param> params(StepModel step) {
    List<StepModel.Param> params = new ArrayList<>(step.params());
    params.add(RUN_ID);
    return params;
  }

  /**
   * An option that can be fed from an input artifact's path (a KFP {@code system.Dataset} or {@code
   * system.Model} produced upstream) or from a path/URI parameter; both inputs are optional in the
   * component, and the step reports a missing one.
   */
  record ArtifactInput(String artifact, String type, String parameter) {}

  /** The options of {@code step} that take an artifact or a parameter, by option KFP name. */
  static Map<String, ArtifactInput> artifactOptions(StepModel step) {
    return switch (step.name()) {
      case "snapshot-data" ->
          Map.of("data", new ArtifactInput("dataset", "system.Dataset", "data"));
      case "train-register" ->
          Map.of(
              "model", new ArtifactInput("model", "system.Model", "model_path"),
              "metrics", new ArtifactInput("metrics_file", "system.Artifact", "metrics"),
              "params", new ArtifactInput("params_file", "system.Artifact", "params"));
      default -> Map.of();
    };
  }

  static String header(StepModel step) {
    StringBuilder b = new StringBuilder(Manifests.HEADER);
    b.append("# PIPELINE DEFINITION\n# Name: ").append(step.name()).append('\n');
    return b.toString();
  }

  static Map<String, Object> component(StepModel step) {
    String comp = "comp-" + step.name();
    String exec = "exec-" + step.name();
    Map<String, Object> inputs = inputDefinitions(step);
    Map<String, Object> outputs = outputDefinitions(step);
    Map<String, Object> taskInputs = new LinkedHashMap<>();
    Map<String, Object> taskParams = new LinkedHashMap<>();
    Map<String, Object> taskArtifacts = new LinkedHashMap<>();
    Map<String, ArtifactInput> artifacts = artifactOptions(step);
    for (StepModel.Param p : params(step)) {
      ArtifactInput a = artifacts.get(p.kfpName());
      if (a != null) {
        taskArtifacts.put(a.artifact(), map("componentInputArtifact", a.artifact()));
        taskParams.put(a.parameter(), map("componentInputParameter", a.parameter()));
      } else {
        taskParams.put(p.kfpName(), map("componentInputParameter", p.kfpName()));
      }
    }
    if (!taskArtifacts.isEmpty()) {
      taskInputs.put("artifacts", taskArtifacts);
    }
    taskInputs.put("parameters", taskParams);
    Map<String, Object> dagOutputParams = new LinkedHashMap<>();
    for (String out : step.outputs()) {
      dagOutputParams.put(
          out,
          map(
              "valueFromParameter",
              map("outputParameterKey", out, "producerSubtask", step.name())));
    }
    Map<String, Object> dag =
        map(
            "outputs",
            map(
                "artifacts",
                map(
                    "summary",
                    map(
                        "artifactSelectors",
                        List.of(
                            map("outputArtifactKey", "summary", "producerSubtask", step.name())))),
                "parameters",
                dagOutputParams),
            "tasks",
            map(
                step.name(),
                map(
                    "cachingOptions",
                    map("enableCache", false),
                    "componentRef",
                    map("name", comp),
                    "inputs",
                    taskInputs,
                    "taskInfo",
                    map("name", step.name()))));
    return map(
        "components",
        map(
            comp,
            map("executorLabel", exec, "inputDefinitions", inputs, "outputDefinitions", outputs)),
        "deploymentSpec",
        map(
            "executors",
            map(
                exec,
                map(
                    "container",
                    map(
                        "args",
                        args(step),
                        "command",
                        StepImage.entrypoint(step),
                        "image",
                        step.image())))),
        "pipelineInfo",
        map("name", step.name()),
        "root",
        map("dag", dag, "inputDefinitions", inputs, "outputDefinitions", outputs),
        "schemaVersion",
        "2.1.0",
        "sdkVersion",
        SDK_VERSION);
  }

  private static Map<String, Object> inputDefinitions(StepModel step) {
    Map<String, Object> params = new LinkedHashMap<>();
    Map<String, Object> artifacts = new LinkedHashMap<>();
    Map<String, ArtifactInput> artifactInputs = artifactOptions(step);
    for (StepModel.Param p : params(step)) {
      ArtifactInput a = artifactInputs.get(p.kfpName());
      if (a != null) {
        artifacts.put(
            a.artifact(), map("artifactType", artifactType(a.type()), "isOptional", true));
        params.put(a.parameter(), map("isOptional", true, "parameterType", "STRING"));
        continue;
      }
      Map<String, Object> def = new LinkedHashMap<>();
      String value = p.defaultValue();
      if (value != null) {
        def.put("defaultValue", typed(p.kind(), value));
      } else if (!p.required() && p.kind() != StepModel.Kind.STRING) {
        // kfp.local (2.17) casts every integer input with int(), None included, and fails
        throw new IllegalStateException(
            "Give " + p.option() + " a default: an optional non-string KFP input needs one");
      }
      if (!p.required()) {
        def.put("isOptional", true);
      }
      def.put("parameterType", parameterType(p.kind()));
      params.put(p.kfpName(), def);
    }
    Map<String, Object> inputs = new LinkedHashMap<>();
    if (!artifacts.isEmpty()) {
      inputs.put("artifacts", artifacts);
    }
    inputs.put("parameters", params);
    return inputs;
  }

  private static Map<String, Object> outputDefinitions(StepModel step) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (String out : step.outputs()) {
      params.put(out, map("parameterType", parameterType(StepModel.outputKind(out))));
    }
    return map(
        "artifacts",
        map("summary", map("artifactType", artifactType("system.Markdown"))),
        "parameters",
        params);
  }

  private static Map<String, Object> artifactType(String schemaTitle) {
    return map("schemaTitle", schemaTitle, "schemaVersion", "0.0.1");
  }

  private static Object typed(StepModel.Kind kind, String value) {
    return switch (kind) {
      case BOOLEAN -> Boolean.parseBoolean(value);
      case INTEGER -> Long.parseLong(value);
      case STRING -> value;
    };
  }

  private static String parameterType(StepModel.Kind kind) {
    return switch (kind) {
      case BOOLEAN -> "BOOLEAN";
      case INTEGER -> "NUMBER_INTEGER";
      case STRING -> "STRING";
    };
  }

  private static List<String> args(StepModel step) {
    List<String> args = new ArrayList<>();
    Map<String, ArtifactInput> artifacts = artifactOptions(step);
    for (StepModel.Param p : params(step)) {
      String name = p.kfpName();
      ArtifactInput a = artifacts.get(name);
      if (a != null) {
        args.add(
            ifPresent(
                a.artifact(), p.option() + "={{$.inputs.artifacts['" + a.artifact() + "'].path}}"));
        args.add(
            ifPresent(
                a.parameter(), p.option() + "={{$.inputs.parameters['" + a.parameter() + "']}}"));
        continue;
      }
      String arg = p.option() + "={{$.inputs.parameters['" + name + "']}}";
      if (p.required() || p.defaultValue() != null) {
        args.add(arg);
      } else {
        args.add(ifPresent(name, arg));
      }
    }
    for (String out : step.outputs()) {
      args.add("--output=" + out + "={{$.outputs.parameters['" + out + "'].output_file}}");
    }
    args.add("--summary={{$.outputs.artifacts['summary'].path}}");
    return args;
  }

  private static String ifPresent(String input, String arg) {
    return "{\"IfPresent\": {\"InputName\": \"" + input + "\", \"Then\": [\"" + arg + "\"]}}";
  }
}
