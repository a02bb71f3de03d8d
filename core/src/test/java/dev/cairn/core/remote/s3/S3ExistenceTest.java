package dev.cairn.core.remote.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3ExistenceTest {

  @Test
  void justBefore_sortsImmediatelyBelowKey() {
    String key = "p/files/md5/ab/cd";
    String before = S3Existence.justBefore(key);
    assertThat(S3Existence.S3_ORDER.compare(before, key)).isNegative();
    assertThat(S3Existence.S3_ORDER.compare(before, "p/files/md5/ab/cb")).isPositive();
  }

  @Test
  void commonPrefix_ofSortedRun() {
    assertThat(S3Existence.commonPrefix("p/files/md5/ab/01", "p/files/md5/ac/ff"))
        .isEqualTo("p/files/md5/a");
    assertThat(S3Existence.commonPrefix("x", "y")).isEmpty();
  }

  @Test
  void order_isCodePointOrder_likeS3Utf8() {
    List<String> keys = new ArrayList<>(List.of("a\uFFFF", "a\uD83D\uDE00", "a~"));
    keys.sort(S3Existence.S3_ORDER);
    assertThat(keys).containsExactly("a~", "a\uFFFF", "a\uD83D\uDE00");
  }

  @Test
  void location_parsesBucketAndPrefix() {
    S3Location location = S3Location.parse("s3://my-bucket/team/store/");
    assertThat(location.bucket()).isEqualTo("my-bucket");
    assertThat(location.s3Key("files/md5/ab/cd")).isEqualTo("team/store/files/md5/ab/cd");
    assertThat(location.arn("team/store/x")).isEqualTo("arn:aws:s3:::my-bucket/team/store/x");
    assertThat(S3Location.parse("s3://b1").s3Key("k")).isEqualTo("k");
    assertThatThrownBy(() -> S3Location.parse("s3://b/a/../c"))
        .isInstanceOf(InvalidInputException.class);
  }
}
