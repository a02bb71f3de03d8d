package dev.cairn.core.odb;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.hash.DvcIgnore;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckoutIgnoreTest {
  @TempDir Path tmp;

  @Test
  void checkout_leavesDvcignoredFilesAlone_withAndWithoutForce() throws IOException {
    Cache cache = Cache.at(tmp.resolve("cache"));
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(repo.resolve(".dvcignore"), "*.tmp\nimgs/cache/\n", UTF_8);
    Oid a = CheckoutTest.md5("a\n");
    cache.install(a, new ByteArrayInputStream("a\n".getBytes(UTF_8)), "test");
    Tree tree = Tree.of(List.of(new Tree.Entry("a.png", a)));
    cache.addBytes(tree.oid(), tree.toBytes());
    Path imgs = Files.createDirectories(repo.resolve("imgs"));
    Files.createDirectories(imgs.resolve("cache"));
    Files.writeString(imgs.resolve("x.tmp"), "scratch\n", UTF_8);
    Files.writeString(imgs.resolve("cache/c.bin"), "c\n", UTF_8);
    Files.writeString(imgs.resolve("extra.png"), "unsaved\n", UTF_8);
    Checkout checkout = new Checkout(cache, cache.hasher()).ignoring(DvcIgnore.below(repo, imgs));

    assertThatThrownBy(() -> checkout.checkout(tree.oid(), imgs, CheckoutOptions.DEFAULT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("1 files are not in the cache")
        .hasMessageContaining("extra.png");
    CheckoutResult result =
        checkout.checkout(tree.oid(), imgs, CheckoutOptions.DEFAULT.withForce(true));

    assertThat(result.deleted()).isEqualTo(1);
    assertThat(imgs.resolve("extra.png")).doesNotExist();
    assertThat(imgs.resolve("x.tmp")).hasContent("scratch");
    assertThat(imgs.resolve("cache/c.bin")).hasContent("c");
    assertThat(imgs.resolve("a.png")).hasContent("a");
  }

  @Test
  void ignores_fileInsideAnIgnoredFolder_isIgnored_likeDvc() throws IOException {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.writeString(repo.resolve(".dvcignore"), "private/\n", UTF_8);
    Files.createDirectories(repo.resolve("private/deep"));
    Files.createDirectories(repo.resolve("sub"));
    Files.writeString(repo.resolve("sub/.dvcignore"), "*.dvc\n!keep.dvc\n", UTF_8);

    assertThat(DvcIgnore.ignores(repo, repo.resolve("private/deep/x.dvc"))).isTrue();
    assertThat(DvcIgnore.ignores(repo, repo.resolve("sub/y.dvc"))).isTrue();
    assertThat(DvcIgnore.ignores(repo, repo.resolve("sub/keep.dvc"))).isFalse();
    assertThat(DvcIgnore.ignores(repo, repo.resolve("y.dvc"))).isFalse();
  }
}
