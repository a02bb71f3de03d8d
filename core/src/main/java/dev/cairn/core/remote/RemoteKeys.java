package dev.cairn.core.remote;

import dev.cairn.core.InvalidInputException;

/** Checks object keys before a backend turns them into paths or S3 keys. */
public final class RemoteKeys {
  private RemoteKeys() {}

  /**
   * Returns {@code key} if it is a relative {@code /}-separated path without empty, {@code .} or
   * {@code ..} segments and without backslashes or control characters.
   *
   * @throws InvalidInputException otherwise
   */
  public static String check(String key) {
    boolean ok = !key.isEmpty() && !key.startsWith("/") && !key.endsWith("/");
    for (int i = 0; ok && i < key.length(); i++) {
      char c = key.charAt(i);
      ok = c >= 0x20 && c != 0x7f && c != '\\';
    }
    if (ok) {
      for (String segment : key.split("/", -1)) {
        if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
          ok = false;
          break;
        }
      }
    }
    if (!ok) {
      throw new InvalidInputException(
          "Cannot use remote object key: '"
              + key
              + "' (keys are relative paths like files/md5/ab/cdef...)");
    }
    return key;
  }

  /**
   * A list prefix: like a key, but may be empty or end with {@code /} or a partial segment.
   *
   * @throws InvalidInputException if it could escape the remote's root
   */
  public static String checkPrefix(String prefix) {
    if (prefix.isEmpty()) {
      return prefix;
    }
    String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    check(trimmed);
    return prefix;
  }
}
