package dev.cairn.core.odb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.CairnException;
import dev.cairn.core.ConfigurationException;
import dev.cairn.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkerTest {
  @TempDir Path tmp;
  private Path cached;

  @BeforeEach
  void object() throws IOException {
    cached = tmp.resolve("cache-object");
    Files.writeString(cached, "foo");
    Cache.protect(cached);
  }

  private static String mode(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void parseList_readsDvcCacheType() {
    assertThat(LinkType.parseList("reflink, hardlink,symlink copy"))
        .containsExactly(LinkType.REFLINK, LinkType.HARDLINK, LinkType.SYMLINK, LinkType.COPY);
    assertThatThrownBy(() -> LinkType.parseList("reflink,teleport"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("teleport");
    assertThatThrownBy(() -> LinkType.parseList(" , ")).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void link_default_reflinkUnsupportedFallsBackToWritableCopy() throws IOException {
    Path target = tmp.resolve("ws/foo");
    Files.createDirectories(target.getParent());

    LinkType used = new Linker(LinkType.DEFAULT).link(cached, target, false);

    assertThat(used).isEqualTo(LinkType.COPY);
    assertThat(target).hasContent("foo");
    assertThat(Files.isSameFile(target, cached)).isFalse();
    assertThat(mode(target)).isEqualTo("rw-r--r--");
  }

  @Test
  void link_reflinkOnly_failsWithConfigurationHint() {
    Path target = tmp.resolve("foo");

    assertThatThrownBy(() -> new Linker(List.of(LinkType.REFLINK)).link(cached, target, false))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("reflink")
        .hasMessageContaining("add copy to cache.type");
    assertThat(target).doesNotExist();
  }

  @Test
  void link_hardlink_sharesTheReadOnlyInode() throws IOException {
    Path target = tmp.resolve("foo");

    assertThat(new Linker(List.of(LinkType.HARDLINK)).link(cached, target, false))
        .isEqualTo(LinkType.HARDLINK);

    assertThat(Files.isSameFile(target, cached)).isTrue();
    assertThat(mode(target)).isEqualTo("r--r--r--");
  }

  @Test
  void link_symlink_pointsAtTheCachedObject() throws IOException {
    Path target = tmp.resolve("foo");

    new Linker(List.of(LinkType.SYMLINK)).link(cached, target, false);

    assertThat(Files.isSymbolicLink(target)).isTrue();
    assertThat(Files.readSymbolicLink(target)).isEqualTo(cached);
  }

  @Test
  void link_crossDeviceHardlink_fallsBackToTheNextListedType() throws IOException {
    AtomicInteger attempts = new AtomicInteger();
    Map<LinkType, Linker.Strategy> strategies = Linker.defaultStrategies();
    strategies.put(
        LinkType.HARDLINK,
        (source, temp) -> {
          attempts.incrementAndGet();
          throw new FileSystemException(
              source.toString(), temp.toString(), "Invalid cross-device link");
        });
    Linker linker =
        new Linker(List.of(LinkType.HARDLINK, LinkType.SYMLINK, LinkType.COPY), strategies);
    Path target = tmp.resolve("foo");

    assertThat(linker.link(cached, target, false)).isEqualTo(LinkType.SYMLINK);
    assertThat(attempts).hasValue(1);
    assertThat(Files.readSymbolicLink(target)).isEqualTo(cached);
    assertThat(tmp).isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".tmp"));
  }

  @Test
  void link_permissionDenied_isNotAFallbackCase() {
    Map<LinkType, Linker.Strategy> strategies = Linker.defaultStrategies();
    strategies.put(
        LinkType.HARDLINK,
        (source, temp) -> {
          throw new AccessDeniedException(temp.toString());
        });
    Linker linker = new Linker(List.of(LinkType.HARDLINK, LinkType.COPY), strategies);
    Path target = tmp.resolve("foo");

    assertThatThrownBy(() -> linker.link(cached, target, false))
        .isInstanceOf(CairnException.class)
        .isNotInstanceOf(ConfigurationException.class)
        .hasMessageContaining("Cannot checkout " + target);
    assertThat(target).doesNotExist();
  }

  @Test
  void link_executable_isAnExecutableCopyEvenWhenHardlinkIsConfigured() throws IOException {
    Path target = tmp.resolve("run.sh");

    LinkType used = new Linker(List.of(LinkType.HARDLINK)).link(cached, target, true);

    assertThat(used).isEqualTo(LinkType.COPY);
    assertThat(Files.getPosixFilePermissions(target)).contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(mode(cached)).isEqualTo("r--r--r--");
  }

  @Test
  void link_emptyFileHardlink_createsAFreshEmptyFile() throws IOException {
    Path empty = tmp.resolve("empty-object");
    Files.createFile(empty);
    Cache.protect(empty);
    Path target = tmp.resolve("empty");

    new Linker(List.of(LinkType.HARDLINK)).link(empty, target, false);

    assertThat(target).isEmptyFile();
    assertThat(Files.isSameFile(target, empty)).isFalse();
  }

  @Test
  void link_replacesAnExistingFileAtomically() throws IOException {
    Path target = tmp.resolve("foo");
    Files.writeString(target, "old");

    new Linker(LinkType.DEFAULT).link(cached, target, false);

    assertThat(target).hasContent("foo");
  }
}
