package dev.cairn.core.dvc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArtifactLocationTest {
  @Test
  void of_splitsGtoNames() {
    assertThat(ArtifactLocation.of("churn")).isEqualTo(new ArtifactLocation("", "churn"));
    assertThat(ArtifactLocation.of("teams/a:churn").dvcYaml()).isEqualTo("teams/a/dvc.yaml");
    assertThat(ArtifactLocation.of("./teams/a/:churn").prefix()).isEqualTo("teams/a/");
    assertThat(ArtifactLocation.of(".:churn").dvcYaml()).isEqualTo("dvc.yaml");
  }
}
