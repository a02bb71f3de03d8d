package dev.cairn.steps.common;

import dev.cairn.core.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks the files that hold credentials before anything uses them, so a bad mount fails with one
 * line naming the file instead of a stack trace from deep inside an SSH or S3 client. Only metadata
 * is read here, never the secret itself.
 */
final class SecretFiles {
  private SecretFiles() {}

  /** The file exists and is readable; {@code what} names it in messages ("SSH key"). */
  static Path readable(Path file, String what, String option) {
    if (!Files.exists(file)) {
      throw new ConfigurationException(
          "Cannot read " + what + " " + file + ": no such file (check " + option + ")");
    }
    if (!Files.isRegularFile(file)) {
      throw new ConfigurationException(
          "Cannot read " + what + " " + file + ": not a regular file (check " + option + ")");
    }
    if (!Files.isReadable(file)) {
      throw new ConfigurationException(
          "Cannot read "
              + what
              + " "
              + file
              + ": permission denied (make it readable by this user, uid of the step)");
    }
    return file;
  }

  /**
   * A private key: readable, and neither readable by others nor writable by anyone but the owner
   * (group read is allowed, as Kubernetes grants it with {@code fsGroup}). A key on a read-only
   * file system is accepted whatever its mode: Kubernetes mounts Secret and projected volumes
   * read-only, inside the pod only, and KFP (kfp-kubernetes) cannot set their {@code defaultMode},
   * so such keys show 0644.
   */
  static Path privateKey(Path file, String option) {
    return privateKey(file, option, SecretFiles::onReadOnlyFileSystem);
  }

  static Path privateKey(Path file, String option, Predicate<Path> readOnlyMount) {
    readable(file, "SSH key", option);
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException | IOException e) {
      return file;
    }
    if (permissions.contains(PosixFilePermission.OTHERS_READ)
        || permissions.contains(PosixFilePermission.OTHERS_WRITE)
        || permissions.contains(PosixFilePermission.GROUP_WRITE)) {
      if (readOnlyMount.test(file)) {
        return file;
      }
      throw new ConfigurationException(
          "Cannot use SSH key "
              + file
              + ": its permissions are too open (chmod 600 it, or set defaultMode: 0400 on the"
              + " Secret volume)");
    }
    return file;
  }

  private static boolean onReadOnlyFileSystem(Path file) {
    try {
      return Files.getFileStore(file).isReadOnly();
    } catch (IOException e) {
      return false;
    }
  }
}
