package dev.cairn.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cairn.steps.rollback.RollbackModelCommand;
import dev.cairn.steps.snapshot.SnapshotDataCommand;
import dev.cairn.steps.train.TrainRegisterCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.ParseResult;

/**
 * The args the generated manifests give each step, with their placeholders resolved the way Argo
 * and KFP resolve them, parse with the real step command.
 */
class StepArgsTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern ARGO_PARAM =
      Pattern.compile("\\{\\{inputs\\.parameters\\.([a-z0-9-]+)}}");
  private static final Pattern ARGO_CHOICE =
      Pattern.compile(
          "\\{\\{=inputs\\.parameters\\['([a-z0-9-]+)'] == '' \\? '([^']*)' : '([^']*)'}}");
  private static final Pattern ARGO_EXPR =
      Pattern.compile(
          "\\{\\{=inputs\\.parameters\\['([a-z0-9-]+)'] == '' \\? '([^']*)' : '([^']*)' \\+"
              + " inputs\\.parameters\\['\\1']}}");
  private static final Pattern KFP_PARAM =
      Pattern.compile("\\{\\{\\$\\.inputs\\.parameters\\['([a-z0-9_]+)']}}");
  private static final Pattern KFP_IF_PRESENT =
      Pattern.compile(
          "\\{\"IfPresent\": \\{\"InputName\": \"([a-z0-9_]+)\", \"Then\": \\[\"(.*)\"]}}");

  static Object command(String step) {
    return switch (step) {
      case "snapshot-data" -> new SnapshotDataCommand();
      case "train-register" -> new TrainRegisterCommand();
      default -> new RollbackModelCommand();
    };
  }

  /** Argo: {{inputs.parameters.x}} and the expression for optional options. */
  static List<String> argoArgs(
      Map<String, JsonNode> templates, String name, Map<String, String> given) {
    JsonNode template = templates.get(name);
    if (template == null) {
      throw new AssertionError("no template " + name);
    }
    Map<String, String> values = new HashMap<>();
    for (JsonNode p : template.path("inputs").path("parameters")) {
      values.put(p.path("name").asText(), p.path("value").asText(""));
    }
    values.putAll(given);
    List<String> args = new ArrayList<>();
    for (JsonNode arg : template.path("container").path("args")) {
      String text = arg.asText();
      Matcher choice = ARGO_CHOICE.matcher(text);
      if (choice.matches()) {
        args.add(
            values.getOrDefault(choice.group(1), "").isEmpty() ? choice.group(2) : choice.group(3));
        continue;
      }
      Matcher expr = ARGO_EXPR.matcher(text);
      if (expr.matches()) {
        String value = values.getOrDefault(expr.group(1), "");
        args.add(value.isEmpty() ? expr.group(2) : expr.group(3) + value);
        continue;
      }
      assertThat(text).doesNotContain("{{=");
      args.add(
          ARGO_PARAM
              .matcher(text)
              .replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1)))));
    }
    return args;
  }

  static Map<String, JsonNode> argoTemplates() throws IOException {
    JsonNode doc = YAML.readTree(Manifests.render().get("argo/cairn-steps-workflowtemplate.yaml"));
    Map<String, JsonNode> templates = new HashMap<>();
    for (JsonNode t : doc.path("spec").path("templates")) {
      templates.put(t.path("name").asText(), t);
    }
    return templates;
  }

  @Test
  void argoArgsWithOnlyTheRequiredParametersParse() throws IOException {
    Map<String, JsonNode> templates = argoTemplates();
    ParseResult snap =
        parse(
            "snapshot-data",
            argoArgs(templates, "snapshot-data", Map.of("data", "/d", "name", "churn-data")));
    assertThat(snap.matchedOptionValue("--data", "")).isEqualTo("/d");
    assertThat(snap.hasMatchedOption("--bump")).isFalse();
    assertThat(snap.matchedOptionValue("--work-dir", new Object())).hasToString("/workspace");
    ParseResult train =
        parse("train-register", argoArgs(templates, "train-register", Map.of("name", "m")));
    assertThat(train.matchedOptionValue("--model", new Object())).hasToString("/tmp/inputs/model");
    ParseResult rollback =
        parse(
            "rollback-model",
            argoArgs(templates, "rollback-model", Map.of("name", "m", "reason", "bad")));
    assertThat(rollback.matchedOptionValue("--dry-run", true)).isFalse();
    assertThat(rollback.matchedOptionValue("--stage", "")).isEqualTo("prod");
  }

  @Test
  void argoArgsWithOptionalParametersSetParse() throws IOException {
    Map<String, JsonNode> templates = argoTemplates();
    ParseResult snap =
        parse(
            "snapshot-data",
            argoArgs(
                templates,
                "snapshot-data",
                Map.of(
                    "data",
                    "s3://b/d",
                    "name",
                    "d",
                    "bump",
                    "minor",
                    "jobs",
                    "8",
                    "message",
                    "a b 'c'")));
    assertThat(snap.matchedOptionValue("--jobs", 0)).isEqualTo(8);
    ParseResult onVolume =
        parse(
            "snapshot-data",
            argoArgs(
                templates,
                "snapshot-data",
                Map.of("data", "/d", "name", "d", "work-volume", "cairn-work")));
    assertThat(onVolume.matchedOptionValue("--work-dir", new Object()))
        .hasToString("/workspace/snapshot-data");
    assertThat(snap.matchedOptionValue("--message", "")).isEqualTo("a b 'c'");
    ParseResult rollback =
        parse(
            "rollback-model",
            argoArgs(
                templates,
                "rollback-model",
                Map.of(
                    "name", "m", "reason", "r", "dry-run", "true", "restart", "deployment/api")));
    assertThat(rollback.matchedOptionValue("--dry-run", false)).isTrue();
    assertThat(rollback.matchedOptionValue("--restart", "")).isEqualTo("deployment/api");
  }

  @Test
  void kfpArgsParseWithAndWithoutOptionalInputs() throws IOException {
    for (StepModel step : Manifests.steps()) {
      JsonNode ir = YAML.readTree(Manifests.render().get("kfp/" + step.name() + ".yaml"));
      JsonNode inputs = ir.path("components").path("comp-" + step.name()).path("inputDefinitions");
      for (boolean optionalGiven : List.of(false, true)) {
        Map<String, String> values = new HashMap<>();
        inputs
            .path("parameters")
            .fields()
            .forEachRemaining(
                e -> {
                  JsonNode def = e.getValue();
                  if (def.has("defaultValue")) {
                    values.put(e.getKey(), def.get("defaultValue").asText());
                  } else if (!def.path("isOptional").asBoolean(false)
                      || (optionalGiven && def.path("parameterType").asText().equals("STRING"))) {
                    values.put(e.getKey(), e.getKey().equals("bump") ? "major" : "x");
                  }
                });
        // Artifact-or-parameter inputs: the artifact when the optional parameters are not given,
        // the parameter (and no artifact) when they are, so both ways in are parsed.
        List<String> artifacts = new ArrayList<>();
        if (!optionalGiven) {
          inputs.path("artifacts").fieldNames().forEachRemaining(artifacts::add);
        }
        List<String> args = new ArrayList<>();
        for (JsonNode arg :
            ir.path("deploymentSpec")
                .path("executors")
                .path("exec-" + step.name())
                .path("container")
                .path("args")) {
          String text = arg.asText();
          Matcher ifPresent = KFP_IF_PRESENT.matcher(text);
          if (ifPresent.matches()) {
            if (!values.containsKey(ifPresent.group(1))
                && !artifacts.contains(ifPresent.group(1))) {
              continue;
            }
            text = ifPresent.group(2);
          }
          text =
              KFP_PARAM
                  .matcher(text)
                  .replaceAll(m -> Matcher.quoteReplacement(values.get(m.group(1))));
          text =
              text.replaceAll(
                  "\\{\\{\\$\\.outputs\\.parameters\\['([a-z0-9_]+)']\\.output_file}}",
                  "/tmp/kfp/outputs/$1");
          text =
              text.replaceAll(
                  "\\{\\{\\$\\.(in|out)puts\\.artifacts\\['([a-z_]+)']\\.path}}", "/tmp/kfp/$2");
          assertThat(text).doesNotContain("{{");
          args.add(text);
        }
        ParseResult result = parse(step.name(), args);
        if (step.name().equals("snapshot-data")) {
          assertThat(result.matchedOptionValue("--data", ""))
              .isEqualTo(optionalGiven ? "x" : "/tmp/kfp/dataset");
        }
        if (step.name().equals("train-register")) {
          assertThat(result.matchedOptionValue("--model", Path.of("")))
              .isEqualTo(Path.of(optionalGiven ? "x" : "/tmp/kfp/model"));
        }
        assertThat(
                result.hasMatchedOption("--path-in-repo") || step.name().equals("rollback-model"))
            .isEqualTo(optionalGiven || step.name().equals("rollback-model"));
      }
    }
  }

  private static ParseResult parse(String step, List<String> args) {
    return dev.cairn.steps.common.StepLauncher.commandLine(command(step))
        .parseArgs(args.toArray(String[]::new));
  }
}
