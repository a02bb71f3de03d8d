package dev.cairn.core;

import org.jspecify.annotations.Nullable;

/**
 * Configuration or credentials are missing or wrong: no remote configured, an unreadable key file,
 * an unwritable cache. Exit code 3.
 */
public class ConfigurationException extends CairnException {
  private static final long serialVersionUID = 1L;

  public ConfigurationException(String message) {
    super(message);
  }

  public ConfigurationException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
