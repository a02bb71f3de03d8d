package dev.cairn.core.remote.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.RemoteContractTest;
import dev.cairn.core.remote.RemoteSpec;
import dev.cairn.core.remote.RemoteTuning;
import dev.cairn.core.remote.Remotes;
import dev.cairn.core.remote.SupportsStagedPut;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalRemoteTest extends RemoteContractTest {
  @SuppressWarnings("NullAway.Init")
  private Path root;

  @Override
  protected Remote openRemote(RemoteTuning tuning) {
    root = work.resolve("remote");
    return Remotes.open(RemoteSpec.of(root.toString()).withTuning(tuning));
  }

  @Test
  void put_makesObjectReadOnly_andLeavesNoTempFiles() throws Exception {
    byte[] content = {1, 2, 3};
    String key = key(content);
    remote.put(key, file("ro", content));
    Path stored = root.resolve(key);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
        .isEqualTo("r--r--r--");
    try (var files = Files.list(stored.getParent())) {
      assertThat(files).containsExactly(stored);
    }
  }

  @Test
  void stage_namesTheObjectOnCommit_readOnly_andLeavesNoTempFile() throws Exception {
    byte[] content = {4, 5, 6};
    String key = key(content);
    SupportsStagedPut staged = (SupportsStagedPut) remote;
    try (SupportsStagedPut.Staged object = staged.stage()) {
      object.channel().write(java.nio.ByteBuffer.wrap(content));
      assertThat(remote.existing(List.of(key))).isEmpty(); // nothing under a key before commit
      assertThat(object.commit(key)).isTrue();
    }
    Path stored = root.resolve(key);
    assertThat(stored).hasBinaryContent(content);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
        .isEqualTo("r--r--r--");
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void stage_ofAnObjectAlreadyThere_keepsTheOldOne_andDropsTheCopy() throws Exception {
    byte[] content = {8, 9};
    String key = key(content);
    remote.put(key, file("old", content));
    java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(root.resolve(key));
    try (SupportsStagedPut.Staged object = ((SupportsStagedPut) remote).stage()) {
      object.channel().write(java.nio.ByteBuffer.wrap(content));
      assertThat(object.commit(key)).isFalse();
    }
    assertThat(Files.getLastModifiedTime(root.resolve(key))).isEqualTo(before);
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void stage_closedWithoutCommit_leavesNothing() throws Exception {
    try (SupportsStagedPut.Staged object = ((SupportsStagedPut) remote).stage()) {
      object.channel().write(java.nio.ByteBuffer.wrap(new byte[] {1}));
      assertThat(tempFiles()).hasSize(1);
    }
    assertThat(tempFiles()).isEmpty();
    List<String> keys = new java.util.ArrayList<>();
    ((dev.cairn.core.remote.SupportsListing) remote).list("", keys::add);
    assertThat(keys).isEmpty();
  }

  @Test
  void stage_removesAStaleTempFileAKilledRunLeftInTheRoot() throws Exception {
    Files.createDirectories(root);
    Path stale = Files.writeString(root.resolve(".89abcdef.tmp"), "half a copy");
    Files.setLastModifiedTime(
        stale,
        java.nio.file.attribute.FileTime.from(
            java.time.Instant.now().minus(LocalRemote.TEMP_STALE_AFTER).minusSeconds(60)));

    try (SupportsStagedPut.Staged object = ((SupportsStagedPut) remote).stage()) {
      assertThat(stale).doesNotExist();
    }
  }

  private List<Path> tempFiles() throws java.io.IOException {
    try (var files = Files.walk(root)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
    }
  }

  @Test
  void put_removesATempFileAKilledUploadLeftInTheShard_butNotAFreshOne() throws Exception {
    byte[] content = {7, 7, 7};
    String key = key(content);
    Path shard = Files.createDirectories(root.resolve(key).getParent());
    Path stale = Files.writeString(shard.resolve(".0123abcd.tmp"), "half an upload");
    Files.setLastModifiedTime(
        stale,
        java.nio.file.attribute.FileTime.from(
            java.time.Instant.now().minus(LocalRemote.TEMP_STALE_AFTER).minusSeconds(60)));
    Path live = Files.writeString(shard.resolve(".4567cdef.tmp"), "an upload in progress");

    remote.put(key, file("seven", content));

    assertThat(stale).doesNotExist();
    assertThat(live).exists();
    assertThat(root.resolve(key)).hasBinaryContent(content);
  }

  @Test
  void put_afterItsDirectoryWasRemoved_createsItAgain() throws Exception {
    byte[] content = {4, 5, 6};
    String key = key(content);
    remote.put(key, file("first", content));
    Path stored = root.resolve(key);
    Files.delete(stored);
    Files.delete(stored.getParent()); // as a cleanup on the remote's host might

    remote.put(key, file("again", content));

    assertThat(stored).hasBinaryContent(content);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)))
        .isEqualTo("r--r--r--");
  }

  @Test
  void fileUrl_opensSameDirectory() throws Exception {
    byte[] content = {9};
    String key = key(content);
    remote.put(key, file("u", content));
    try (Remote viaUrl = Remotes.open(root.toUri().toString(), Map.of())) {
      assertThat(viaUrl.existing(List.of(key))).containsExactly(key);
    }
  }

  @Test
  void open_unknownScheme_namesUrlAndSupportedSchemes() {
    assertThatThrownBy(() -> Remotes.open("hdfs://bucket/x", Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("hdfs://bucket/x")
        .hasMessageContaining("s3://")
        .hasMessageContaining("ssh://");
    assertThatThrownBy(() -> Remotes.open("file://otherhost/x", Map.of()))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Remotes.open("host:relative/path", Map.of()))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void failure_fullRemoteFileSystem_saysTheRemoteIsFull() throws Exception {
    Path devFull = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.exists(devFull), "needs /dev/full (Linux) to produce a real ENOSPC");
    java.io.IOException enospc = writeTo(devFull);
    Path object = Path.of("/remote/ab/cdef");
    assertThat(LocalRemote.failure("store", object, enospc).getMessage())
        .isEqualTo(
            "Cannot store remote object: /remote/ab/cdef (the remote's file system is full:"
                + " No space left on device; free space or raise the quota on the remote, then"
                + " re-run)");
    assertThat(
            LocalRemote.failure("store", object, new java.io.IOException("Input/output error"))
                .getMessage())
        .contains("check the path, free space and permissions");
  }

  /** The real failure of a channel write to {@code /dev/full}. */
  private static java.io.IOException writeTo(Path devFull) {
    try (java.nio.channels.FileChannel out =
        java.nio.channels.FileChannel.open(devFull, java.nio.file.StandardOpenOption.WRITE)) {
      out.write(java.nio.ByteBuffer.wrap(new byte[4096]));
    } catch (java.io.IOException e) {
      return e;
    }
    throw new AssertionError("writing to /dev/full succeeded");
  }
}
