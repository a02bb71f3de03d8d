package dev.cairn.core.remote.s3;

import dev.cairn.core.CairnException;
import dev.cairn.core.RemoteAccessException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Writes objects: one PutObject below the multipart threshold; above it CreateMultipartUpload,
 * parallel UploadPart (bounded by the remote's pool) and CompleteMultipartUpload, with
 * AbortMultipartUpload on any failure so nothing becomes visible under the key.
 */
final class S3Uploads {
  private static final Logger LOG = LoggerFactory.getLogger(S3Uploads.class);
  private static final String OCTETS = "application/octet-stream";
  private static final int MAX_PARTS = 10_000;

  private final S3Remote remote;

  /**
   * Part buffers of streamed uploads, shared by every concurrent stream: a snapshot streaming many
   * large files at once holds at most this many parts in memory (8 × 16 MiB by default).
   */
  private final Semaphore streamBuffers;

  S3Uploads(S3Remote remote) {
    this.remote = remote;
    this.streamBuffers = new Semaphore(Math.max(4, remote.tuning.concurrency()));
  }

  void putFile(String s3Key, Path source, long size) {
    if (size < remote.tuning.multipartThreshold()) {
      putSingle(s3Key, RequestBody.fromContentProvider(() -> open(source, 0, size), size, OCTETS));
      return;
    }
    long partSize = partSize(size);
    multipart(
        s3Key,
        size,
        (number, offset, length) ->
            new Part(
                RequestBody.fromContentProvider(() -> open(source, offset, length), length, OCTETS),
                null),
        partSize);
  }

  void putStream(String s3Key, InputStream source, long size) {
    if (size < remote.tuning.multipartThreshold()) {
      putSingle(s3Key, RequestBody.fromInputStream(new ExactInputStream(source, size), size));
      return;
    }
    long partSize = partSize(size);
    // Parts are read sequentially from the stream into buffers; a bounded number in flight.
    Semaphore buffers = streamBuffers;
    multipart(
        s3Key,
        size,
        (number, offset, length) -> {
          buffers.acquireUninterruptibly();
          try {
            byte[] bytes = source.readNBytes((int) length);
            if (bytes.length != length) {
              throw new IOException(
                  "the source ended after " + (offset + bytes.length) + " of " + size + " bytes");
            }
            return new Part(RequestBody.fromBytes(bytes), buffers);
          } catch (IOException | RuntimeException e) {
            buffers.release();
            throw e;
          }
        },
        partSize);
  }

  private long partSize(long size) {
    long minimum = (size + MAX_PARTS - 1) / MAX_PARTS;
    return Math.max(remote.tuning.partSize(), minimum);
  }

  private void putSingle(String s3Key, RequestBody body) {
    S3Location location = remote.location;
    PutObjectRequest request =
        remote
            .writeOptions
            .apply(PutObjectRequest.builder().bucket(location.bucket()).key(s3Key))
            .build();
    try {
      remote.client.putObject(request, body);
    } catch (SdkException e) {
      throw failure(e, s3Key);
    }
  }

  private CairnException failure(SdkException e, String s3Key) {
    return remote.errors.map(
        e, "store", remote.objectUrl(s3Key), S3Remote.PUT, remote.location.arn(s3Key));
  }

  /**
   * Supplies the request body of part {@code number} (1-based) covering {@code [offset,
   * offset+length)}.
   */
  interface PartSource {
    Part part(int number, long offset, long length) throws IOException;
  }

  private void multipart(String s3Key, long size, PartSource source, long partSize) {
    S3Location location = remote.location;
    String uploadId;
    try {
      uploadId =
          remote
              .client
              .createMultipartUpload(
                  remote
                      .writeOptions
                      .apply(
                          CreateMultipartUploadRequest.builder()
                              .bucket(location.bucket())
                              .key(s3Key)
                              .contentType(OCTETS))
                      .build())
              .uploadId();
    } catch (SdkException e) {
      throw failure(e, s3Key);
    }
    List<Future<CompletedPart>> futures = new ArrayList<>();
    try {
      int number = 0;
      for (long offset = 0; offset < size; offset += partSize) {
        int partNumber = ++number;
        long length = Math.min(partSize, size - offset);
        Part part = source.part(partNumber, offset, length);
        futures.add(remote.pool().submit(() -> uploadPart(s3Key, uploadId, partNumber, part)));
      }
      List<CompletedPart> parts = new ArrayList<>();
      for (Future<CompletedPart> future : futures) {
        parts.add(future.get());
      }
      parts.sort(Comparator.comparing(CompletedPart::partNumber));
      remote.client.completeMultipartUpload(
          b ->
              b.bucket(location.bucket())
                  .key(s3Key)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(parts)));
    } catch (IOException e) {
      abort(s3Key, uploadId, futures);
      throw new RemoteAccessException(
          "Cannot read upload source for " + remote.objectUrl(s3Key) + ": " + e.getMessage(), e);
    } catch (ExecutionException e) {
      abort(s3Key, uploadId, futures);
      throw e.getCause() instanceof SdkException
          ? failure((SdkException) e.getCause(), s3Key)
          : S3Remote.unwrap(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(s3Key, uploadId, futures);
      throw new RemoteAccessException(
          "Cannot store " + remote.objectUrl(s3Key) + ": interrupted", e);
    } catch (SdkException e) {
      abort(s3Key, uploadId, futures);
      throw failure(e, s3Key);
    } catch (RuntimeException e) {
      abort(s3Key, uploadId, futures);
      throw e;
    }
  }

  private CompletedPart uploadPart(String s3Key, String uploadId, int number, Part part) {
    try {
      String etag =
          remote
              .client
              .uploadPart(
                  b ->
                      b.bucket(remote.location.bucket())
                          .key(s3Key)
                          .uploadId(uploadId)
                          .partNumber(number),
                  part.body())
              .eTag();
      return CompletedPart.builder().partNumber(number).eTag(etag).build();
    } finally {
      Semaphore permit = part.permit();
      if (permit != null) {
        permit.release();
      }
    }
  }

  private void abort(String s3Key, String uploadId, List<Future<CompletedPart>> futures) {
    for (Future<CompletedPart> future : futures) {
      future.cancel(true);
    }
    try {
      remote.client.abortMultipartUpload(
          b -> b.bucket(remote.location.bucket()).key(s3Key).uploadId(uploadId));
    } catch (SdkException e) {
      LOG.warn(
          "Could not abort multipart upload of {} ({}); a bucket lifecycle rule"
              + " AbortIncompleteMultipartUpload removes the parts",
          remote.objectUrl(s3Key),
          e.getClass().getSimpleName());
    }
  }

  private static InputStream open(Path source, long offset, long length) {
    try {
      InputStream in = Files.newInputStream(source);
      in.skipNBytes(offset);
      return new ExactInputStream(in, length);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A part's body and the buffer permit it holds until uploaded. */
  record Part(RequestBody body, @Nullable Semaphore permit) {}
}
