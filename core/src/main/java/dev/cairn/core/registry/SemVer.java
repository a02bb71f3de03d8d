package dev.cairn.core.registry;

import dev.cairn.core.InvalidInputException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A GTO version: a lowercase {@code v} followed by SemVer 2.0 ({@code v1.2.3}, {@code v1.0.0-rc.2},
 * {@code v1.0.0+build.5}). Ordered by SemVer precedence; build metadata is ignored for order.
 */
public record SemVer(
    BigInteger major,
    BigInteger minor,
    BigInteger patch,
    @Nullable String prerelease,
    @Nullable String build)
    implements Comparable<SemVer> {

  static final String CORE_REGEX =
      "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
          + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?";
  private static final Pattern VERSION = Pattern.compile("v" + CORE_REGEX);

  /** GTO's first automatic version. */
  public static final SemVer FIRST = new SemVer(BigInteger.ZERO, BigInteger.ZERO, BigInteger.ONE);

  public SemVer {
    if (major.signum() < 0 || minor.signum() < 0 || patch.signum() < 0) {
      throw new IllegalArgumentException("Cannot use version: negative component");
    }
    String text = format(major, minor, patch, prerelease, build);
    if (!VERSION.matcher(text).matches()) {
      throw new IllegalArgumentException("Cannot use version: '" + text + "' (not SemVer 2.0)");
    }
  }

  public SemVer(BigInteger major, BigInteger minor, BigInteger patch) {
    this(major, minor, patch, null, null);
  }

  /**
   * Parses {@code vX.Y.Z[-pre][+build]} exactly as GTO accepts it (lowercase {@code v} required).
   *
   * @throws InvalidInputException if the text is not a GTO version
   */
  public static SemVer parse(String text) {
    return tryParse(text)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "Cannot read version: '"
                        + text
                        + "' (expected v<major>.<minor>.<patch>, e.g. v1.2.3, as GTO requires)"));
  }

  /** Like {@link #parse} but empty when the text is not a version. */
  public static Optional<SemVer> tryParse(String text) {
    Matcher m = VERSION.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new SemVer(
            new BigInteger(m.group(1)),
            new BigInteger(m.group(2)),
            new BigInteger(m.group(3)),
            m.group(4),
            m.group(5)));
  }

  public static boolean isValid(String text) {
    return VERSION.matcher(text).matches();
  }

  /**
   * The next version by {@code bump}, as GTO (python-semver) bumps: lower parts reset, suffixes
   * dropped.
   */
  public SemVer bump(Bump bump) {
    return switch (bump) {
      case MAJOR -> new SemVer(major.add(BigInteger.ONE), BigInteger.ZERO, BigInteger.ZERO);
      case MINOR -> new SemVer(major, minor.add(BigInteger.ONE), BigInteger.ZERO);
      case PATCH -> new SemVer(major, minor, patch.add(BigInteger.ONE));
    };
  }

  @Override
  public int compareTo(SemVer o) {
    int c = major.compareTo(o.major);
    if (c == 0) {
      c = minor.compareTo(o.minor);
    }
    if (c == 0) {
      c = patch.compareTo(o.patch);
    }
    if (c != 0) {
      return c;
    }
    return comparePrerelease(prerelease, o.prerelease);
  }

  private static int comparePrerelease(@Nullable String a, @Nullable String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    List<String> left = List.of(a.split("\\.", -1));
    List<String> right = List.of(b.split("\\.", -1));
    for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
      String x = left.get(i);
      String y = right.get(i);
      boolean xNum = x.chars().allMatch(Character::isDigit);
      boolean yNum = y.chars().allMatch(Character::isDigit);
      int c;
      if (xNum && yNum) {
        c = new BigInteger(x).compareTo(new BigInteger(y));
      } else if (xNum || yNum) {
        c = xNum ? -1 : 1;
      } else {
        c = x.compareTo(y);
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(left.size(), right.size());
  }

  private static String format(
      BigInteger major,
      BigInteger minor,
      BigInteger patch,
      @Nullable String prerelease,
      @Nullable String build) {
    return "v"
        + major
        + "."
        + minor
        + "."
        + patch
        + (prerelease == null ? "" : "-" + prerelease)
        + (build == null ? "" : "+" + build);
  }

  @Override
  public String toString() {
    return format(major, minor, patch, prerelease, build);
  }
}
