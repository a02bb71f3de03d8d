package dev.cairn.core.remote;

/**
 * A remote that can copy an object from another location on the same service without moving the
 * bytes through Cairn (S3 CopyObject / UploadPartCopy), for snapshotting data in place.
 */
public interface SupportsServerSideCopy {

  /** Whether {@link #copyFrom} accepts {@code sourceUrl} (e.g. any {@code s3://} URL for S3). */
  boolean canCopyFrom(String sourceUrl);

  /**
   * Copies the object at {@code sourceUrl} (such as {@code s3://bucket/raw/day1/a.csv}) to {@code
   * key} atomically. The caller has hashed the source and chosen {@code key} from that hash. Needs
   * read access to the source and write access to the remote (s3:GetObject on the source,
   * s3:PutObject here).
   *
   * @throws MissingObjectException if the source does not exist
   */
  void copyFrom(String sourceUrl, String key);
}
