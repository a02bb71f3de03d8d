package dev.cairn.core.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CommittedRemoteTest {
  private static final Map<String, String> MINIO = Map.of("endpointurl", "http://minio:9000");

  @Test
  void plan_noConfig_newDefaultRemoteWithEndpoint() {
    CommittedRemote.Plan plan = CommittedRemote.plan(Optional.empty(), null, "s3://bkt/dvc", MINIO);

    assertThat(plan.outputRemote()).isNull();
    assertThat(plan.configText())
        .isEqualTo(
            """
            [core]
                remote = storage
            ['remote "storage"']
                url = s3://bkt/dvc
                endpointurl = http://minio:9000
            """);
  }

  @Test
  void plan_sameUrlWithoutEndpoint_endpointAddedToThatRemote() {
    String committed =
        "[core]\n    remote = storage\n['remote \"storage\"']\n    url = s3://bkt/dvc/\n";

    CommittedRemote.Plan plan =
        CommittedRemote.plan(Optional.of(committed), null, "s3://bkt/dvc", MINIO);

    assertThat(plan.outputRemote()).isNull();
    assertThat(plan.configText())
        .isEqualTo(
            """
            [core]
                remote = storage
            ['remote "storage"']
                url = s3://bkt/dvc/
                endpointurl = http://minio:9000
            """);
  }

  @Test
  void plan_sameUrlAndEndpoint_nothingChanges() {
    String committed =
        "[core]\n    remote = s\n['remote \"s\"']\n    url = s3://bkt/dvc\n"
            + "    endpointurl = http://minio:9000\n";

    CommittedRemote.Plan plan =
        CommittedRemote.plan(Optional.of(committed), null, "s3://bkt/dvc", MINIO);

    assertThat(plan.configText()).isNull();
    assertThat(plan.outputRemote()).isNull();
  }

  @Test
  void plan_otherDefault_newRemoteAddedAndNamedByTheOutput() {
    String committed =
        "[core]\n    remote = storage\n['remote \"storage\"']\n    url = /mnt/team\n";

    CommittedRemote.Plan plan =
        CommittedRemote.plan(Optional.of(committed), null, "s3://bkt/dvc", MINIO);

    assertThat(plan.outputRemote()).isEqualTo("storage2");
    assertThat(plan.configText())
        .isEqualTo(
            """
            [core]
                remote = storage
            ['remote "storage"']
                url = /mnt/team
            ['remote "storage2"']
                url = s3://bkt/dvc
                endpointurl = http://minio:9000
            """);
  }

  @Test
  void plan_sameBucketOnAnotherEndpoint_isAnotherStore() {
    String committed =
        "[core]\n    remote = s\n['remote \"s\"']\n    url = s3://bkt/dvc\n"
            + "    endpointurl = http://ceph:7480\n";

    CommittedRemote.Plan plan =
        CommittedRemote.plan(Optional.of(committed), null, "s3://bkt/dvc", MINIO);

    assertThat(plan.outputRemote()).isEqualTo("storage");
    assertThat(plan.configText()).contains("['remote \"storage\"']\n    url = s3://bkt/dvc\n");
  }

  @Test
  void plan_nonDefaultRemoteWithThatUrl_outputNamesIt() {
    String committed =
        "[core]\n    remote = a\n['remote \"a\"']\n    url = /mnt/a\n['remote \"b\"']\n"
            + "    url = s3://bkt/dvc\n";

    CommittedRemote.Plan plan =
        CommittedRemote.plan(Optional.of(committed), null, "s3://bkt/dvc", Map.of());

    assertThat(plan.configText()).isNull();
    assertThat(plan.outputRemote()).isEqualTo("b");
  }

  @Test
  void plan_namedRemote_matchedByNameEvenIfUrlIsRelative() {
    String committed = "[core]\n    remote = a\n['remote \"local\"']\n    url = ../../store\n";

    CommittedRemote.Plan plan =
        CommittedRemote.plan(Optional.of(committed), "LOCAL", "/pod/work/store", Map.of());

    assertThat(plan.configText()).isNull();
    assertThat(plan.outputRemote()).isEqualTo("local");
  }

  @Test
  void plan_configWithoutRemotes_remoteAddedAsDefault() {
    CommittedRemote.Plan plan =
        CommittedRemote.plan(
            Optional.of("[core]\n    autostage = true\n"), null, "s3://b/p", Map.of());

    assertThat(plan.outputRemote()).isNull();
    assertThat(plan.configText())
        .isEqualTo(
            """
            [core]
                autostage = true
                remote = storage
            ['remote "storage"']
                url = s3://b/p
            """);
  }
}
