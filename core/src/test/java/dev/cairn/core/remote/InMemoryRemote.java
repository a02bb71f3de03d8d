package dev.cairn.core.remote;

import dev.cairn.core.RemoteAccessException;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A thread-safe {@link Remote} in memory for tests: records every request in order, can fail or
 * corrupt chosen keys, and fails the test at {@link #close()} if a stream it handed out was not
 * closed.
 */
public final class InMemoryRemote implements Remote, SupportsListing {
  /**
   * One request: its kind ({@code existing}, {@code put}, {@code open}, {@code delete}, {@code
   * list}) and its argument (a key, a prefix, or the number of keys asked).
   */
  public record Request(String kind, String argument) {}

  private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
  private final List<Request> log = new ArrayList<>();
  private final Set<String> openStreams = ConcurrentHashMap.newKeySet();
  private final AtomicInteger streamIds = new AtomicInteger();
  private volatile Predicate<String> failPut = key -> false;
  private volatile Predicate<String> failOpen = key -> false;
  private final Map<String, byte[]> servedInstead = new ConcurrentHashMap<>();
  private volatile boolean closed;

  @Override
  public String describe() {
    return "memory://test";
  }

  @Override
  public Set<String> existing(Collection<String> keys) {
    record("existing", String.valueOf(keys.size()));
    Set<String> present = new HashSet<>();
    for (String key : keys) {
      if (objects.containsKey(key)) {
        present.add(key);
      }
    }
    return present;
  }

  @Override
  public void put(String key, Path source) {
    record("put", key);
    if (failPut.test(key)) {
      throw new RemoteAccessException("Cannot upload " + key + ": injected fault (test)");
    }
    try {
      objects.putIfAbsent(key, Files.readAllBytes(source));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public InputStream open(String key) {
    record("open", key);
    if (failOpen.test(key)) {
      throw new RemoteAccessException("Cannot download " + key + ": injected fault (test)");
    }
    byte[] bytes = servedInstead.getOrDefault(key, objects.get(key));
    if (bytes == null) {
      throw new MissingObjectException("Cannot open " + key + ": no such object (test)");
    }
    String id = key + "#" + streamIds.incrementAndGet();
    openStreams.add(id);
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public void close() throws IOException {
        openStreams.remove(id);
        super.close();
      }
    };
  }

  @Override
  public void delete(String key) {
    record("delete", key);
    objects.remove(key);
  }

  @Override
  public void list(String prefix, Consumer<String> sink) {
    record("list", prefix);
    for (String key : new TreeSet<>(objects.keySet())) {
      if (key.startsWith(prefix)) {
        sink.accept(key);
      }
    }
  }

  /** Fails the test if a stream is still open. */
  @Override
  public void close() {
    closed = true;
    assertNoOpenStreams();
  }

  public boolean isClosed() {
    return closed;
  }

  public void assertNoOpenStreams() {
    if (!openStreams.isEmpty()) {
      throw new AssertionError("Streams not closed: " + new TreeSet<>(openStreams));
    }
  }

  // ---- test controls ----

  /** Stores an object directly, without logging a request. */
  public void store(String key, byte[] bytes) {
    objects.put(key, bytes.clone());
  }

  public boolean has(String key) {
    return objects.containsKey(key);
  }

  public byte[] bytes(String key) {
    byte[] bytes = objects.get(key);
    if (bytes == null) {
      throw new AssertionError("no object " + key);
    }
    return bytes.clone();
  }

  public Set<String> keys() {
    return new TreeSet<>(objects.keySet());
  }

  /** Every later {@code put} of a matching key throws {@link RemoteAccessException}. */
  public void failPutsWhere(Predicate<String> keys) {
    this.failPut = keys;
  }

  /** Every later {@code open} of a matching key throws {@link RemoteAccessException}. */
  public void failOpensWhere(Predicate<String> keys) {
    this.failOpen = keys;
  }

  /** {@code open(key)} returns these bytes instead of the stored ones (a corrupt object). */
  public void serveInstead(String key, byte[] bytes) {
    servedInstead.put(key, bytes.clone());
  }

  public void clearFaults() {
    failPut = key -> false;
    failOpen = key -> false;
    servedInstead.clear();
  }

  /** The requests so far, in the order they arrived. */
  public synchronized List<Request> requests() {
    return List.copyOf(log);
  }

  /** Keys of the {@code put} requests so far, in order. */
  public synchronized List<String> putKeys() {
    return log.stream().filter(r -> r.kind().equals("put")).map(Request::argument).toList();
  }

  public synchronized int requestCount() {
    return log.size();
  }

  public synchronized void clearRequests() {
    log.clear();
  }

  private synchronized void record(String kind, String argument) {
    log.add(new Request(kind, argument));
  }
}
