package dev.cairn.core.hash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class StatIndexTest {
  private static final Oid DIR = Oid.ofDir("0123456789abcdef0123456789abcdef");
  private static final Oid A = Oid.ofFile("a".repeat(32));
  private static final Oid B = Oid.ofFile("b".repeat(32));
  private static final long DEVICE = 2049;

  private static byte[] index(Oid dir) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StatIndexWriter writer = StatIndexWriter.open(out, DEVICE)) {
      writer.add("a.csv", 10, 1_700_000_000_123_456_789L, 42, A);
      writer.add("sub/b é.csv", 0, 5, 43, B);
      writer.finish(dir);
    }
    return out.toByteArray();
  }

  private static StatIndex read(byte[] bytes) throws IOException {
    return StatIndex.read(new ByteArrayInputStream(bytes), DIR);
  }

  @Test
  void read_whatWasWritten_trustsEntriesWhoseStatMatches() throws IOException {
    StatIndex index = read(index(DIR));

    assertThat(index.size()).isEqualTo(2);
    assertThat(index.device()).isEqualTo(DEVICE);
    assertThat(index.trusted("a.csv", 10, 1_700_000_000_123_456_789L, 42, DEVICE)).isEqualTo(A);
    assertThat(index.trusted("sub/b é.csv", 0, 5, 43, DEVICE)).isEqualTo(B);
  }

  @Test
  void trusted_differentSizeMtimeOrPath_isNull() throws IOException {
    StatIndex index = read(index(DIR));

    assertThat(index.trusted("a.csv", 11, 1_700_000_000_123_456_789L, 42, DEVICE)).isNull();
    assertThat(index.trusted("a.csv", 10, 1_700_000_000_123_456_788L, 42, DEVICE)).isNull();
    assertThat(index.trusted("b.csv", 0, 5, 43, DEVICE)).isNull();
  }

  @Test
  void trusted_inodeCountsOnlyOnTheSameDevice() throws IOException {
    StatIndex index = read(index(DIR));

    assertThat(index.trusted("a.csv", 10, 1_700_000_000_123_456_789L, 7, DEVICE)).isNull();
    // a new pod mounting the same volume may see another device and renumbered inodes
    assertThat(index.trusted("a.csv", 10, 1_700_000_000_123_456_789L, 7, DEVICE + 1)).isEqualTo(A);
  }

  @Test
  void read_manyEntries_roundTrips() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StatIndexWriter writer = StatIndexWriter.open(out, DEVICE)) {
      for (int i = 0; i < 5000; i++) {
        writer.add("d" + (i % 7) + "/f" + i, i, i * 3L, i, i % 2 == 0 ? A : B);
      }
      writer.finish(DIR);
    }
    StatIndex index = read(out.toByteArray());

    assertThat(index.size()).isEqualTo(5000);
    for (int i = 0; i < 5000; i++) {
      assertThat(index.trusted("d" + (i % 7) + "/f" + i, i, i * 3L, i, DEVICE))
          .isEqualTo(i % 2 == 0 ? A : B);
    }
  }

  @Test
  void read_truncatedAnywhere_isRejected() throws IOException {
    byte[] whole = index(DIR);
    for (int length = 0; length < whole.length; length++) {
      byte[] torn = Arrays.copyOf(whole, length);
      assertThatThrownBy(() -> read(torn)).as("cut at %d", length).isInstanceOf(IOException.class);
    }
  }

  @Test
  void read_bodyCutBeforeTheTrailer_isRejected() throws IOException {
    byte[] body = gunzip(index(DIR));
    for (int length : new int[] {0, 8, 30, body.length - 33, body.length - 1}) {
      byte[] torn = gzip(Arrays.copyOf(body, length));
      assertThatThrownBy(() -> read(torn)).as("cut at %d", length).isInstanceOf(IOException.class);
    }
  }

  @Test
  void read_anotherDirectorysIndex_isRejected() throws IOException {
    byte[] other = index(Oid.ofDir("f".repeat(32)));

    assertThatThrownBy(() -> read(other))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not of " + DIR.value());
  }

  @Test
  void read_flippedByteInTheBody_checksumMismatch() throws IOException {
    byte[] body = gunzip(index(DIR));
    int at = new String(body, UTF_8).indexOf("a.csv") + 5 + 7; // the last byte of its size
    body[at] ^= 1;

    assertThatThrownBy(() -> read(gzip(body)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("checksum");
  }

  @Test
  void read_foreignFiles_areRejected() {
    byte[][] foreign = {
      new byte[0],
      "not gzip at all".getBytes(UTF_8),
      gzip("{\"md5\": \"abc\"}".getBytes(UTF_8)),
      gzip(new byte[] {'C', 'A', 'I', 'R', 'N', 'S', 'T', 'I', 0, 0, 0, 9}),
    };
    for (byte[] bytes : foreign) {
      assertThatThrownBy(() -> read(bytes)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void read_unfinishedWriter_isRejected() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (StatIndexWriter writer = StatIndexWriter.open(out, DEVICE)) {
      writer.add("a.csv", 10, 1, 42, A);
    } // a run that failed: closed without finish
    assertThatThrownBy(() -> read(out.toByteArray())).isInstanceOf(IOException.class);
  }

  @Test
  void read_trailingBytes_areRejected() throws IOException {
    byte[] body = gunzip(index(DIR));
    byte[] longer = Arrays.copyOf(body, body.length + 1);

    assertThatThrownBy(() -> read(gzip(longer)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("trailing");
  }

  private static byte[] gunzip(byte[] bytes) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    }
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }
}
