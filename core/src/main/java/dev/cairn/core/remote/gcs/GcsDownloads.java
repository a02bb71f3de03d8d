package dev.cairn.core.remote.gcs;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.remote.SupportsDownload;
import dev.cairn.core.remote.cloud.OrderedMd5;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Downloads into a file: objects above the ranged-download threshold in {@code partSize} ranges
 * read in parallel, each pinned to the object generation first seen, written at their offsets.
 */
final class GcsDownloads {
  private final GcsRemote remote;

  GcsDownloads(GcsRemote remote) {
    this.remote = remote;
  }

  /**
   * Writes the whole object to {@code target}, replacing it, hashing the ranges in order as they
   * arrive.
   */
  SupportsDownload.Written ranged(Blob blob, Path target) {
    long size = blob.getSize() == null ? 0 : blob.getSize();
    long part = remote.tuning.partSize();
    int ranges =
        size <= remote.tuning.rangedDownloadThreshold() ? 1 : (int) ((size + part - 1) / part);
    long rangeSize = ranges == 1 ? Math.max(size, 1) : part;
    BlobId id = BlobId.of(blob.getBucket(), blob.getName(), blob.getGeneration());
    try (FileChannel out =
        FileChannel.open(
            target,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.READ,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      OrderedMd5 md5 = new OrderedMd5(out, size);
      List<Callable<Void>> work = new ArrayList<>();
      for (int i = 0; i < ranges; i++) {
        long start = i * rangeSize;
        long end = Math.min(size, start + rangeSize);
        work.add(
            () -> {
              copyRange(id, blob.getGeneration(), start, end, out);
              md5.written(start, end);
              return null;
            });
      }
      if (size > 0) {
        remote.tasks.runAll(work);
      }
      return new SupportsDownload.Written(
          target, size, ranges, size > 0 ? md5.md5() : Optional.empty());
    } catch (RuntimeException | IOException e) {
      try {
        Files.deleteIfExists(target);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof StorageException storage) {
        throw remote.errors.map(
            storage, "read", remote.location.objectUrl(blob.getName()), GcsErrors.GET);
      }
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new RemoteAccessException(
          "Cannot download " + remote.location.objectUrl(blob.getName()) + ": " + e, e);
    }
  }

  private void copyRange(BlobId id, Long generation, long start, long end, FileChannel out)
      throws IOException {
    try (ReadChannel reader =
        remote.storage.reader(id, Storage.BlobSourceOption.generationMatch(generation))) {
      reader.setChunkSize((int) Math.min(end - start, 16L * 1024 * 1024));
      reader.seek(start);
      reader.limit(end);
      ByteBuffer buffer = ByteBuffer.allocate(1024 * 1024);
      long position = start;
      while (position < end) {
        buffer.clear();
        int n = reader.read(buffer);
        if (n < 0) {
          throw new IOException(
              "the object ended after " + position + " of " + end + " bytes (it changed?)");
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
          position += out.write(buffer, position);
        }
      }
    }
  }
}
