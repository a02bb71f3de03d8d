package dev.cairn.core.odb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadOnlyFilesTest {
  @TempDir Path dir;

  @Test
  void create_givesA0444FileThatItsDescriptorCanFill() throws IOException {
    Path file = dir.resolve("object");
    try (FileChannel out = ReadOnlyFiles.create(file)) {
      out.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }

    assertThat(file).hasBinaryContent(new byte[] {1, 2, 3});
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(ReadOnlyFiles.MODE);
  }

  @Test
  void supported_probesOnceAndLeavesNothingBehind() throws IOException {
    ReadOnlyFiles files = new ReadOnlyFiles();

    assertThat(files.supported(dir)).isTrue();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void supported_whereTheProbeCannotBeWritten_isFalse_soCallersChmodInstead() {
    assertThat(new ReadOnlyFiles().supported(dir.resolve("missing"))).isFalse();
  }
}
