package dev.cairn.steps.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LaunchArgumentsTest {
  @Test
  void theImagesLaunchCommandBeforeTheArguments_isDropped() {
    String[] args = {
      "java",
      "-XX:MaxRAMPercentage=75",
      "-Xshare:auto",
      "-cp",
      "@/app/jib-classpath-file",
      "dev.cairn.steps.snapshot.SnapshotDataMain",
      "--data=/data",
      "--name=churn"
    };

    assertThat(LaunchArguments.withoutLaunchCommand(args))
        .containsExactly("--data=/data", "--name=churn");
  }

  @Test
  void aFullPathToJavaAndAPlainClasspath_areDroppedToo() {
    String[] args = {
      "/opt/java/bin/java", "-classpath", "/app/libs/x.jar", "dev.cairn.cli.Main", "--help"
    };

    assertThat(LaunchArguments.withoutLaunchCommand(args)).containsExactly("--help");
  }

  @Test
  void ordinaryArguments_areKept() {
    String[] args = {"--data=java", "--name=dev.cairn.steps.snapshot.SnapshotDataMain"};

    assertThat(LaunchArguments.withoutLaunchCommand(args)).containsExactly(args);
  }

  @Test
  void javaFollowedBySomethingElse_isKeptForPicocliToReject() {
    String[] args = {"java", "-cp", "x.jar", "some.other.Main", "--help"};

    assertThat(LaunchArguments.withoutLaunchCommand(args)).containsExactly(args);
  }
}
