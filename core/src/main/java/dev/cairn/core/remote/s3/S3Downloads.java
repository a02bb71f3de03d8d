package dev.cairn.core.remote.s3;

import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.remote.SupportsDownload;
import dev.cairn.core.remote.cloud.OrderedMd5;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Downloads. The first request is a ranged GET of one part, which also tells the total size (no
 * HEAD); small objects are done then, larger ones fetch the remaining ranges in parallel, pinned to
 * the first response's ETag, and write them at their offsets in a file.
 */
final class S3Downloads {
  private static final Logger LOG = LoggerFactory.getLogger(S3Downloads.class);

  private final S3Remote remote;

  S3Downloads(S3Remote remote) {
    this.remote = remote;
  }

  void download(String s3Key, Path target) {
    long part = Math.max(remote.tuning.partSize(), 1);
    ResponseInputStream<GetObjectResponse> first;
    try {
      first = get(s3Key, "bytes=0-" + (part - 1), null);
    } catch (EmptyObject e) {
      writeEmpty(s3Key, target);
      return;
    }
    toFile(s3Key, first, target, part);
  }

  /**
   * Small objects (up to the ranged-download threshold) as a stream of at most two GETs; larger
   * ones into a file from {@code tempFile} with parallel ranged GETs.
   */
  SupportsDownload.Fetched fetch(String s3Key, Supplier<Path> tempFile) {
    long part = Math.max(remote.tuning.partSize(), 1);
    ResponseInputStream<GetObjectResponse> first;
    try {
      first = get(s3Key, "bytes=0-" + (part - 1), null);
    } catch (EmptyObject e) {
      return new SupportsDownload.Streamed(InputStream.nullInputStream());
    }
    long total = totalSize(first.response());
    if (total <= part) {
      return new SupportsDownload.Streamed(first);
    }
    if (total <= remote.tuning.rangedDownloadThreshold()) {
      String etag = first.response().eTag();
      InputStream rest;
      try {
        rest = get(s3Key, "bytes=" + part + "-" + (total - 1), etag);
      } catch (RuntimeException e) {
        closeQuietly(first);
        throw e;
      }
      return new SupportsDownload.Streamed(new SequenceInputStream(first, rest));
    }
    Path target;
    try {
      target = tempFile.get();
    } catch (RuntimeException e) {
      closeQuietly(first);
      throw e;
    }
    return toFile(s3Key, first, target, part);
  }

  /**
   * Writes the object whose first part {@code first} holds to {@code target}; the rest in parallel
   * ranges pinned to the first response's ETag when it is above the ranged threshold, hashed in
   * order as they arrive. Deletes {@code target} on failure.
   */
  private SupportsDownload.Written toFile(
      String s3Key, ResponseInputStream<GetObjectResponse> first, Path target, long part) {
    boolean done = false;
    int requests = 1;
    try (FileChannel channel =
        FileChannel.open(
            target,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.READ,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      long total = totalSize(first.response());
      String etag = first.response().eTag();
      OrderedMd5 md5 = new OrderedMd5(channel, total);
      try (InputStream in = first) {
        md5.written(0, write(channel, in, 0));
      }
      if (total > part && total > remote.tuning.rangedDownloadThreshold()) {
        List<Callable<Void>> ranges = new ArrayList<>();
        for (long offset = part; offset < total; offset += part) {
          long from = offset;
          long to = Math.min(total, offset + part) - 1;
          ranges.add(
              () -> {
                try (InputStream in = get(s3Key, "bytes=" + from + "-" + to, etag)) {
                  md5.written(from, write(channel, in, from));
                }
                return null;
              });
        }
        remote.runAll(ranges);
        requests += ranges.size();
      } else if (total > part) {
        try (InputStream in = get(s3Key, "bytes=" + part + "-" + (total - 1), etag)) {
          md5.written(part, write(channel, in, part));
        }
        requests++;
      }
      if (channel.size() != total) {
        throw new RemoteAccessException(
            "Cannot download "
                + remote.objectUrl(s3Key)
                + ": got "
                + channel.size()
                + " of "
                + total
                + " bytes (retry)");
      }
      done = true;
      return new SupportsDownload.Written(target, total, requests, md5.md5());
    } catch (IOException e) {
      throw new RemoteAccessException(
          "Cannot download " + remote.objectUrl(s3Key) + " to " + target + " (" + e + ")", e);
    } finally {
      closeQuietly(first);
      if (!done) {
        try {
          Files.deleteIfExists(target);
        } catch (IOException e) {
          LOG.debug("could not delete {}", target, e);
        }
      }
    }
  }

  private void writeEmpty(String s3Key, Path target) {
    try {
      Files.write(target, new byte[0]);
    } catch (IOException e) {
      throw new RemoteAccessException(
          "Cannot download " + remote.objectUrl(s3Key) + " to " + target + " (" + e + ")", e);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      LOG.debug("could not close a download stream", e);
    }
  }

  /** Thrown for a range request on an empty object (S3 answers 416). */
  private static final class EmptyObject extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EmptyObject() {
      super(null, null, false, false);
    }
  }

  private ResponseInputStream<GetObjectResponse> get(
      String s3Key, String range, @Nullable String etag) {
    try {
      return remote.client.getObject(
          b -> b.bucket(remote.location.bucket()).key(s3Key).range(range).ifMatch(etag));
    } catch (S3Exception e) {
      if (e.statusCode() == 416 && range.startsWith("bytes=0-")) {
        throw new EmptyObject();
      }
      throw remote.notFoundOr(e, "download", s3Key, S3Remote.GET);
    } catch (SdkException e) {
      throw remote.notFoundOr(e, "download", s3Key, S3Remote.GET);
    }
  }

  private static long totalSize(GetObjectResponse response) {
    String range = response.contentRange();
    if (range != null && range.contains("/") && !range.endsWith("/*")) {
      return Long.parseLong(range.substring(range.lastIndexOf('/') + 1).trim());
    }
    Long length = response.contentLength();
    return length == null ? 0 : length;
  }

  /** Writes {@code in} from {@code offset}; returns the offset after its last byte. */
  private static long write(FileChannel channel, InputStream in, long offset) throws IOException {
    byte[] buffer = new byte[256 * 1024];
    long position = offset;
    int n;
    while ((n = in.read(buffer)) > 0) {
      ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
      while (bytes.hasRemaining()) {
        position += channel.write(bytes, position);
      }
    }
    return position;
  }
}
