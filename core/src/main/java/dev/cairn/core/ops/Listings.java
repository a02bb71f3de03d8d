package dev.cairn.core.ops;

import dev.cairn.core.RemoteAccessException;
import dev.cairn.core.hash.Oid;
import dev.cairn.core.odb.Cache;
import dev.cairn.core.remote.MissingObjectException;
import dev.cairn.core.remote.Remote;
import dev.cairn.core.transfer.Layout;
import java.io.IOException;
import java.io.InputStream;

/**
 * A directory's {@code .dir} listing fetched into the cache alone, without its files: what granular
 * targets, cloud status, a snapshot's change summary and {@code cairn compare} need to know the
 * files of a version.
 */
final class Listings {
  private Listings() {}

  /**
   * Downloads the listing {@code dir} unless the cache has it, MD5-checked as it streams.
   *
   * @throws MissingObjectException when the remote does not have it
   * @throws RemoteAccessException when the remote cannot be read
   */
  static void fetch(Cache cache, Remote remote, Oid dir) {
    if (cache.contains(dir)) {
      return;
    }
    String key = Layout.of(cache).key(dir);
    try (InputStream in = remote.open(key)) {
      cache.install(dir, in, key + " on " + remote.describe());
    } catch (MissingObjectException e) {
      throw new MissingObjectException(
          "Cannot fetch "
              + key
              + ": it is not on "
              + remote.describe()
              + " (push it from a machine whose cache has it)");
    } catch (IOException e) {
      throw new RemoteAccessException(
          "Cannot fetch " + key + " from " + remote.describe() + ": " + e.getMessage() + " (retry)",
          e);
    }
  }
}
