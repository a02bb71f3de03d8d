package dev.cairn.core.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gitignore semantics of .dvcignore patterns, relative to the directory that holds them. */
class IgnoreRulesTest {
  @TempDir Path repo;

  private IgnoreRules rules(String dvcignore) throws IOException {
    Files.writeString(repo.resolve(".dvcignore"), dvcignore);
    Path tracked = repo.resolve("data");
    Files.createDirectories(tracked);
    return IgnoreRules.load(repo, tracked);
  }

  @Test
  void unanchoredName_matchesAtAnyDepth() throws IOException {
    IgnoreRules rules = rules("*.log\n");
    assertThat(rules.isIgnored("a.log", "a.log", false)).isTrue();
    assertThat(rules.isIgnored("x/y/a.log", "a.log", false)).isTrue();
    assertThat(rules.isIgnored("a.logx", "a.logx", false)).isFalse();
  }

  @Test
  void anchoredPattern_isRelativeToTheIgnoreFileDirectory() throws IOException {
    IgnoreRules rules = rules("/data/tmp\nother/tmp\n");
    assertThat(rules.isIgnored("tmp", "tmp", true)).isTrue();
    assertThat(rules.isIgnored("x/tmp", "tmp", true)).isFalse();
  }

  @Test
  void directoryOnlyPattern_skipsFiles() throws IOException {
    IgnoreRules rules = rules("cache/\n");
    assertThat(rules.isIgnored("cache", "cache", true)).isTrue();
    assertThat(rules.isIgnored("sub/cache", "cache", true)).isTrue();
    assertThat(rules.isIgnored("cache", "cache", false)).isFalse();
  }

  @Test
  void negation_lastMatchWins() throws IOException {
    IgnoreRules rules = rules("*.tmp\n!keep.tmp\n");
    assertThat(rules.isIgnored("a.tmp", "a.tmp", false)).isTrue();
    assertThat(rules.isIgnored("keep.tmp", "keep.tmp", false)).isFalse();
  }

  @Test
  void doubleStar_questionMark_classes_escapes() throws IOException {
    IgnoreRules rules = rules("data/**/deep\nf?le\n[ab]c\n\\#lit\nsp\\ \n");
    assertThat(rules.isIgnored("deep", "deep", false)).isTrue();
    assertThat(rules.isIgnored("x/y/deep", "deep", false)).isTrue();
    assertThat(rules.isIgnored("file", "file", false)).isTrue();
    assertThat(rules.isIgnored("fiile", "fiile", false)).isFalse();
    assertThat(rules.isIgnored("ac", "ac", false)).isTrue();
    assertThat(rules.isIgnored("cc", "cc", false)).isFalse();
    assertThat(rules.isIgnored("#lit", "#lit", false)).isTrue();
    assertThat(rules.isIgnored("sp ", "sp ", false)).isTrue();
  }

  @Test
  void commentsAndBlankLines_matchNothing() throws IOException {
    IgnoreRules rules = rules("# foo\n\n   \n");
    assertThat(rules.isIgnored("foo", "foo", false)).isFalse();
    assertThat(rules.isIgnored("# foo", "# foo", false)).isFalse();
  }

  @Test
  void defaults_alwaysApply() {
    IgnoreRules rules = IgnoreRules.none();
    assertThat(rules.isIgnored(".git", ".git", false)).isTrue();
    assertThat(rules.isIgnored("a/.git", ".git", true)).isTrue();
    assertThat(rules.isIgnored(".dvc", ".dvc", true)).isTrue();
    assertThat(rules.isIgnored(".dvc", ".dvc", false)).isFalse();
    assertThat(rules.isIgnored(".hg", ".hg", true)).isTrue();
  }
}
