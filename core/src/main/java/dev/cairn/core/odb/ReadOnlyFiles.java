package dev.cairn.core.odb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Creates content-addressed objects read-only (0444) from birth: the descriptor that creates a file
 * may write to it whatever its mode, so no {@code chmod} per object is needed, one metadata
 * operation fewer on a cold add or push of many small files. Whether that works here is probed once
 * per instance, on a throw-away file: the umask may strip bits (then the result is not exactly
 * 0444, which DVC trusts), and some NFS servers check every write against the mode. Where it does
 * not work, callers create files normally and make them read-only afterwards.
 */
public final class ReadOnlyFiles {
  /** The mode of stored objects, as DVC leaves its cache. */
  public static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("r--r--r--");

  private static final Set<StandardOpenOption> CREATE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  private volatile @Nullable Boolean supported;

  /**
   * Whether files created by {@link #create} in {@code dir} (which exists) come out exactly 0444
   * and writable through their descriptor; probed on the first call, the answer kept after.
   */
  public boolean supported(Path dir) {
    Boolean known = supported;
    if (known == null) {
      known = probe(dir);
      supported = known;
    }
    return known;
  }

  /** Creates {@code file}, which must not exist, with mode 0444 and opens it for writing. */
  public static FileChannel create(Path file) throws IOException {
    return FileChannel.open(file, CREATE, PosixFilePermissions.asFileAttribute(MODE));
  }

  private static boolean probe(Path dir) {
    Path probe =
        dir.resolve("." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".probe");
    try {
      try (FileChannel out = create(probe)) {
        out.write(ByteBuffer.wrap(new byte[] {'c'}));
      }
      return Files.getPosixFilePermissions(probe).equals(MODE) && Files.size(probe) == 1;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException e) {
        // a hidden probe file left behind is harmless; listings skip dot files
      }
    }
  }
}
