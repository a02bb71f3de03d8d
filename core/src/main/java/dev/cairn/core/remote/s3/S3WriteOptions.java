package dev.cairn.core.remote.s3;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.remote.RemoteSpec;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** DVC's {@code sse}, {@code sse_kms_key_id} and {@code acl} options, applied to every write. */
record S3WriteOptions(
    @Nullable ServerSideEncryption sse, @Nullable String kmsKeyId, @Nullable ObjectCannedACL acl) {

  static S3WriteOptions from(RemoteSpec spec) {
    ServerSideEncryption sse =
        spec.option("sse")
            .map(v -> parse(ServerSideEncryption.fromValue(v), "sse", v))
            .orElse(null);
    String kms = spec.option("sse_kms_key_id").orElse(null);
    if (kms != null && sse == null) {
      sse = ServerSideEncryption.AWS_KMS;
    }
    ObjectCannedACL acl =
        spec.option("acl")
            .map(v -> parse(ObjectCannedACL.fromValue(v.toLowerCase(Locale.ROOT)), "acl", v))
            .orElse(null);
    return new S3WriteOptions(sse, kms, acl);
  }

  private static <T extends Enum<T>> T parse(T value, String option, String raw) {
    if (value.name().equals("UNKNOWN_TO_SDK_VERSION")) {
      throw new InvalidInputException(
          "Cannot use remote option " + option + ": " + raw + " (not a value S3 accepts)");
    }
    return value;
  }

  PutObjectRequest.Builder apply(PutObjectRequest.Builder b) {
    return b.serverSideEncryption(sse).ssekmsKeyId(kmsKeyId).acl(acl);
  }

  CreateMultipartUploadRequest.Builder apply(CreateMultipartUploadRequest.Builder b) {
    return b.serverSideEncryption(sse).ssekmsKeyId(kmsKeyId).acl(acl);
  }

  CopyObjectRequest.Builder apply(CopyObjectRequest.Builder b) {
    return b.serverSideEncryption(sse).ssekmsKeyId(kmsKeyId).acl(acl);
  }
}
