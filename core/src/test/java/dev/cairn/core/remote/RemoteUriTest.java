package dev.cairn.core.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RemoteUriTest {
  @Test
  void parse_readsSchemeAndLocalPath() {
    assertThat(RemoteUri.parse(" S3://bucket/p ").scheme()).isEqualTo("s3");
    assertThat(RemoteUri.parse("ssh://u@h/p").localPath()).isNull();
    assertThat(RemoteUri.parse("file:///srv/dvc").localPath()).isEqualTo(Path.of("/srv/dvc"));
    RemoteUri path = RemoteUri.parse("rel/dir");
    assertThat(path.scheme()).isEqualTo("file");
    assertThat(path.localPath()).isEqualTo(Path.of("rel/dir").toAbsolutePath().normalize());
  }

  @Test
  void unsupported_isOneLine_listsTheSchemes_andRedacts() {
    assertThatThrownBy(() -> Remotes.open("ftp://u:hunter2@host/p", java.util.Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("unknown scheme 'ftp'")
        .hasMessageContaining("supported: s3://")
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> RemoteUri.parse("file://otherhost/x"))
        .hasMessageContaining("a file URL needs an absolute path and no host");
    assertThatThrownBy(() -> RemoteUri.parse("c:relative"))
        .hasMessageContaining("not a URL or a path");
  }
}
