package dev.cairn.core.remote;

import java.nio.file.Path;

/**
 * A remote whose server checks an upload against the MD5 the client declares and stores nothing
 * when the bytes it received differ (GCS). A source file goes up this way in one request, with no
 * second hash on the client while it streams. Same atomicity as {@link Remote#put}.
 */
public interface SupportsCheckedPut {

  /**
   * Stores the bytes of {@code source} under {@code key} only if they hash to {@code md5Hex}. An
   * existing object counts as success.
   *
   * @throws dev.cairn.core.CairnException if the upload failed or the bytes did not match (the
   *     caller tells which by hashing the file again)
   */
  void putChecked(String key, Path source, String md5Hex);
}
