package dev.cairn.core.remote.s3;

import dev.cairn.core.RemoteAccessException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

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
    String sourceUrl = "s3://" + source.bucket() + "/" + sourceKey;
    long size;
    try {
      size =
          remote.client.headObject(b -> b.bucket(source.bucket()).key(sourceKey)).contentLength();
    } catch (SdkException e) {
      throw notFoundOr(e, sourceUrl, source, sourceKey);
    }
    long threshold = Math.min(MAX_SINGLE_COPY, remote.tuning.multipartThreshold());
    S3Location target = remote.location;
    try {
      if (size < threshold) {
        CopyObjectRequest.Builder request =
            CopyObjectRequest.builder()
                .sourceBucket(source.bucket())
                .sourceKey(sourceKey)
                .destinationBucket(target.bucket())
                .destinationKey(s3Key);
        remote.client.copyObject(remote.writeOptions.apply(request).build());
      } else {
        multipartCopy(source, sourceKey, s3Key, size);
      }
    } catch (SdkException e) {
      throw remote.errors.map(
          e, "copy " + sourceUrl + " to", remote.objectUrl(s3Key), S3Remote.PUT, target.arn(s3Key));
    }
  }

  private RuntimeException notFoundOr(
      SdkException e, String sourceUrl, S3Location source, String key) {
    if (e instanceof software.amazon.awssdk.services.s3.model.S3Exception
        && ((software.amazon.awssdk.services.s3.model.S3Exception) e).statusCode() == 404) {
      return new dev.cairn.core.remote.MissingObjectException(
          "Cannot find copy source: " + sourceUrl + " (check the snapshot source URL)");
    }
    return remote.errors.map(e, "read", sourceUrl, S3Remote.GET, source.arn(key));
  }

  private void multipartCopy(S3Location source, String sourceKey, String s3Key, long size) {
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
              String etag =
                  remote
                      .client
                      .uploadPartCopy(
                          b ->
                              b.sourceBucket(source.bucket())
                                  .sourceKey(sourceKey)
                                  .destinationBucket(target.bucket())
                                  .destinationKey(s3Key)
                                  .uploadId(uploadId)
                                  .partNumber(partNumber)
                                  .copySourceRange(range))
                      .copyPartResult()
                      .eTag();
              return CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
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
      if (e instanceof SdkException) {
        throw (SdkException) e;
      }
      throw e instanceof RemoteAccessException
          ? e
          : new RemoteAccessException("Cannot copy to " + remote.objectUrl(s3Key) + ": " + e, e);
    }
  }
}
