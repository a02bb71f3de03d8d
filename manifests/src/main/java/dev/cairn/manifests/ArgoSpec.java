package dev.cairn.manifests;

import static dev.cairn.manifests.Manifests.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The pieces of an Argo workflow spec the manifests build, as records. Each renders itself as the
 * ordered map the YAML writer prints ({@code yaml()}); a field that is null, or an empty list where
 * Argo has a default, is left out.
 */
final class ArgoSpec {
  /** The WorkflowTemplate that holds one template per Cairn step. */
  static final String STEPS_TEMPLATE = "cairn-steps";

  private ArgoSpec() {}

  /** An input parameter or workflow argument; {@code value} and {@code description} optional. */
  record Parameter(String name, @Nullable String value, @Nullable String description) {
    static Parameter of(String name, @Nullable String value) {
      return new Parameter(name, value, null);
    }

    /** The workflow parameter {@code workflowParam}, passed on as {@code name}. */
    static Parameter fromWorkflow(String name, String workflowParam) {
      return of(name, "{{workflow.parameters." + workflowParam + "}}");
    }

    Map<String, Object> yaml() {
      Map<String, Object> m = map("name", name);
      if (value != null) {
        m.put("value", value);
      }
      if (description != null) {
        m.put("description", description);
      }
      return m;
    }
  }

  /** A volume mounted into a container; {@code readOnly} is written only when true. */
  record Mount(String name, String mountPath, boolean readOnly) {
    Map<String, Object> yaml() {
      Map<String, Object> m = map("name", name, "mountPath", mountPath);
      if (readOnly) {
        m.put("readOnly", true);
      }
      return m;
    }
  }

  /** CPU and memory requests, and a memory limit if any. */
  record Resources(String cpu, String memory, @Nullable String memoryLimit) {
    Map<String, Object> yaml() {
      Map<String, Object> m = map("requests", map("cpu", cpu, "memory", memory));
      if (memoryLimit != null) {
        m.put("limits", map("memory", memoryLimit));
      }
      return m;
    }
  }

  /**
   * A container; {@code command} (the image's entrypoint spelled out) and {@code env} are optional.
   * Every container runs with {@link #security()}.
   */
  record Container(
      String image,
      @Nullable List<String> command,
      List<String> args,
      @Nullable List<Object> env,
      Resources resources,
      List<Mount> volumeMounts) {

    /** No privilege escalation, a read-only root file system, no capabilities. */
    static Map<String, Object> security() {
      return map(
          "allowPrivilegeEscalation",
          false,
          "readOnlyRootFilesystem",
          true,
          "runAsNonRoot",
          true,
          "capabilities",
          map("drop", List.of("ALL")));
    }

    Map<String, Object> yaml() {
      Map<String, Object> m = map("image", image);
      if (command != null) {
        m.put("command", command);
      }
      m.put("args", args);
      if (env != null) {
        m.put("env", env);
      }
      m.put("resources", resources.yaml());
      m.put("securityContext", security());
      m.put("volumeMounts", list(volumeMounts, Mount::yaml));
      return m;
    }
  }

  /**
   * A container template. The pod settings ({@code serviceAccountName}, {@code retryStrategy},
   * {@code podSpecPatch}, {@code securityContext}) are optional; {@code inputs} and {@code outputs}
   * are Argo's own shapes.
   */
  record Template(
      String name,
      @Nullable String serviceAccountName,
      Map<String, Object> inputs,
      Map<String, Object> outputs,
      @Nullable Map<String, Object> retryStrategy,
      @Nullable String podSpecPatch,
      @Nullable Map<String, Object> securityContext,
      Container container,
      List<Object> volumes) {

    Map<String, Object> yaml() {
      Map<String, Object> m = map("name", name);
      if (serviceAccountName != null) {
        m.put("serviceAccountName", serviceAccountName);
      }
      m.put("inputs", inputs);
      m.put("outputs", outputs);
      if (retryStrategy != null) {
        m.put("retryStrategy", retryStrategy);
      }
      if (podSpecPatch != null) {
        m.put("podSpecPatch", podSpecPatch);
      }
      if (securityContext != null) {
        m.put("securityContext", securityContext);
      }
      m.put("container", container.yaml());
      m.put("volumes", volumes);
      return m;
    }
  }

  /**
   * A step of a {@code steps} template or a task of a {@code dag}: it runs {@code template}, a
   * template of {@link #STEPS_TEMPLATE} ({@code templateRef}) or one of the same workflow. The
   * optional fields are written only when set.
   */
  record Task(
      String name,
      @Nullable String depends,
      @Nullable String when,
      String template,
      boolean cairnStep,
      List<Parameter> parameters,
      List<Object> artifacts,
      @Nullable String withParam) {

    /** The Cairn step {@code step}, with these parameters. */
    static Task step(String name, String step, List<Parameter> parameters) {
      return new Task(name, null, null, step, true, parameters, List.of(), null);
    }

    Task after(String dependency) {
      return new Task(
          name, dependency, when, template, cairnStep, parameters, artifacts, withParam);
    }

    Task when(String condition) {
      return new Task(
          name, depends, condition, template, cairnStep, parameters, artifacts, withParam);
    }

    Task withArtifacts(List<Object> values) {
      return new Task(name, depends, when, template, cairnStep, parameters, values, withParam);
    }

    /** One copy of the step for each item of the JSON list {@code items}. */
    Task forEach(String items) {
      return new Task(name, depends, when, template, cairnStep, parameters, artifacts, items);
    }

    Map<String, Object> yaml() {
      Map<String, Object> m = map("name", name);
      if (depends != null) {
        m.put("depends", depends);
      }
      if (when != null) {
        m.put("when", when);
      }
      if (cairnStep) {
        m.put("templateRef", map("name", STEPS_TEMPLATE, "template", template));
      } else {
        m.put("template", template);
      }
      Map<String, Object> arguments = map("parameters", list(parameters, Parameter::yaml));
      if (!artifacts.isEmpty()) {
        arguments.put("artifacts", artifacts);
      }
      m.put("arguments", arguments);
      if (withParam != null) {
        m.put("withParam", withParam);
      }
      return m;
    }
  }

  /** The template {@code template} of the same workflow. */
  static Task localTask(String name, String template, List<Parameter> parameters) {
    return new Task(name, null, null, template, false, parameters, List.of(), null);
  }

  /** An emptyDir volume. */
  static Map<String, Object> emptyDir(String name) {
    return map("name", name, "emptyDir", map());
  }

  /** The parameters, each as its map. */
  static List<Object> parameters(List<Parameter> parameters) {
    return list(parameters, Parameter::yaml);
  }

  private static <T> List<Object> list(
      List<T> items, java.util.function.Function<T, Map<String, Object>> yaml) {
    List<Object> out = new ArrayList<>();
    for (T item : items) {
      out.add(yaml.apply(item));
    }
    return out;
  }
}
