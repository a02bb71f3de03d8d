package dev.cairn.core.hash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hasher with a {@link Tee} copies each file it reads and keeps the copy under its hash. */
class TeeTest {
  @TempDir Path tmp;

  /** Keeps copies in memory by id; counts what was opened and dropped. */
  private static class Recording implements Tee {
    final Map<Oid, byte[]> kept = new ConcurrentHashMap<>();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger dropped = new AtomicInteger();

    @Override
    public Copy open(long size) {
      opened.incrementAndGet();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      return new Copy() {
        boolean keptIt;

        @Override
        public void write(ByteBuffer buffer) throws IOException {
          byte[] chunk = new byte[buffer.remaining()];
          buffer.get(chunk);
          bytes.write(chunk);
          onWrite();
        }

        @Override
        public void keep(Oid oid) {
          kept.put(oid, bytes.toByteArray());
          keptIt = true;
        }

        @Override
        public void close() {
          if (!keptIt) {
            dropped.incrementAndGet();
          }
        }
      };
    }

    void onWrite() throws IOException {}
  }

  private Path file(String name, byte[] content) throws IOException {
    Path file = tmp.resolve("data").resolve(name);
    Files.createDirectories(file.getParent());
    return Files.write(file, content);
  }

  @Test
  void hash_withTee_keepsEachFileUnderItsHash_smallAndReadAhead() throws IOException {
    byte[] big = new byte[(int) Md5.READ_AHEAD_FROM + 123_457];
    new java.util.Random(7).nextBytes(big);
    file("big.bin", big);
    file("a.txt", "alpha".getBytes(UTF_8));
    file("sub/b.txt", "beta".getBytes(UTF_8));
    file("empty", new byte[0]);
    Recording tee = new Recording();

    HashResult.DirHash dir =
        (HashResult.DirHash) Hasher.builder().tee(tee).build().hash(tmp.resolve("data"));

    assertThat(dir.tree().entries()).hasSize(4);
    for (Tree.Entry entry : dir.tree().entries()) {
      byte[] content = Files.readAllBytes(tmp.resolve("data").resolve(entry.relpath()));
      assertThat(tee.kept.get(entry.oid())).as(entry.relpath()).isEqualTo(content);
      assertThat(Md5.hex(content)).isEqualTo(entry.oid().md5());
    }
    assertThat(tee.dropped).hasValue(0);
  }

  @Test
  void hash_withTee_doesNotCopyFilesTheStateCacheKnows() throws IOException {
    Path known = file("known.txt", "known".getBytes(UTF_8));
    file("new.txt", "new".getBytes(UTF_8));
    StateCache state = StateCache.inMemory();
    state.put(HasherTestSupport.keyOf(known), Md5.ofFile(known));
    Recording tee = new Recording();

    Hasher.builder().stateCache(state).tee(tee).build().hash(tmp.resolve("data"));

    assertThat(tee.opened).hasValue(1);
    assertThat(tee.kept).containsOnlyKeys(Oid.ofFile(Md5.hex("new".getBytes(UTF_8))));
  }

  @Test
  void hash_whenTheCopyFails_isUnchanged_andKeepsNothing() throws IOException {
    file("a.txt", "alpha".getBytes(UTF_8));
    Recording failing =
        new Recording() {
          @Override
          void onWrite() throws IOException {
            throw new IOException("No space left on device");
          }
        };

    HashResult withFailingTee = Hasher.builder().tee(failing).build().hash(tmp.resolve("data"));

    assertThat(withFailingTee.oid())
        .isEqualTo(Hasher.builder().build().hash(tmp.resolve("data")).oid());
    assertThat(failing.kept).isEmpty();
    assertThat(failing.dropped).hasValue(1);
  }

  @Test
  void hash_ofAFileChangedWhileCopied_dropsThatCopy_andKeepsTheFinalContent() throws IOException {
    Path file = file("growing.log", "line 1\n".getBytes(UTF_8));
    List<String> appended = new ArrayList<>();
    Recording tee =
        new Recording() {
          @Override
          void onWrite() throws IOException {
            if (appended.isEmpty()) { // a writer appends during the first read only
              appended.add("line 2\n");
              Files.writeString(file, "line 2\n", UTF_8, StandardOpenOption.APPEND);
            }
          }
        };

    HashResult result = Hasher.builder().tee(tee).build().hash(tmp.resolve("data"));

    byte[] finalContent = "line 1\nline 2\n".getBytes(UTF_8);
    Oid finalOid = Oid.ofFile(Md5.hex(finalContent));
    assertThat(((HashResult.DirHash) result).tree().entries().get(0).oid()).isEqualTo(finalOid);
    assertThat(tee.kept).containsOnlyKeys(finalOid);
    assertThat(tee.kept.get(finalOid)).isEqualTo(finalContent);
    assertThat(tee.dropped).hasValue(1);
  }
}
