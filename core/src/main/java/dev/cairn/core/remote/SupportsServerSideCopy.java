package dev.cairn.core.remote;

import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A remote that can read another prefix of the same service through its own connection and copy
 * objects from there without moving the bytes through Cairn (S3 CopyObject / UploadPartCopy), for
 * snapshotting data in place. Needs read access to the source (s3:ListBucket on its bucket,
 * s3:GetObject on its objects) and write access to the remote (s3:PutObject).
 */
public interface SupportsServerSideCopy {

  /** Whether {@code sourceUrl} can be read and copied from (e.g. any {@code s3://} URL for S3). */
  boolean canCopyFrom(String sourceUrl);

  /**
   * Copies the object at {@code sourceUrl} (such as {@code s3://bucket/raw/day1/a.csv}) to {@code
   * key} atomically. The caller has hashed the source and chosen {@code key} from that hash.
   *
   * @throws MissingObjectException if the source does not exist
   */
  void copyFrom(String sourceUrl, String key);

  /**
   * Copies a listed object to {@code key} atomically, only if it still has the content it was
   * listed with.
   *
   * @throws MissingObjectException if the source no longer exists
   * @throws dev.cairn.core.InvalidInputException if it changed since it was listed
   */
  void copyFrom(SourceObject source, String key);

  /**
   * Calls {@code sink} with every object below the prefix {@code prefixUrl} (a directory: {@code
   * s3://bucket/raw/day1} lists {@code raw/day1/...}), in no particular order; directory markers
   * (keys ending in {@code /}) are skipped.
   */
  void listSource(String prefixUrl, Consumer<SourceObject> sink);

  /**
   * Opens a listed object for reading, pinned to its listed content.
   *
   * @throws dev.cairn.core.InvalidInputException if it changed since it was listed
   */
  InputStream openSource(SourceObject source);

  /**
   * The object's MD5 when the store's metadata proves it without reading the bytes, else empty. For
   * S3: the ETag of a single-part upload that is not encrypted with SSE-KMS or SSE-C.
   */
  Optional<String> knownMd5(SourceObject source);
}
