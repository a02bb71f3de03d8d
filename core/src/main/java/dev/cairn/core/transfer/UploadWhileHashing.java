package dev.cairn.core.transfer;

import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tee;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.SupportsStagedPut;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Tee} that uploads each file the hasher reads to a remote that {@link SupportsStagedPut}
 * (a directory or NFS mount): the bytes go to a temp file on the remote as they are hashed, and are
 * named with their content address once it is known. A first snapshot so reads each file once, not
 * once to hash it and again to upload it. The push that follows finds these objects on the remote
 * and uploads only what this did not ({@link #addTo} counts them as uploaded); a copy that failed
 * is simply uploaded by the push. After the first failure (a read-only or full remote, say) no
 * further copies are offered: each would fail the same way, and the push reports the cause.
 */
public final class UploadWhileHashing implements Tee {
  private static final Logger LOG = LoggerFactory.getLogger(UploadWhileHashing.class);

  private final SupportsStagedPut remote;
  private final Layout layout;
  private final int jobs;
  private final LongAdder objects = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final AtomicBoolean stopped = new AtomicBoolean();

  UploadWhileHashing(SupportsStagedPut remote, Layout layout, int jobs) {
    this.remote = remote;
    this.layout = layout;
    this.jobs = jobs;
  }

  /**
   * The tee for pushing to this remote from this cache's layout, if the remote can take one, with
   * {@code jobs} copies at a time at least (the push's parallel uploads).
   */
  public static Optional<UploadWhileHashing> to(Remote remote, Cache cache, int jobs) {
    if (remote instanceof SupportsStagedPut staged && !cache.isLegacy()) {
      return Optional.of(new UploadWhileHashing(staged, Layout.of(cache), jobs));
    }
    return Optional.empty();
  }

  @Override
  public int parallelism() {
    return jobs;
  }

  @Override
  public @Nullable Copy open(long size) throws IOException {
    if (stopped.get()) {
      return null;
    }
    try {
      return new Upload(remote.stage(), size);
    } catch (IOException | RuntimeException e) {
      stop(e);
      throw e;
    }
  }

  /** Offers no more copies after this failure. */
  private void stop(Exception failure) {
    if (!stopped.getAndSet(true)) {
      LOG.debug(
          "No longer uploading while hashing, after: {}; the push uploads the rest",
          failure.toString());
    }
  }

  /** The push's result with the objects this stored counted as uploaded, not as already there. */
  public TransferResult addTo(TransferResult pushed) {
    int stored = objects.intValue();
    if (stored == 0) {
      return pushed;
    }
    return new TransferResult(
        pushed.operation(),
        pushed.transferred() + stored,
        pushed.bytes() + bytes.sum(),
        Math.max(0, pushed.skipped() - stored),
        pushed.failures(),
        pushed.missingLocally());
  }

  private final class Upload implements Copy {
    private final SupportsStagedPut.Staged staged;
    private final long size;

    Upload(SupportsStagedPut.Staged staged, long size) {
      this.staged = staged;
      this.size = size;
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
      try {
        while (buffer.hasRemaining()) {
          staged.channel().write(buffer);
        }
      } catch (IOException | RuntimeException e) {
        stop(e);
        throw e;
      }
    }

    @Override
    public void keep(Oid oid) throws IOException {
      boolean created;
      try {
        created = staged.commit(layout.key(oid));
      } catch (IOException | RuntimeException e) {
        stop(e);
        throw e;
      }
      if (created) {
        objects.increment();
        bytes.add(size);
      }
    }

    @Override
    public void close() {
      staged.close();
    }
  }
}
