package dev.cairn.core.transfer;

import dev.cairn.core.hash.Oid;
import dev.cairn.core.hash.Tee;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.remote.SupportsStagedPut;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Tee} that uploads each file the hasher reads to a remote that {@link SupportsStagedPut}
 * (a directory or NFS mount): the bytes go to a temp file on the remote as they are hashed, and are
 * named with their content address once it is known. A first snapshot so reads each file once, not
 * once to hash it and again to upload it. The push that follows finds these objects on the remote
 * and uploads only what this did not ({@link #addTo} counts them as uploaded); a copy that failed
 * is simply uploaded by the push.
 */
public final class UploadWhileHashing implements Tee {
  private final SupportsStagedPut remote;
  private final Layout layout;
  private final int jobs;
  private final LongAdder objects = new LongAdder();
  private final LongAdder bytes = new LongAdder();

  private UploadWhileHashing(SupportsStagedPut remote, Layout layout, int jobs) {
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
  public Copy open(long size) throws IOException {
    return new Upload(remote.stage(), size);
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
      while (buffer.hasRemaining()) {
        staged.channel().write(buffer);
      }
    }

    @Override
    public void keep(Oid oid) throws IOException {
      if (staged.commit(layout.key(oid))) {
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
