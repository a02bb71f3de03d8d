package dev.cairn.core.remote.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CloudLocationTest {
  private static final Pattern ROOT = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

  private static CloudLocation parse(String url) {
    return CloudLocation.parse(url, "gs", ROOT, "a GCS bucket name", "object");
  }

  @Test
  void splitsRootAndPrefix_withoutSlashesAtTheEnds() {
    CloudLocation location = parse(" gs://bucket/some/prefix// ");
    assertThat(location).isEqualTo(new CloudLocation("gs", "bucket", "some/prefix"));
    assertThat(location.url()).isEqualTo("gs://bucket/some/prefix");
    assertThat(location.name("files/md5/ab/cd")).isEqualTo("some/prefix/files/md5/ab/cd");
    assertThat(location.remoteKey("some/prefix/files/md5/ab/cd")).isEqualTo("files/md5/ab/cd");
    assertThat(location.objectUrl("x/y")).isEqualTo("gs://bucket/x/y");
  }

  @Test
  void theRootAlone_hasAnEmptyPrefix() {
    CloudLocation location = parse("gs://bucket");
    assertThat(location.prefix()).isEmpty();
    assertThat(location.url()).isEqualTo("gs://bucket");
    assertThat(location.name("k")).isEqualTo("k");
    assertThat(location.remoteKey("k")).isEqualTo("k");
  }

  @Test
  void aBadRootOrPrefix_isRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> parse("gs://Bad_Bucket/p"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'Bad_Bucket' is not a GCS bucket name");
    assertThatThrownBy(() -> parse("gs://bucket/a/../b"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("the object prefix must be a plain path");
  }
}
