package dev.cairn.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.testing.InteropTools;
import dev.cairn.core.testing.ProcessRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/** The real KFP SDK loads the three generated components and compiles a pipeline using them. */
@EnabledIfSystemProperty(named = "cairn.interop", matches = "true")
class KfpComponentInteropIT {
  private static final String SCRIPT =
      """
      import sys
      from kfp import compiler, components, dsl

      src, out = sys.argv[1], sys.argv[2]
      snap = components.load_component_from_file(src + '/snapshot-data.yaml')
      train = components.load_component_from_file(src + '/train-register.yaml')
      rollback = components.load_component_from_file(src + '/rollback-model.yaml')
      for c in (snap, train, rollback):
          spec = c.component_spec
          print(spec.name, 'inputs', sorted((k, v.type) for k, v in spec.inputs.items()))
          print(spec.name, 'outputs', sorted((k, v.type) for k, v in spec.outputs.items()))

      @dsl.pipeline(name='cairn-interop')
      def pipeline(git_url: str = 'ssh://git@git.example.com/ml/registry.git'):
          s = snap(data='s3://bucket/datasets/churn', name='churn-data', git_url=git_url)
          model = dsl.importer(artifact_uri='s3://bucket/models/churn', artifact_class=dsl.Model)
          with dsl.If(s.outputs['changed'] == True):
              train(model=model.output, name='churn-model', data=s.outputs['version'],
                    git_url=git_url, stage='prod', gate='accuracy >= stage.accuracy')
          rollback(name='churn-model', reason='bad model', dry_run=True, git_url=git_url)
          # the other way in: the dataset as an upstream artifact, the model as a mounted path
          ds = dsl.importer(artifact_uri='s3://bucket/datasets/churn', artifact_class=dsl.Dataset)
          s2 = snap(dataset=ds.output, name='churn-data-2', git_url=git_url).set_display_name('snap-artifact')
          train(model_path='/mnt/models/churn', name='churn-model-2', git_url=git_url,
                data=s2.outputs['version'])

      compiler.Compiler().compile(pipeline, out)
      """;

  @Test
  void theKfpSdkLoadsTheComponentsAndCompilesAPipeline(@TempDir Path temp) throws IOException {
    Path python = InteropTools.kfpPython();
    Path dir = temp.resolve("kfp");
    Generate.writeAll(temp);
    Path script = temp.resolve("compile.py");
    Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
    Path compiled = temp.resolve("pipeline.yaml");
    ProcessRunner.Result result =
        ProcessRunner.run(
                temp,
                List.of(python.toString(), script.toString(), dir.toString(), compiled.toString()))
            .assertOk();
    assertThat(result.stdout())
        .contains("('changed', 'Boolean')")
        .contains("('summary', 'system.Markdown@0.0.1')")
        .contains("('model', 'system.Model@0.0.1')")
        .contains("('dataset', 'system.Dataset@0.0.1')")
        .contains("('model_path', 'String')")
        .contains("('data', 'String')")
        .contains("('files', 'Integer')")
        .contains("('dry_run', 'Boolean')");
    String yaml = Files.readString(compiled, StandardCharsets.UTF_8);
    for (StepModel step : Manifests.steps()) {
      assertThat(yaml).contains("image: " + step.image());
      assertThat(yaml).contains(StepImage.mainClass(step));
    }
    assertThat(yaml)
        .contains("--name={{$.inputs.parameters['name']}}")
        .contains("{\"IfPresent\": {\"InputName\": \"git_url\", \"Then\": [\"--git-url=")
        .contains("--summary={{$.outputs.artifacts['summary'].path}}")
        .contains("--output=changed={{$.outputs.parameters['changed'].output_file}}")
        .contains(
            "{\"IfPresent\": {\"InputName\": \"model\", \"Then\": [\"--model={{$.inputs.artifacts[''model''].path}}\"]}}")
        .contains(
            "{\"IfPresent\": {\"InputName\": \"model_path\", \"Then\": [\"--model={{$.inputs.parameters[''model_path'']}}\"]}}")
        .contains(
            "{\"IfPresent\": {\"InputName\": \"dataset\", \"Then\": [\"--data={{$.inputs.artifacts[''dataset''].path}}\"]}}")
        .contains(
            "model_path:\n              runtimeValue:\n                constant: /mnt/models/churn")
        .contains("\"IfPresent\"")
        .contains("exec-snapshot-data")
        .contains("exec-train-register")
        .contains("exec-rollback-model");
  }
}
