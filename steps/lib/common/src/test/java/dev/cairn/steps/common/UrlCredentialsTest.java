package dev.cairn.steps.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.ConfigurationException;
import org.junit.jupiter.api.Test;

class UrlCredentialsTest {
  @Test
  void passwordsAndHttpOrS3UserParts_areCredentials() {
    assertThat(UrlCredentials.carriesCredentials("http://ak:SENTINEL@minio:9000")).isTrue();
    assertThat(UrlCredentials.carriesCredentials("https://ghp_SENTINEL@github.com/o/r.git"))
        .isTrue();
    assertThat(UrlCredentials.carriesCredentials("s3://AKIA@bucket/dvc")).isTrue();
    assertThat(UrlCredentials.carriesCredentials("ssh://git:SENTINEL@host/r.git")).isTrue();
  }

  @Test
  void sshUsersAndPlainUrls_areNot() {
    assertThat(UrlCredentials.carriesCredentials("ssh://git@github.com/o/r.git")).isFalse();
    assertThat(UrlCredentials.carriesCredentials("git@github.com:o/r.git")).isFalse();
    assertThat(UrlCredentials.carriesCredentials("https://github.com/o/r.git?x=a@b")).isFalse();
    assertThat(UrlCredentials.carriesCredentials("http://127.0.0.1:9000")).isFalse();
    assertThat(UrlCredentials.carriesCredentials(null)).isFalse();
  }

  @Test
  void refuse_namesTheOptionNeverTheUrl() {
    assertThatThrownBy(
            () ->
                UrlCredentials.refuse(
                    "http://ak:SENTINEL@minio:9000", "--remote-endpoint-url", "use the Secret"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Cannot use --remote-endpoint-url with a user name, password or token in it (use the"
                + " Secret)")
        .message()
        .doesNotContain("SENTINEL");
  }
}
