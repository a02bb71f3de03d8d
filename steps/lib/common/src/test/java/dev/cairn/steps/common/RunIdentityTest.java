package dev.cairn.steps.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RunIdentityTest {
  @Test
  void argoWorkflowFromTheManifestEnvironment() {
    RunIdentity id =
        RunIdentity.from(
            Map.of(
                "CAIRN_WORKFLOW_NAME", "daily-retrain-x7k2",
                "CAIRN_WORKFLOW_UID", "1b2c",
                "CAIRN_POD_NAME", "daily-retrain-x7k2-snapshot-123"),
            "root",
            "node1");
    assertThat(id.engine()).isEqualTo("argo");
    assertThat(id.describe())
        .isEqualTo("argo workflow daily-retrain-x7k2 (1b2c) pod daily-retrain-x7k2-snapshot-123");
    assertThat(id.lineage().workflowUid()).isEqualTo("1b2c");
  }

  @Test
  void kfpRunFallsBackToHostnameForThePod() {
    RunIdentity id =
        RunIdentity.from(
            Map.of("CAIRN_KFP_RUN_ID", "8f0e", "HOSTNAME", "train-pod-1"), "root", "node1");
    assertThat(id.engine()).isEqualTo("kfp");
    assertThat(id.describe()).isEqualTo("kfp run 8f0e pod train-pod-1");
  }

  @Test
  void anUnresolvedKfpPlaceholderIsNoRunId() {
    RunIdentity id =
        RunIdentity.from(
            Map.of("CAIRN_KFP_RUN_ID", "{{$.pipeline_job_uuid}}", "KFP_POD_NAME", "p-1"),
            "root",
            "node1");
    assertThat(id.engine()).isEqualTo("kfp");
    assertThat(id.run()).isNull();
    assertThat(id.describe()).isEqualTo("kfp run ? pod p-1");
  }

  @Test
  void byHandIsUserAtHost() {
    RunIdentity id = RunIdentity.from(Map.of(), "alice", "laptop");
    assertThat(id.engine()).isEqualTo("local");
    assertThat(id.describe()).isEqualTo("alice@laptop");
    assertThat(id.lineage().workflowName()).isNull();
  }
}
