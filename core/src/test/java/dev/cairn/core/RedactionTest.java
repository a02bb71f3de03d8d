package dev.cairn.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void redact_hidesOnlyThePassword() {
    assertThat(Redaction.redact("ssh://bob:hunter2@host:22/p"))
        .isEqualTo("ssh://bob:***@host:22/p");
    assertThat(Redaction.redact("https://x:tok@git.example/o/r.git"))
        .isEqualTo("https://x:***@git.example/o/r.git");
    assertThat(Redaction.redact("ssh://bob@host/p")).isEqualTo("ssh://bob@host/p");
    assertThat(Redaction.redact("s3://b/p@q:r")).isEqualTo("s3://b/p@q:r");
    assertThat(Redaction.redact("/local/a:b@c")).isEqualTo("/local/a:b@c");
    assertThat(Redaction.redact("git@host:o/r.git")).isEqualTo("git@host:o/r.git");
  }

  @Test
  void redact_hidesAPasswordHoldingAtSigns() {
    assertThat(Redaction.redact("ssh://bob:p@ss@host/p")).isEqualTo("ssh://bob:***@host/p");
    assertThat(Redaction.redact("ssh://:pw@host/p")).isEqualTo("ssh://:***@host/p");
  }

  @Test
  void withoutPassword_dropsOnlyThePassword() {
    assertThat(Redaction.withoutPassword("ssh://u:secret@host/p")).isEqualTo("ssh://u@host/p");
    assertThat(Redaction.withoutPassword("ssh://u@host:22/p")).isEqualTo("ssh://u@host:22/p");
    assertThat(Redaction.withoutPassword("s3://b/p")).isEqualTo("s3://b/p");
    assertThat(Redaction.withoutPassword("/mnt/x")).isEqualTo("/mnt/x");
  }
}
