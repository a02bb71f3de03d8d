package dev.cairn.core.hash;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** One {@code stat} of a path: type, size, mtime in ns, inode and permission bits. */
record FileStat(
    boolean directory,
    boolean regular,
    boolean symlink,
    long size,
    long mtimeNanos,
    long inode,
    int mode) {
  private static final String UNIX =
      "unix:isDirectory,isRegularFile,isSymbolicLink,size,lastModifiedTime,ino,mode";
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final LinkOption[] FOLLOW = {};
  private static final boolean HAS_UNIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

  static FileStat read(Path path, boolean followLinks) throws IOException {
    LinkOption[] options = followLinks ? FOLLOW : NOFOLLOW;
    if (HAS_UNIX) {
      Map<String, Object> unix = Files.readAttributes(path, UNIX, options);
      return new FileStat(
          (Boolean) attribute(unix, "isDirectory"),
          (Boolean) attribute(unix, "isRegularFile"),
          (Boolean) attribute(unix, "isSymbolicLink"),
          (Long) attribute(unix, "size"),
          nanos((FileTime) attribute(unix, "lastModifiedTime")),
          (Long) attribute(unix, "ino"),
          (Integer) attribute(unix, "mode"));
    }
    BasicFileAttributes basic = Files.readAttributes(path, BasicFileAttributes.class, options);
    return new FileStat(
        basic.isDirectory(),
        basic.isRegularFile(),
        basic.isSymbolicLink(),
        basic.size(),
        nanos(basic.lastModifiedTime()),
        0,
        Files.isExecutable(path) ? 0100 : 0);
  }

  private static Object attribute(Map<String, Object> attributes, String name) {
    return Objects.requireNonNull(attributes.get(name), name);
  }

  private static long nanos(FileTime time) {
    return time.to(TimeUnit.NANOSECONDS);
  }

  /** Any of the execute bits, as DVC's {@code isexec}. */
  boolean executable() {
    return (mode & 0111) != 0;
  }

  /** Same size, mtime and inode: the same version of the file as far as a stat can tell. */
  boolean sameVersion(FileStat other) {
    return size == other.size && mtimeNanos == other.mtimeNanos && inode == other.inode;
  }
}
