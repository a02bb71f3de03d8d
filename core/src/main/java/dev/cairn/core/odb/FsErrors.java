package dev.cairn.core.odb;

import dev.cairn.core.CairnException;
import dev.cairn.core.ConfigurationException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Turns file system failures of the cache into Cairn's exceptions, with a hint. */
final class FsErrors {
  private FsErrors() {}

  /** Whether the failure (or a cause) is ENOSPC or EDQUOT. */
  static boolean isNoSpace(@Nullable Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      String text = t instanceof FileSystemException fse ? fse.getReason() : t.getMessage();
      if (text != null
          && (text.contains("No space left on device") || text.contains("Disk quota exceeded"))) {
        return true;
      }
    }
    return false;
  }

  static boolean isUnwritable(Throwable error) {
    if (error instanceof AccessDeniedException
        || error instanceof NotDirectoryException
        || error instanceof FileAlreadyExistsException
        || error instanceof java.nio.file.ReadOnlyFileSystemException) {
      return true;
    }
    return error instanceof FileSystemException fse
        && fse.getReason() != null
        && (fse.getReason().contains("Read-only file system")
            || fse.getReason().contains("Not a directory")
            || fse.getReason().contains("Permission denied"));
  }

  /** A failure to write into {@code dir} of the cache while doing {@code what}. */
  static CairnException cacheWrite(String what, Path dir, Exception error) {
    if (isNoSpace(error)) {
      return new CairnException(
          "Cannot "
              + what
              + ": no space left on device for cache directory "
              + dir
              + " (free space, or point cache.dir at a larger volume)",
          error);
    }
    if (isUnwritable(error)) {
      return new ConfigurationException(
          "Cannot write to cache directory: "
              + dir
              + " (make it a writable directory, or set cache.dir to one)",
          error);
    }
    return new CairnException(
        "Cannot " + what + ": " + describe(error) + " (check the cache directory " + dir + ")",
        error);
  }

  static String describe(Exception error) {
    if (error instanceof FileSystemException fse) {
      String reason = fse.getReason();
      return fse.getFile() + (reason == null ? "" : ": " + reason);
    }
    String message = error.getMessage();
    return message == null ? error.getClass().getSimpleName() : message;
  }

  static void deleteQuietly(@Nullable Path path) {
    if (path == null) {
      return;
    }
    try {
      java.nio.file.Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // best effort: a stray temp file is harmless, it never carries a final object name
    }
  }
}
