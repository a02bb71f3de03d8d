package dev.cairn.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.steps.snapshot.SnapshotDataCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sharded snapshot template runs plan, then one shard per item of the plan's {@code shards}
 * output, then merge, each through the retried cairn-steps snapshot-data template.
 */
class ShardedArgoTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void planThenShardsOverThePlanThenMerge() {
    List<StepModel> steps = Manifests.steps();
    JsonNode tree = JSON.valueToTree(ShardedArgo.template(steps.get(0)));
    JsonNode main = tree.path("spec").path("templates").get(0);
    assertThat(main.path("parallelism").asInt()).isEqualTo(ShardedArgo.PARALLELISM);
    List<String> order = new ArrayList<>();
    for (JsonNode group : main.path("steps")) {
      assertThat(group).hasSize(1);
      JsonNode step = group.get(0);
      order.add(step.path("name").asText());
      assertThat(step.path("templateRef").path("name").asText()).isEqualTo("cairn-steps");
      assertThat(step.path("templateRef").path("template").asText()).isEqualTo("snapshot-data");
      assertThat(step.path("arguments").path("parameters").findValuesAsText("name"))
          .contains("data", "name", "git-url", "remote", "role");
    }
    assertThat(order).containsExactly("plan", "shard", "merge");
    JsonNode shard = main.path("steps").get(1).get(0);
    assertThat(shard.path("withParam").asText())
        .isEqualTo("{{steps.plan.outputs.parameters.shards}}");
    assertThat(tree.path("spec").path("arguments").path("parameters").findValuesAsText("name"))
        .contains("shards");

    // the step template every role runs: retried, and it has the plan's output
    JsonNode stepTemplate =
        JSON.valueToTree(Argo.stepsTemplate(steps)).path("spec").path("templates").get(0);
    assertThat(stepTemplate.path("name").asText()).isEqualTo("snapshot-data");
    assertThat(stepTemplate.has("retryStrategy")).isTrue();
    assertThat(stepTemplate.path("outputs").path("parameters").findValuesAsText("name"))
        .containsAll(SnapshotDataCommand.OUTPUTS)
        .containsAll(SnapshotDataCommand.ROLE_OUTPUTS);
    assertThat(stepTemplate.path("inputs").path("parameters").findValuesAsText("name"))
        .contains("role", "shards", "shard", "plan");
  }
}
