package dev.cairn.core.hash;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** One {@code stat} of a path: type, size, mtime in ns and inode. */
record FileStat(
    boolean directory, boolean regular, boolean symlink, long size, long mtimeNanos, long inode) {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final LinkOption[] FOLLOW = {};
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  static FileStat read(Path path, boolean followLinks) throws IOException {
    LinkOption[] options = followLinks ? FOLLOW : NOFOLLOW;
    BasicFileAttributes attributes =
        POSIX
            ? Files.readAttributes(path, PosixFileAttributes.class, options)
            : Files.readAttributes(path, BasicFileAttributes.class, options);
    return new FileStat(
        attributes.isDirectory(),
        attributes.isRegularFile(),
        attributes.isSymbolicLink(),
        attributes.size(),
        attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS),
        inode(path, attributes, options));
  }

  /**
   * The inode, from the file key the JDK already read ({@code (dev=..,ino=..)} on Unix), so a stat
   * costs one system call; falls back to the {@code unix:ino} attribute.
   */
  private static long inode(Path path, BasicFileAttributes attributes, LinkOption[] options)
      throws IOException {
    Object key = attributes.fileKey();
    if (key == null) {
      return 0;
    }
    String text = key.toString();
    int start = text.indexOf("ino=");
    if (start >= 0) {
      int end = start + 4;
      while (end < text.length() && Character.isDigit(text.charAt(end))) {
        end++;
      }
      if (end > start + 4) {
        return Long.parseLong(text, start + 4, end, 10);
      }
    }
    Object ino = Files.getAttribute(path, "unix:ino", options);
    return ino instanceof Long value ? value : key.hashCode();
  }

  /** Any of the execute bits, as DVC's {@code isexec} (follows symlinks). */
  static boolean executable(Path file) throws IOException {
    if (!POSIX) {
      return Files.isExecutable(file);
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    return permissions.contains(PosixFilePermission.OWNER_EXECUTE)
        || permissions.contains(PosixFilePermission.GROUP_EXECUTE)
        || permissions.contains(PosixFilePermission.OTHERS_EXECUTE);
  }

  /** Same size, mtime and inode: the same version of the file as far as a stat can tell. */
  boolean sameVersion(FileStat other) {
    return size == other.size && mtimeNanos == other.mtimeNanos && inode == other.inode;
  }
}
