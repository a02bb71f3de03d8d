package dev.cairn.steps.common;

import java.util.List;

/**
 * The log levels of the libraries that talk to servers. By default (simplelogger.properties) MINA
 * SSHD, JGit and the Azure and Google Cloud SDKs log only errors: their warnings about a lost
 * connection would surround the one {@code error:} line Cairn prints for it. With {@code --verbose}
 * their warnings show again.
 */
final class LibraryLogging {
  static final List<String> QUIET_LOGGERS =
      List.of("org.apache.sshd", "org.eclipse.jgit", "com.azure", "com.google.cloud");

  private LibraryLogging() {}

  /**
   * Shows the libraries' warnings. Takes effect for loggers created afterwards, which is all of
   * them when called before the command runs; a level set with {@code -D} is kept.
   */
  static void showWarnings() {
    for (String logger : QUIET_LOGGERS) {
      String key = "org.slf4j.simpleLogger.log." + logger;
      if (System.getProperty(key) == null) {
        System.setProperty(key, "warn");
      }
    }
  }
}
