package dev.cairn.cli.steps;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * snapshot-data --role plan|shard|merge, each in a pod (work dir) of its own, as the generated
 * workflow runs them: the merge registers what a single snapshot-data registers, with the same
 * outputs; a missing shard fails the merge with exit code 5 and nothing registered.
 */
class ShardedStepIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private StepFixture fixture;
  private Path data;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new StepFixture(tmp);
    data = tmp.resolve("pvc/lake");
    for (int i = 0; i < 30; i++) {
      Path file = data.resolve("d" + (i % 4) + "/sub dir/part-" + i + ".csv");
      Files.createDirectories(file.getParent());
      Files.writeString(file, "id,label\n" + i + ",stay\n", UTF_8);
    }
    Files.createDirectories(data.resolve("empty/dir"));
  }

  private List<String> argv(String pod, String... extra) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "snapshot-data",
                "--git-url",
                fixture.repo.toString(),
                "--remote",
                fixture.remote.toString(),
                "--work-dir",
                tmp.resolve("pods/" + pod).toString(),
                "--quiet",
                "--name",
                "lake",
                "--data",
                data.toString(),
                "--output-json",
                fixture.out.resolve(pod + ".json").toString()));
    argv.addAll(List.of(extra));
    return argv;
  }

  private JsonNode outputs(String pod) throws IOException {
    return JSON.readTree(fixture.out.resolve(pod + ".json").toFile());
  }

  @Test
  void planShardsMerge_registerWhatOneStepWould() throws Exception {
    Path shardsFile = fixture.out.resolve("shards");
    StepFixture.run(
            argv("plan", "--role", "plan", "--shards", "3", "--output", "shards=" + shardsFile))
        .assertOk();
    JsonNode plan = JSON.readTree(shardsFile.toFile());
    assertThat(plan).hasSize(3);
    assertThat(outputs("plan").get("files").asLong()).isEqualTo(30);

    StepFixture.Run missing =
        StepFixture.run(argv("merge0", "--role", "merge", "--plan", shardsFile.toString()));
    assertThat(missing.exitCode()).isEqualTo(5);
    assertThat(missing.errLines()).hasSize(1);
    assertThat(missing.errLines().get(0))
        .startsWith("error: Cannot merge lake: shards 0, 1, 2 of 3 not finished");

    for (JsonNode shard : plan) {
      String pod = "shard" + shard.get("index").asInt();
      // the last one as KFP runs it: an index into the plan
      List<String> which =
          shard.get("index").asInt() == 2
              ? List.of("--shard", "2", "--plan", shardsFile.toString())
              : List.of("--shard", shard.toString());
      List<String> args = argv(pod, "--role", "shard");
      args.addAll(which);
      StepFixture.run(args).assertOk();
      assertThat(outputs(pod).get("reused").asBoolean()).isFalse();
    }
    StepFixture.run(argv("again", "--role", "shard", "--shard", plan.get(1).toString())).assertOk();
    assertThat(outputs("again").get("reused").asBoolean()).isTrue();

    StepFixture.Run merged =
        StepFixture.run(argv("merge", "--role", "merge", "--plan", plan.toString()));
    merged.assertOk();
    assertThat(merged.out()).contains("registered lake@v0.0.1 (30 files");
    JsonNode result = outputs("merge");
    assertThat(result.get("version").asText()).isEqualTo("v0.0.1");
    assertThat(result.get("changed").asBoolean()).isTrue();

    StepFixture.run(argv("single")).assertOk();
    JsonNode single = outputs("single");
    assertThat(single.get("version").asText()).isEqualTo("v0.0.1");
    assertThat(single.get("changed").asBoolean()).isFalse();
    assertThat(single.get("md5")).isEqualTo(result.get("md5"));
    assertThat(single.fieldNames()).toIterable().containsExactlyElementsOf(result::fieldNames);
  }

  @Test
  void badRoleOrShard_isAUsageError() throws Exception {
    StepFixture.Run role = StepFixture.run(argv("x", "--role", "shrad"));
    assertThat(role.exitCode()).isEqualTo(2);
    assertThat(role.errLines().get(0)).contains("give plan, shard or merge");
    StepFixture.Run shard = StepFixture.run(argv("y", "--role", "shard", "--shard", "[]"));
    assertThat(shard.exitCode()).isEqualTo(2);
    assertThat(shard.errLines().get(0)).contains("not a shard plan");
    StepFixture.Run index =
        StepFixture.run(argv("z", "--role", "shard", "--shard", "3", "--plan", "[" + one() + "]"));
    assertThat(index.exitCode()).isEqualTo(2);
    assertThat(index.errLines().get(0)).contains("the --plan has 1 shards");
  }

  private static String one() {
    return "{\"plan\":\"0123456789abcdef0123456789abcdef\",\"index\":0,\"count\":1,"
        + "\"from\":null,\"to\":null,\"files\":0,\"bytes\":0}";
  }
}
