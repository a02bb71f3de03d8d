package dev.cairn.core.hash;

import dev.cairn.core.InvalidInputException;
import java.util.Locale;

/**
 * A DVC object id: 32 lowercase hex digits of MD5, with the suffix {@code .dir} for a directory
 * listing object. This is exactly the text DVC writes after {@code md5:} in a {@code .dvc} file.
 */
public record Oid(String value) implements Comparable<Oid> {
  private static final String DIR_SUFFIX = ".dir";
  private static final int MD5_HEX_LENGTH = 32;

  public Oid {
    if (!isValid(value)) {
      throw new IllegalArgumentException(
          "Cannot use object id: '"
              + value
              + "' (expected 32 lowercase hex digits, optionally .dir)");
    }
  }

  /**
   * Parses user or file input. Upper case is accepted and folded, as DVC does on load.
   *
   * @throws InvalidInputException if the text is not an object id
   */
  public static Oid parse(String text) {
    String folded = text.trim().toLowerCase(Locale.ROOT);
    if (!isValid(folded)) {
      throw new InvalidInputException(
          "Cannot read object id: '"
              + text
              + "' (expected 32 hex digits of MD5, optionally followed by .dir)");
    }
    return new Oid(folded);
  }

  /**
   * {@code [0-9a-f]{32}(\.dir)?}, checked by hand: ids are parsed once per file of every listing
   * (hundreds of thousands per command), where a regular expression costs more than the rest.
   */
  private static boolean isValid(String value) {
    int length = value.length();
    if (length != MD5_HEX_LENGTH
        && !(length == MD5_HEX_LENGTH + DIR_SUFFIX.length() && value.endsWith(DIR_SUFFIX))) {
      return false;
    }
    for (int i = 0; i < MD5_HEX_LENGTH; i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The id of a file object with the given MD5 hex. */
  public static Oid ofFile(String md5Hex) {
    return new Oid(md5Hex);
  }

  /** The id of a directory listing object whose bytes have the given MD5 hex. */
  public static Oid ofDir(String md5Hex) {
    return new Oid(md5Hex + DIR_SUFFIX);
  }

  public boolean isDir() {
    return value.endsWith(DIR_SUFFIX);
  }

  /** The 32 hex digits without the {@code .dir} suffix. */
  public String md5() {
    return value.substring(0, MD5_HEX_LENGTH);
  }

  /** Path below {@code files/md5/}: {@code ab/cdef...} (suffix kept), as DVC lays out objects. */
  public String shardedPath() {
    return value.substring(0, 2) + "/" + value.substring(2);
  }

  @Override
  public int compareTo(Oid other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
