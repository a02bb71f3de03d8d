package dev.cairn.core.git;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Where JGit keeps its own settings file ({@code $XDG_CONFIG_HOME/jgit/config}, by default under
 * the home directory), in which it records what it measured of each file system (timestamp
 * resolution). In a pod the home directory is on a read-only root file system: JGit then logs an
 * error with a stack trace at every run and measures again. When that directory cannot be created
 * or written, the file goes into the work directory instead (once per JVM: the first work dir
 * wins).
 */
final class JGitConfigHome {
  private static boolean installed;

  private JGitConfigHome() {}

  static synchronized void useWorkDirIfHomeUnwritable(Path workDir) {
    if (installed) {
      return;
    }
    installed = true;
    SystemReader current = SystemReader.getInstance();
    Path dir = current.getXdgConfigDirectory(FS.DETECTED);
    if (dir != null && writable(dir.resolve("jgit"))) {
      return;
    }
    File file = workDir.resolve("jgit-config").toFile();
    SystemReader.setInstance(
        new SystemReader.Delegate(current) {
          @Override
          public FileBasedConfig openJGitConfig(Config parent, FS fs) {
            return new FileBasedConfig(parent, file, fs);
          }
        });
  }

  private static boolean writable(Path dir) {
    try {
      Files.createDirectories(dir);
      return Files.isWritable(dir);
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }
}
