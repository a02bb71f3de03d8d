package dev.cairn.core.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoteSpecTest {
  private static final Path HOSTS = Path.of("/secrets/known_hosts");
  private static final Path PHRASE = Path.of("/secrets/passphrase");
  private static final Path PASSWORD = Path.of("/secrets/password");

  @Test
  void of_hasNoSecretFiles() {
    assertThat(RemoteSpec.of("ssh://host/data").files()).isEqualTo(RemoteSpec.Files.NONE);
  }

  @Test
  void withFiles_addsTheGivenFilesAndKeepsTheOnesItLeavesOut() {
    RemoteSpec spec =
        RemoteSpec.of("ssh://host/data", Map.of("user", "git")).withKnownHostsFile(HOSTS);

    RemoteSpec added = spec.withFiles(new RemoteSpec.Files(null, PHRASE, PASSWORD));

    assertThat(added.files()).isEqualTo(new RemoteSpec.Files(HOSTS, PHRASE, PASSWORD));
    assertThat(added.url()).isEqualTo("ssh://host/data");
    assertThat(added.options()).containsEntry("user", "git");
    assertThat(spec.withFiles(RemoteSpec.Files.NONE)).isEqualTo(spec);
  }

  @Test
  void toString_showsOptionNamesNotTheirValues() {
    RemoteSpec spec =
        RemoteSpec.of("ssh://host/data", Map.of("password", "s3cret")).withPasswordFile(PASSWORD);

    assertThat(spec.toString()).doesNotContain("s3cret").contains("password");
  }
}
