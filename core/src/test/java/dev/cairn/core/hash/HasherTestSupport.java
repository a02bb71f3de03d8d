package dev.cairn.core.hash;

import java.io.IOException;
import java.nio.file.Path;

/** Builds state keys the way the hasher does, for tests. */
final class HasherTestSupport {
  private HasherTestSupport() {}

  static StateCache.Key keyOf(Path file) throws IOException {
    FileStat stat = FileStat.read(file, true);
    return new StateCache.Key(
        file.toAbsolutePath().normalize().toString(), stat.size(), stat.mtimeNanos(), stat.inode());
  }
}
