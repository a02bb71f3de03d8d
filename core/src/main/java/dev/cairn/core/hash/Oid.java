package dev.cairn.core.hash;

import dev.cairn.core.InvalidInputException;
import java.util.HexFormat;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A DVC object id: 32 lowercase hex digits of MD5, with the suffix {@code .dir} for a directory
 * listing object. This is exactly the text DVC writes after {@code md5:} in a {@code .dvc} file.
 *
 * <p>Held as the 16 bytes of the MD5 (two longs) rather than its text: a listing of a million files
 * holds a million ids, and the text would cost about 56 bytes more each.
 */
public final class Oid implements Comparable<Oid> {
  private static final String DIR_SUFFIX = ".dir";
  private static final int MD5_HEX_LENGTH = 32;
  private static final HexFormat HEX = HexFormat.of();

  private final long high;
  private final long low;
  private final boolean dir;

  private Oid(String value) {
    if (!isValid(value)) {
      throw new IllegalArgumentException(
          "Cannot use object id: '"
              + value
              + "' (expected 32 lowercase hex digits, optionally .dir)");
    }
    this.high = HexFormat.fromHexDigitsToLong(value, 0, 16);
    this.low = HexFormat.fromHexDigitsToLong(value, 16, MD5_HEX_LENGTH);
    this.dir = value.length() > MD5_HEX_LENGTH;
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

  /** The id as DVC writes it: 32 hex digits, then {@code .dir} for a listing. */
  public String value() {
    return dir ? md5() + DIR_SUFFIX : md5();
  }

  public boolean isDir() {
    return dir;
  }

  /** The 32 hex digits without the {@code .dir} suffix. */
  public String md5() {
    return HEX.toHexDigits(high) + HEX.toHexDigits(low);
  }

  /** Appends {@link #value()} to {@code out} without making a string of it. */
  void appendTo(StringBuilder out) {
    out.append(HEX.toHexDigits(high)).append(HEX.toHexDigits(low));
    if (dir) {
      out.append(DIR_SUFFIX);
    }
  }

  /** Path below {@code files/md5/}: {@code ab/cdef...} (suffix kept), as DVC lays out objects. */
  public String shardedPath() {
    String value = value();
    return value.substring(0, 2) + "/" + value.substring(2);
  }

  /** Orders as the text of {@link #value()} does. */
  @Override
  public int compareTo(Oid other) {
    int order = Long.compareUnsigned(high, other.high);
    if (order == 0) {
      order = Long.compareUnsigned(low, other.low);
    }
    return order != 0 ? order : Boolean.compare(dir, other.dir);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Oid oid && oid.high == high && oid.low == low && oid.dir == dir;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(high * 31 + low) ^ (dir ? 1 : 0);
  }

  @Override
  public String toString() {
    return value();
  }
}
