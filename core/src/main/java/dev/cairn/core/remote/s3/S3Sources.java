package dev.cairn.core.remote.s3;

import dev.cairn.core.InvalidInputException;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.SourceObject;
import java.io.InputStream;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Another S3 prefix read through the remote's client, as a snapshot-in-place source: listing, reads
 * pinned to the listed ETag, and the ETag rule that spares reading an object.
 *
 * <p>The rule: an object's ETag is taken as its MD5 (and the object is not read) only when the ETag
 * is 32 hex digits (a single-part upload; multipart ETags end in {@code -<parts>}), the object is
 * at least {@link #ETAG_MIN_SIZE} bytes (below that a GET costs no more than the HEAD the rule
 * needs), and a HEAD shows it is neither SSE-KMS ({@code aws:kms}, {@code aws:kms:dsse}) nor SSE-C
 * encrypted, whose ETags are not MD5s. Plain and SSE-S3 single-part objects have MD5 ETags on AWS
 * and on the S3-compatible stores Cairn targets.
 */
final class S3Sources {
  /** Objects smaller than this are always read to be hashed. */
  static final long ETAG_MIN_SIZE = 1024 * 1024;

  private static final Pattern MD5 = Pattern.compile("[0-9a-f]{32}");

  private final S3Remote remote;

  S3Sources(S3Remote remote) {
    this.remote = remote;
  }

  void list(String prefixUrl, Consumer<SourceObject> sink) {
    S3Location source = S3Location.parse(prefixUrl);
    String prefix = source.prefix().isEmpty() ? "" : source.prefix() + "/";
    try {
      for (ListObjectsV2Response page :
          remote.client.listObjectsV2Paginator(b -> b.bucket(source.bucket()).prefix(prefix))) {
        for (S3Object object : page.contents()) {
          if (object.key().endsWith("/")) {
            continue;
          }
          Long size = object.size();
          sink.accept(
              new SourceObject(
                  "s3://" + source.bucket() + "/" + object.key(),
                  object.key().substring(prefix.length()),
                  size == null ? 0 : size,
                  object.eTag() == null ? "" : object.eTag()));
        }
      }
    } catch (SdkException e) {
      throw remote.errors.map(
          e, "list", "s3://" + source.bucket() + "/" + prefix, S3Remote.LIST, source.bucketArn());
    }
  }

  InputStream open(SourceObject object) {
    String bucket = bucket(object);
    String key = key(object);
    try {
      return remote.client.getObject(
          b ->
              b.bucket(bucket)
                  .key(key)
                  .ifMatch(object.version().isEmpty() ? null : object.version()));
    } catch (SdkException e) {
      throw mapped(e, object, "read");
    }
  }

  Optional<String> knownMd5(SourceObject object) {
    String etag = unquoted(object.version());
    if (!MD5.matcher(etag).matches() || object.size() < ETAG_MIN_SIZE) {
      return Optional.empty();
    }
    HeadObjectResponse head;
    try {
      head =
          remote.client.headObject(
              b -> b.bucket(bucket(object)).key(key(object)).ifMatch(object.version()));
    } catch (SdkException e) {
      throw mapped(e, object, "read");
    }
    ServerSideEncryption sse = head.serverSideEncryption();
    boolean kms =
        sse == ServerSideEncryption.AWS_KMS
            || sse == ServerSideEncryption.AWS_KMS_DSSE
            || (head.serverSideEncryptionAsString() != null
                && head.serverSideEncryptionAsString().startsWith("aws:kms"));
    if (kms || head.sseCustomerAlgorithm() != null || head.eTag() == null) {
      return Optional.empty();
    }
    return unquoted(head.eTag()).equals(etag) ? Optional.of(etag) : Optional.empty();
  }

  /** A 404 is a vanished source, a 412 a changed one; anything else is mapped as a read. */
  RuntimeException mapped(SdkException e, SourceObject object, String verb) {
    if (e instanceof S3Exception s3 && s3.statusCode() == 404) {
      return new MissingObjectException(
          "Cannot find snapshot source object: "
              + object.url()
              + " (it was deleted while the snapshot ran; re-run once the data is stable)");
    }
    if (e instanceof S3Exception s3 && s3.statusCode() == 412) {
      return new InvalidInputException(
          "Cannot snapshot "
              + object.url()
              + ": it changed while the snapshot ran (re-run once nothing writes to the source)");
    }
    return remote.errors.map(
        e, verb, object.url(), S3Remote.GET, "arn:aws:s3:::" + bucket(object) + "/" + key(object));
  }

  static String bucket(SourceObject object) {
    String rest = object.url().substring("s3://".length());
    return rest.substring(0, rest.indexOf('/'));
  }

  static String key(SourceObject object) {
    String rest = object.url().substring("s3://".length());
    return rest.substring(rest.indexOf('/') + 1);
  }

  private static String unquoted(String etag) {
    String e = etag.trim();
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e.toLowerCase(Locale.ROOT);
  }
}
