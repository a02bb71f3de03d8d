package dev.cairn.core.remote;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The behaviour every {@link Remote} backend promises. Each backend's test extends this and opens
 * the remote under test with {@link #smallTuning()} so a few MiB take the multipart / ranged paths.
 */
public abstract class RemoteContractTest {
  /**
   * Bytes of the "large" object: above {@link #smallTuning()}'s multipart and ranged thresholds.
   */
  protected static final int LARGE = 13 * 1024 * 1024 + 17;

  @TempDir protected Path work;
  protected Remote remote;

  /** Opens a fresh, empty remote with the given tuning. */
  protected abstract Remote openRemote(RemoteTuning tuning) throws Exception;

  /** Multipart from 6 MiB in 5 MiB parts, ranged GETs above 5 MiB, 4 parallel requests. */
  protected static RemoteTuning smallTuning() {
    return new RemoteTuning(4, 6L * 1024 * 1024, RemoteTuning.MIN_PART_SIZE, 5L * 1024 * 1024);
  }

  @BeforeEach
  void openRemote() throws Exception {
    remote = openRemote(smallTuning());
  }

  @AfterEach
  void closeRemote() {
    remote.close();
  }

  protected Path file(String name, byte[] content) throws IOException {
    return Files.write(work.resolve(name), content);
  }

  protected static String key(byte[] content) {
    try {
      String hex = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
      return "files/md5/" + hex.substring(0, 2) + "/" + hex.substring(2);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  protected String read(String key) throws IOException {
    try (InputStream in = remote.open(key)) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  protected static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  @Test
  void put_thenOpen_returnsContent() throws Exception {
    byte[] content = "hello cairn\n".getBytes(UTF_8);
    String key = key(content);
    remote.put(key, file("a", content));
    assertThat(read(key)).isEqualTo("hello cairn\n");
  }

  @Test
  void put_emptyFile_storesEmptyObject() throws Exception {
    String key = key(new byte[0]);
    remote.put(key, file("empty", new byte[0]));
    assertThat(remote.existing(List.of(key))).containsExactly(key);
    assertThat(read(key)).isEmpty();
  }

  @Test
  void existing_reportsOnlyPresentKeys() throws Exception {
    List<String> present = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      byte[] content = ("object " + i).getBytes(UTF_8);
      String key = key(content);
      all.add(key);
      if (i % 3 == 0) {
        remote.put(key, file("o" + i, content));
        present.add(key);
      }
    }
    all.add("files/md5/00/" + "0".repeat(30) + ".dir");
    assertThat(remote.existing(all)).containsExactlyInAnyOrderElementsOf(present);
    assertThat(remote.existing(List.of(all.get(1)))).isEmpty();
    assertThat(remote.existing(List.of(present.get(0)))).containsExactly(present.get(0));
    assertThat(remote.existing(List.of())).isEmpty();
  }

  @Test
  void existing_manyKeysInOneDirectory_findsThem() throws Exception {
    List<String> wanted = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String key = "files/md5/ab/" + String.format("%030x", i * 7919L);
      if (i % 2 == 0) {
        remote.put(key, file("d" + i, new byte[] {(byte) i}));
      }
      wanted.add(key);
    }
    Set<String> found = remote.existing(wanted);
    assertThat(found).hasSize(20).allMatch(k -> Integer.parseInt(k.substring(13), 16) % 2 == 0);
  }

  @Test
  void put_sameKeyTwice_isIdempotent() throws Exception {
    byte[] content = "same".getBytes(UTF_8);
    String key = key(content);
    remote.put(key, file("s1", content));
    remote.put(key, file("s2", content));
    assertThat(read(key)).isEqualTo("same");
    List<String> listed = new ArrayList<>();
    ((SupportsListing) remote).list("files/", listed::add);
    assertThat(listed).containsExactly(key);
  }

  @Test
  void put_concurrentlyFromSeveralThreads_leavesOneIntactObject() throws Exception {
    byte[] content = random(300_000, 7);
    String key = key(content);
    Path source = file("shared", content);
    int threads = 6;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  remote.put(key, source);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    try (InputStream in = remote.open(key)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    List<String> listed = new ArrayList<>();
    ((SupportsListing) remote).list("", listed::add);
    assertThat(listed).containsExactly(key);
  }

  @Test
  void streamingPut_sourceFailsMidway_leavesNothingUnderKey() throws Exception {
    byte[] content = random(200_000, 3);
    String key = key(content);
    InputStream failing = new FailingInputStream(content, 100_000);
    assertThatThrownBy(() -> ((SupportsStreamingPut) remote).put(key, failing, content.length))
        .isInstanceOf(RuntimeException.class);
    assertThat(remote.existing(List.of(key))).isEmpty();
    assertVisibleKeys();
  }

  @Test
  void streamingPut_largeSourceFailsMidway_leavesNothingUnderKey() throws Exception {
    byte[] content = random(LARGE, 4);
    String key = key(content);
    InputStream failing = new FailingInputStream(content, 11 * 1024 * 1024);
    assertThatThrownBy(() -> ((SupportsStreamingPut) remote).put(key, failing, content.length))
        .isInstanceOf(RuntimeException.class);
    assertThat(remote.existing(List.of(key))).isEmpty();
    assertVisibleKeys();
  }

  @Test
  void streamingPut_storesContent() throws Exception {
    byte[] content = random(LARGE, 5);
    String key = key(content);
    ((SupportsStreamingPut) remote).put(key, new java.io.ByteArrayInputStream(content), LARGE);
    try (InputStream in = remote.open(key)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void open_missingObject_throwsMissingObjectException() {
    assertThatThrownBy(() -> remote.open("files/md5/ff/" + "f".repeat(30)).close())
        .isInstanceOf(MissingObjectException.class)
        .hasMessageContaining("ff/ffff");
  }

  @Test
  void download_missingObject_throwsMissingObjectException() {
    Path target = work.resolve("out");
    assertThatThrownBy(
            () -> ((SupportsDownload) remote).download("files/md5/ee/" + "e".repeat(30), target))
        .isInstanceOf(MissingObjectException.class);
    assertThat(target).doesNotExist();
  }

  @Test
  void largeObject_putAndDownloadAndOpen_roundTrip() throws Exception {
    byte[] content = random(LARGE, 11);
    String key = key(content);
    remote.put(key, file("large", content));
    Path target = work.resolve("large.out");
    Files.write(target, new byte[] {1, 2, 3});
    ((SupportsDownload) remote).download(key, target);
    assertThat(Files.readAllBytes(target)).isEqualTo(content);
    try (InputStream in = remote.open(key)) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }

  @Test
  void download_smallObject_writesTarget() throws Exception {
    byte[] content = "small".getBytes(UTF_8);
    String key = key(content);
    remote.put(key, file("small", content));
    Path target = work.resolve("small.out");
    ((SupportsDownload) remote).download(key, target);
    assertThat(target).hasContent("small");
  }

  @Test
  void list_prefix_returnsMatchingKeysOnly() throws Exception {
    remote.put("files/md5/ab/" + "1".repeat(30), file("l1", new byte[] {1}));
    remote.put("files/md5/ab/" + "2".repeat(30) + ".dir", file("l2", new byte[] {2}));
    remote.put("files/md5/ac/" + "3".repeat(30), file("l3", new byte[] {3}));
    remote.put("other/x", file("l4", new byte[] {4}));
    Set<String> listed = ConcurrentHashMap.newKeySet();
    ((SupportsListing) remote).list("files/md5/ab/", listed::add);
    assertThat(listed)
        .containsExactlyInAnyOrder(
            "files/md5/ab/" + "1".repeat(30), "files/md5/ab/" + "2".repeat(30) + ".dir");
    listed.clear();
    ((SupportsListing) remote).list("files/md5/a", listed::add);
    assertThat(listed).hasSize(3);
    listed.clear();
    ((SupportsListing) remote).list("files/md5/zz/", listed::add);
    assertThat(listed).isEmpty();
    listed.clear();
    ((SupportsListing) remote).list("", listed::add);
    assertThat(listed).hasSize(4).contains("other/x");
  }

  @Test
  void delete_removesObject_andMissingDeleteSucceeds() throws Exception {
    byte[] content = "gone".getBytes(UTF_8);
    String key = key(content);
    remote.put(key, file("g", content));
    remote.delete(key);
    assertThat(remote.existing(List.of(key))).isEmpty();
    remote.delete(key);
    assertThatThrownBy(() -> remote.open(key).close()).isInstanceOf(MissingObjectException.class);
  }

  @Test
  void badKey_isRejected() {
    assertThatThrownBy(() -> remote.open("../escape"))
        .isInstanceOf(dev.cairn.core.InvalidInputException.class);
    assertThatThrownBy(() -> remote.put("/abs", work))
        .isInstanceOf(dev.cairn.core.InvalidInputException.class);
  }

  @Test
  void describe_namesTheRemote() {
    assertThat(remote.describe()).isNotBlank();
  }

  /** No key is visible at all (after failed writes: no partial objects, no temp files). */
  protected void assertVisibleKeys() throws InterruptedException {
    // the server may still be handling the request the client abandoned (the in-process S3 server
    // drops its upload temp file only then): allow it a few seconds, then nothing may be visible
    List<String> listed = new ArrayList<>();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    do {
      listed.clear();
      ((SupportsListing) remote).list("", listed::add);
      if (listed.isEmpty()) {
        return;
      }
      Thread.sleep(100);
    } while (System.nanoTime() < deadline);
    assertThat(listed).isEmpty();
  }

  /** Serves {@code failAt} bytes of {@code content}, then throws. */
  protected static final class FailingInputStream extends InputStream {
    private final byte[] content;
    private final int failAt;
    private int position;

    public FailingInputStream(byte[] content, int failAt) {
      this.content = content;
      this.failAt = failAt;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (position >= failAt) {
        throw new IOException("injected failure at byte " + position);
      }
      int n = Math.min(len, failAt - position);
      System.arraycopy(content, position, b, off, n);
      position += n;
      return n;
    }
  }
}
