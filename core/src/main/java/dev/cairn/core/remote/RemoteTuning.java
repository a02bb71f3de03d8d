package dev.cairn.core.remote;

/**
 * How a backend splits and parallelises transfers. The defaults suit production; tests lower the
 * thresholds so a few MiB exercise the multipart and ranged-download paths.
 *
 * @param concurrency parallel requests (S3 parts, ranged GETs, existence checks) or SFTP sessions
 *     per remote; the DVC options {@code jobs} and {@code max_sessions} override it
 * @param multipartThreshold objects of at least this many bytes are uploaded in parts (S3)
 * @param partSize bytes per multipart part and per ranged GET (grown to stay under 10 000 parts)
 * @param rangedDownloadThreshold objects larger than this are downloaded with parallel ranged GETs
 */
public record RemoteTuning(
    int concurrency, long multipartThreshold, long partSize, long rangedDownloadThreshold) {

  /** S3's minimum part size (all parts but the last). */
  public static final long MIN_PART_SIZE = 5L * 1024 * 1024;

  public RemoteTuning {
    if (concurrency < 1 || concurrency > 256) {
      throw new IllegalArgumentException("concurrency must be in 1..256: " + concurrency);
    }
    if (partSize < MIN_PART_SIZE) {
      throw new IllegalArgumentException("partSize must be at least 5 MiB: " + partSize);
    }
    if (multipartThreshold < partSize) {
      throw new IllegalArgumentException(
          "multipartThreshold must be at least partSize: " + multipartThreshold);
    }
    if (rangedDownloadThreshold < 1) {
      throw new IllegalArgumentException(
          "rangedDownloadThreshold must be positive: " + rangedDownloadThreshold);
    }
  }

  /** 8 parallel requests, multipart from 64 MiB in 16 MiB parts, ranged GETs above 32 MiB. */
  public static RemoteTuning defaults() {
    return new RemoteTuning(8, 64L * 1024 * 1024, 16L * 1024 * 1024, 32L * 1024 * 1024);
  }

  public RemoteTuning withConcurrency(int value) {
    return new RemoteTuning(value, multipartThreshold, partSize, rangedDownloadThreshold);
  }
}
