package dev.cairn.core.remote;

/**
 * One object under a snapshot source prefix, as listed.
 *
 * @param url the object's full URL ({@code s3://bucket/raw/day1/a.csv})
 * @param relpath its path below the prefix, {@code /}-separated ({@code a.csv})
 * @param size bytes
 * @param version what pins this content (the S3 ETag): reads and copies of the object fail if it
 *     changed since it was listed
 */
public record SourceObject(String url, String relpath, long size, String version) {
  public SourceObject {
    if (size < 0) {
      throw new IllegalArgumentException("Cannot list " + url + " with size " + size);
    }
  }
}
