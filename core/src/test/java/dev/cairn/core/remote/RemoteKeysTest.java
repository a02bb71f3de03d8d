package dev.cairn.core.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteKeysTest {

  @Test
  void check_acceptsObjectKeys() {
    assertThat(RemoteKeys.check("files/md5/ab/cdef.dir")).isEqualTo("files/md5/ab/cdef.dir");
    assertThat(RemoteKeys.checkPrefix("")).isEmpty();
    assertThat(RemoteKeys.checkPrefix("files/md5/")).isEqualTo("files/md5/");
  }

  @Test
  void check_rejectsEscapesAndOddSegments() {
    for (String bad :
        new String[] {"", "/abs", "a//b", "a/../b", "./a", "a/", "a\\b", "a\u0000b"}) {
      assertThatThrownBy(() -> RemoteKeys.check(bad)).isInstanceOf(InvalidInputException.class);
    }
    assertThatThrownBy(() -> RemoteKeys.checkPrefix("../"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void spec_lowercasesKeys_andNeverPrintsValues() {
    RemoteSpec spec =
        RemoteSpec.of("s3://b/p", Map.of("Secret_Access_Key", "topsecret", "use_ssl", "False"));
    assertThat(spec.option("secret_access_key")).contains("topsecret");
    assertThat(spec.flag("use_ssl", true)).isFalse();
    assertThat(spec.flag("ssl_verify", true)).isTrue();
    assertThat(spec.toString()).doesNotContain("topsecret").contains("secret_access_key");
  }

  @Test
  void tuning_rejectsTooSmallParts() {
    assertThatThrownBy(() -> new RemoteTuning(4, 10, 10, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(RemoteTuning.defaults().withConcurrency(2).concurrency()).isEqualTo(2);
  }
}
