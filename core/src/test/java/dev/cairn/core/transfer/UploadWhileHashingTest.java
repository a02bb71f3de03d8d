package dev.cairn.core.transfer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.hash.HashResult;
import dev.cairn.core.hash.Hasher;
import dev.cairn.core.remote.SupportsStagedPut;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploading while hashing stops at the first failure: the push reports it and uploads the rest. */
class UploadWhileHashingTest {
  @TempDir Path tmp;

  private static final int FILES = 40;

  /**
   * A remote whose staging fails at {@code failing} (stage, write or commit) from the n-th object.
   */
  private static final class Staging implements SupportsStagedPut {
    final String failing;
    final int from;
    final AtomicInteger staged = new AtomicInteger();
    final Map<String, Integer> committed = new ConcurrentHashMap<>();

    Staging(String failing, int from) {
      this.failing = failing;
      this.from = from;
    }

    @Override
    public Staged stage() throws IOException {
      int n = staged.incrementAndGet();
      boolean fails = n >= from;
      if (fails && failing.equals("stage")) {
        throw new AccessDeniedException("/remote/files", null, "Read-only file system");
      }
      return new Staged() {
        int size;

        @Override
        public WritableByteChannel channel() {
          return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
              if (fails && failing.equals("write")) {
                throw new IOException("No space left on device");
              }
              int r = src.remaining();
              src.position(src.limit());
              size += r;
              return r;
            }

            @Override
            public boolean isOpen() {
              return true;
            }

            @Override
            public void close() {}
          };
        }

        @Override
        public boolean commit(String key) throws IOException {
          if (fails && failing.equals("commit")) {
            throw new IOException("Stale file handle");
          }
          return committed.putIfAbsent(key, size) == null;
        }

        @Override
        public void close() {}
      };
    }
  }

  private Path tree() throws IOException {
    Path data = tmp.resolve("data");
    Files.createDirectories(data);
    for (int i = 0; i < FILES; i++) {
      Files.writeString(data.resolve("f" + i), "content " + i, UTF_8);
    }
    return data;
  }

  private static HashResult.DirHash hash(Path data, UploadWhileHashing tee) {
    return (HashResult.DirHash) Hasher.builder().threads(1).tee(tee).build().hash(data);
  }

  @Test
  void aRemoteThatRefusesStaging_isAskedOnce_andTheHashIsUnchanged() throws IOException {
    Path data = tree();
    Staging remote = new Staging("stage", 1);

    HashResult.DirHash withTee = hash(data, new UploadWhileHashing(remote, Layout.DVC3, 1));

    assertThat(remote.staged).hasValue(1);
    assertThat(remote.committed).isEmpty();
    assertThat(withTee.oid())
        .isEqualTo(((HashResult.DirHash) Hasher.builder().build().hash(data)).oid());
  }

  @Test
  void aWriteOrCommitFailure_stopsFurtherCopies_andKeepsWhatWasStoredBefore() throws IOException {
    Path data = tree();
    for (String failing : new String[] {"write", "commit"}) {
      Staging remote = new Staging(failing, 5);
      UploadWhileHashing tee = new UploadWhileHashing(remote, Layout.DVC3, 1);

      hash(data, tee);

      assertThat(remote.staged).as(failing).hasValue(5);
      assertThat(remote.committed).as(failing).hasSize(4);
      TransferResult pushed =
          new TransferResult("push", 0, 0, 4, java.util.List.of(), java.util.List.of());
      assertThat(tee.addTo(pushed).transferred()).as(failing).isEqualTo(4);
      assertThat(tee.addTo(pushed).skipped()).as(failing).isZero();
    }
  }
}
