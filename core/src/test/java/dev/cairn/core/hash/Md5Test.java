package dev.cairn.core.hash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** File vectors of specs/dvc-format.md §8 and the legacy md5-dos2unix rules of §1. */
class Md5Test {
  @TempDir Path dir;

  private Path write(String name, byte[] bytes) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, bytes);
    return file;
  }

  @ParameterizedTest
  @CsvSource({
    "foo, acbd18db4cc2f85cedef654fccc4a4d8",
    "bar, 37b51d194a7513e45b56f6524f2d51f2",
    "foo content, 6dbda444875c24ec1bbdb433456be11f",
    "file, 8c7dd922ad47494fc02c388e12c00eac",
    "text, 1cb251ec0d568de6a929b520c4aed8d1",
    "data, 8d777f385d3dfec8815d20f7496026dc",
  })
  void ofFile_upstreamVectors(String content, String md5) throws IOException {
    assertThat(Md5.ofFile(write("f", content.getBytes(UTF_8))).value()).isEqualTo(md5);
  }

  @Test
  void ofFile_newlineAndEmpty() throws IOException {
    assertThat(Md5.ofFile(write("n", "foo\n".getBytes(UTF_8))).value())
        .isEqualTo("d3b07384d113edec49eaa6238ad5ff00");
    assertThat(Md5.ofFile(write("e", new byte[0])).value())
        .isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
  }

  @ParameterizedTest
  @CsvSource({"0", "1", "-1", "1048577", "3145728"})
  void ofFile_largeFilesReadAhead_equalTheDigestOfTheWholeContent(long offset) throws Exception {
    byte[] bytes = new byte[Math.toIntExact(Md5.READ_AHEAD_FROM + offset)];
    new Random(offset).nextBytes(bytes);
    String expected =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));

    assertThat(Md5.ofFile(write("large", bytes)).value()).isEqualTo(expected);
    assertThat(Md5.ofFile(write("large", bytes)).value())
        .as("the thread's digest is reused")
        .isEqualTo(expected);
  }

  @Test
  void ofFile_crlfIsNotNormalised() throws IOException {
    Path crlf = write("crlf", "a\r\nb\r\nc".getBytes(UTF_8));
    assertThat(Md5.ofFile(crlf).value()).isEqualTo("17800212205a0baee12dcf34c0748370");
  }

  @Test
  void ofFileDos2Unix_crlfEqualsLf_upstreamVector() throws IOException {
    Path crlf = write("crlf", "a\r\nb\r\nc".getBytes(UTF_8));
    Path lf = write("lf", "a\nb\nc".getBytes(UTF_8));
    assertThat(Md5.ofFileDos2Unix(crlf).value()).isEqualTo("c32b2057b9bd62caa835386346177935");
    assertThat(Md5.ofFileDos2Unix(lf).value()).isEqualTo("c32b2057b9bd62caa835386346177935");
  }

  @Test
  void ofFile_multiChunkRandom_equalsInMemoryDigest() throws IOException {
    byte[] bytes = new byte[3 * Md5.CHUNK + 12345];
    new Random(7).nextBytes(bytes);
    assertThat(Md5.ofFile(write("big", bytes)).md5()).isEqualTo(Md5.hex(bytes));
  }

  @Test
  void ofFileDos2Unix_binaryChunk_isNotFolded() throws IOException {
    byte[] bytes = "a\r\nb\u0000c".getBytes(UTF_8);
    assertThat(Md5.ofFileDos2Unix(write("bin", bytes)).md5()).isEqualTo(Md5.hex(bytes));
  }

  @Test
  void ofFileDos2Unix_crlfAcrossChunkBoundary_isKept() throws IOException {
    byte[] bytes = new byte[Md5.CHUNK + 2];
    Arrays.fill(bytes, (byte) 'a');
    bytes[Md5.CHUNK - 1] = '\r';
    bytes[Md5.CHUNK] = '\n';
    assertThat(Md5.ofFileDos2Unix(write("straddle", bytes)).md5()).isEqualTo(Md5.hex(bytes));
  }

  @Test
  void ofFileDos2Unix_classifiesEachChunkByItsFirst512Bytes() throws IOException {
    // chunk 1 is text with a CRLF; chunk 2 starts with NUL bytes (binary) and has a CRLF later
    byte[] bytes = new byte[Md5.CHUNK + 1000];
    Arrays.fill(bytes, (byte) 'x');
    bytes[10] = '\r';
    bytes[11] = '\n';
    Arrays.fill(bytes, Md5.CHUNK, Md5.CHUNK + 10, (byte) 0);
    bytes[Md5.CHUNK + 600] = '\r';
    bytes[Md5.CHUNK + 601] = '\n';
    byte[] expected = new byte[bytes.length - 1];
    System.arraycopy(bytes, 0, expected, 0, 10);
    System.arraycopy(bytes, 11, expected, 10, bytes.length - 11);
    assertThat(Md5.ofFileDos2Unix(write("mixed", bytes)).md5()).isEqualTo(Md5.hex(expected));
  }

  @Test
  void isTextBlock_thirtyPercentRule() {
    byte[] block = new byte[10];
    Arrays.fill(block, (byte) 'a');
    Arrays.fill(block, 0, 3, (byte) 0x80);
    assertThat(Md5.isTextBlock(block, 10)).isTrue();
    block[3] = (byte) 0xff;
    assertThat(Md5.isTextBlock(block, 10)).isFalse();
    assertThat(Md5.isTextBlock(new byte[0], 0)).isTrue();
    assertThat(Md5.isTextBlock(new byte[] {'a', 0}, 2)).isFalse();
  }

  @Test
  void ofFile_missing_isInvalidInputNamingThePath() {
    Path missing = dir.resolve("nope");
    assertThatThrownBy(() -> Md5.ofFile(missing))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("no such file or directory");
  }
}
