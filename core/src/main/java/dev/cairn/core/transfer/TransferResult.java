package dev.cairn.core.transfer;

import dev.cairn.core.CairnException;
import dev.cairn.core.IntegrityException;
import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.remote.MissingObjectException;
import java.util.List;

/**
 * What a push or fetch did.
 *
 * @param operation what was done, for messages, e.g. {@code push to s3://bucket/prefix}
 * @param transferred objects uploaded or downloaded now
 * @param bytes bytes of those objects
 * @param skipped objects already at the destination. A {@code .dir} found on the remote counts its
 *     members too when the push had other objects to check and the listing is in the local cache;
 *     when nothing else needed checking (a no-op push) the listing is not even read and the {@code
 *     .dir} counts as one
 * @param failures objects that could not be transferred, each with its error; a {@code .dir} held
 *     back because a member failed is one of them
 * @param missingLocally objects a push needed that are neither on the remote nor in the cache
 */
public record TransferResult(
    String operation,
    int transferred,
    long bytes,
    int skipped,
    List<Failure> failures,
    List<Oid> missingLocally) {

  /** One object that failed, with its remote key and the reason. */
  public record Failure(Oid oid, String key, CairnException error) {}

  public TransferResult {
    if (transferred < 0 || bytes < 0 || skipped < 0) {
      throw new IllegalArgumentException("Cannot count negative transfers");
    }
    failures = List.copyOf(failures);
    missingLocally = List.copyOf(missingLocally);
  }

  /** Number of failed objects (not counting those missing locally). */
  public int failed() {
    return failures.size();
  }

  public boolean isSuccess() {
    return failures.isEmpty() && missingLocally.isEmpty();
  }

  /**
   * Throws if anything failed: the only failure itself, or one exception of the most specific
   * shared kind (missing object, integrity, remote access, other) that names the first failure and
   * carries the others as suppressed exceptions.
   *
   * @return this, when successful
   */
  public TransferResult requireSuccess() {
    if (isSuccess()) {
      return this;
    }
    if (failures.size() == 1 && missingLocally.isEmpty()) {
      throw failures.get(0).error();
    }
    for (Failure failure : failures) {
      // a source file that changed after it was hashed: the run itself must be redone, and what
      // else failed (the .dir held back behind it) follows from it
      if (failure.error() instanceof dev.cairn.core.InvalidInputException) {
        throw failure.error();
      }
    }
    if (failures.isEmpty()) {
      throw new MissingObjectException(
          "Cannot "
              + operation
              + ": "
              + missingLocally.size()
              + " objects are neither in the cache nor on the remote, first "
              + missingLocally.get(0)
              + " (add or fetch them from where they were created, then push again)");
    }
    CairnException first = failures.get(0).error();
    String message =
        "Cannot "
            + operation
            + ": "
            + failures.size()
            + " objects failed"
            + (missingLocally.isEmpty() ? "" : " and " + missingLocally.size() + " are missing")
            + ", first "
            + failures.get(0).key()
            + ": "
            + first.getMessage()
            + " (fix the cause and re-run; finished objects are not transferred again)";
    CairnException summary = summary(message, first);
    for (int i = 1; i < Math.min(failures.size(), 6); i++) {
      summary.addSuppressed(failures.get(i).error());
    }
    throw summary;
  }

  private CairnException summary(String message, CairnException first) {
    if (failures.stream().allMatch(f -> f.error() instanceof MissingObjectException)) {
      MissingObjectException e = new MissingObjectException(message);
      e.initCause(first);
      return e;
    }
    if (failures.stream().anyMatch(f -> f.error() instanceof IntegrityException)) {
      return new IntegrityException(message, first);
    }
    if (failures.stream().anyMatch(f -> f.error() instanceof RemoteAccessException)) {
      return new RemoteAccessException(message, first);
    }
    return new CairnException(message, first);
  }
}
