package dev.cairn.core.remote.s3;

import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.remote.SourceObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Server-side copies: one CopyObject below the multipart threshold (S3 allows up to 5 GiB), else a
 * multipart upload of parallel UploadPartCopy ranges, aborted on failure.
 */
final class S3Copies {
  private static final Logger LOG = LoggerFactory.getLogger(S3Copies.class);
  private static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;

  private final S3Remote remote;

  S3Copies(S3Remote remote) {
    this.remote = remote;
  }

  void copy(S3Location source, String sourceKey, String s3Key) {
    copy(source.bucket(), sourceKey, s3Key, -1, null);
  }

  /** Copies a listed object, pinned to its listed ETag (a changed source fails the copy). */
  void copy(SourceObject object, String s3Key) {
    copy(
        S3Sources.bucket(object),
        S3Sources.key(object),
        s3Key,
        object.size(),
        object.version().isEmpty() ? null : object.version());
  }

  private void copy(
      String sourceBucket, String sourceKey, String s3Key, long knownSize, @Nullable String etag) {
    String sourceUrl = "s3://" + sourceBucket + "/" + sourceKey;
    S3Location source = new S3Location(sourceBucket, "");
    long size = knownSize;
    if (size < 0) {
      try {
        size = remote.client.headObject(b -> b.bucket(sourceBucket).key(sourceKey)).contentLength();
      } catch (SdkException e) {
        throw notFoundOr(e, sourceUrl, source, sourceKey);
      }
    }
    long threshold = Math.min(MAX_SINGLE_COPY, remote.tuning.multipartThreshold());
    S3Location target = remote.location;
    try {
      if (size < threshold) {
        CopyObjectRequest.Builder request =
            CopyObjectRequest.builder()
                .sourceBucket(sourceBucket)
                .sourceKey(sourceKey)
                .copySourceIfMatch(etag)
                .destinationBucket(target.bucket())
                .destinationKey(s3Key);
        remote.client.copyObject(remote.writeOptions.apply(request).build());
      } else {
        multipartCopy(sourceBucket, sourceKey, s3Key, size, etag);
      }
    } catch (SdkException e) {
      if (e instanceof S3Exception s3e && (s3e.statusCode() == 412 || s3e.statusCode() == 404)) {
        throw notFoundOr(e, sourceUrl, source, sourceKey);
      }
      throw remote.errors.map(
          e, "copy " + sourceUrl + " to", remote.objectUrl(s3Key), S3Remote.PUT, target.arn(s3Key));
    }
  }

  private RuntimeException notFoundOr(
      SdkException e, String sourceUrl, S3Location source, String key) {
    if (e instanceof S3Exception s3e && s3e.statusCode() == 404) {
      return new dev.cairn.core.remote.MissingObjectException(
          "Cannot find copy source: " + sourceUrl + " (check the snapshot source URL)");
    }
    if (e instanceof S3Exception s3e && s3e.statusCode() == 412) {
      return new dev.cairn.core.InvalidInputException(
          "Cannot snapshot "
              + sourceUrl
              + ": it changed while the snapshot ran (re-run once nothing writes to the source)");
    }
    return remote.errors.map(e, "read", sourceUrl, S3Remote.GET, source.arn(key));
  }

  private void multipartCopy(
      String sourceBucket, String sourceKey, String s3Key, long size, @Nullable String etag) {
    S3Location target = remote.location;
    long partSize = Math.max(remote.tuning.partSize(), (size + 9_999) / 10_000);
    String uploadId =
        remote
            .client
            .createMultipartUpload(
                remote
                    .writeOptions
                    .apply(
                        CreateMultipartUploadRequest.builder().bucket(target.bucket()).key(s3Key))
                    .build())
            .uploadId();
    try {
      List<Callable<CompletedPart>> parts = new ArrayList<>();
      int number = 0;
      for (long offset = 0; offset < size; offset += partSize) {
        int partNumber = ++number;
        String range = "bytes=" + offset + "-" + (Math.min(size, offset + partSize) - 1);
        parts.add(
            () -> {
              String partEtag =
                  remote
                      .client
                      .uploadPartCopy(
                          b ->
                              b.sourceBucket(sourceBucket)
                                  .sourceKey(sourceKey)
                                  .copySourceIfMatch(etag)
                                  .destinationBucket(target.bucket())
                                  .destinationKey(s3Key)
                                  .uploadId(uploadId)
                                  .partNumber(partNumber)
                                  .copySourceRange(range))
                      .copyPartResult()
                      .eTag();
              return CompletedPart.builder().partNumber(partNumber).eTag(partEtag).build();
            });
      }
      List<CompletedPart> completed = remote.runAll(parts);
      remote.client.completeMultipartUpload(
          b ->
              b.bucket(target.bucket())
                  .key(s3Key)
                  .uploadId(uploadId)
                  .multipartUpload(m -> m.parts(completed)));
    } catch (RuntimeException e) {
      try {
        remote.client.abortMultipartUpload(
            b -> b.bucket(target.bucket()).key(s3Key).uploadId(uploadId));
      } catch (SdkException abort) {
        LOG.warn("Could not abort multipart copy to {}", remote.objectUrl(s3Key));
      }
      if (e instanceof SdkException sdk) {
        throw sdk;
      }
      throw e instanceof RemoteAccessException
          ? e
          : new RemoteAccessException("Cannot copy to " + remote.objectUrl(s3Key) + ": " + e, e);
    }
  }
}
