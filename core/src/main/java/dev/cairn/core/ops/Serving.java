package dev.cairn.core.ops;

import dev.cairn.core.remote.RemoteSpec;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where a model version is made available to the server: a local or mounted serving directory
 * ({@code <dir>/versions/<version>/} plus an atomically switched {@code <dir>/current} symlink, see
 * {@link ServeDir}) and/or an object-store prefix ({@code <uri>/<version>/<relative path>}, see
 * {@link ServeUri}). Either, both or neither may be set.
 *
 * @param dir the serving directory, or null
 * @param keep how many version directories to keep in {@code dir} (the newest, including {@code
 *     current}); 0 keeps all, otherwise at least 2 so the previous version stays for a rollback
 * @param uri the serving prefix with its remote options, or null
 */
public record Serving(@Nullable Path dir, int keep, @Nullable RemoteSpec uri) {
  public Serving {
    if (keep != 0 && keep < 2) {
      throw new IllegalArgumentException(
          "Cannot keep " + keep + " serving versions (give 0 for all, or 2 or more)");
    }
  }

  /** No serving target: a rollback or promotion only verifies, fetches and writes tags. */
  public static Serving none() {
    return new Serving(null, 0, null);
  }

  /** A serving directory, keeping every version. */
  public static Serving toDir(Path dir) {
    return new Serving(Objects.requireNonNull(dir), 0, null);
  }

  /** A serving prefix on an object store, local directory or SFTP server. */
  public static Serving toUri(RemoteSpec uri) {
    return new Serving(null, 0, Objects.requireNonNull(uri));
  }

  public Serving withDir(@Nullable Path value) {
    return new Serving(value, keep, uri);
  }

  public Serving withKeep(int value) {
    return new Serving(dir, value, uri);
  }

  public Serving withUri(@Nullable RemoteSpec value) {
    return new Serving(dir, keep, value);
  }

  /** Whether no serving target is set. */
  public boolean isEmpty() {
    return dir == null && uri == null;
  }

  /**
   * Makes {@code name@version} the served version: checks every object of it is on the data remote,
   * fetches what the cache lacks (hash-checked), publishes it to the serving directory and switches
   * {@code current}, and copies it under the serving prefix. Writes no registry tag, so {@code
   * train-register} calls it after a promotion and {@link Rollback} before its tags. Idempotent: a
   * re-run after a crash completes the job.
   *
   * @throws dev.cairn.core.InvalidInputException if the artifact or version is unknown
   * @throws dev.cairn.core.IntegrityException if objects are missing on the remote or corrupt
   */
  public Outcome publish(Store store, String name, String version) {
    return ServingPublisher.publish(store, this, name, version);
  }

  /**
   * Checks, before anything is written, that the serving directory (if any) can be written: it is
   * created if missing and a probe file is written and deleted. A serving URI is not probed (that
   * would leave an object behind where the credentials may not delete).
   *
   * @throws dev.cairn.core.CairnException naming the directory when it cannot be written
   * @throws dev.cairn.core.InvalidInputException if {@code <dir>/current} is not a symlink
   */
  public void check() {
    ServingPublisher.check(this);
  }

  /**
   * What serving did.
   *
   * @param version the version now served
   * @param dirVersion {@code <dir>/versions/<version>}, or null without a serving directory
   * @param dirPrevious the version {@code <dir>/current} named before, or null (none, or no dir)
   * @param dirWritten whether the version directory was written now (false: it was complete)
   * @param uriPrefix {@code <uri>/<version>} (credentials removed), or null without a serving URI
   * @param uriWritten objects written under the prefix now
   * @param uriSkipped objects already there
   * @param serverSideCopy whether objects were copied inside the object store
   */
  public record Outcome(
      String version,
      @Nullable Path dirVersion,
      @Nullable String dirPrevious,
      boolean dirWritten,
      @Nullable String uriPrefix,
      int uriWritten,
      int uriSkipped,
      boolean serverSideCopy) {

    /** Nothing served (no serving target). */
    public static Outcome nothing(String version) {
      return new Outcome(version, null, null, false, null, 0, 0, false);
    }
  }
}
