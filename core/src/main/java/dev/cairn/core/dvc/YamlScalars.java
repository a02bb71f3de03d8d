package dev.cairn.core.dvc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How ruamel.yaml (YAML 1.2 resolver, the one DVC's round-trip dumper uses) types a plain scalar,
 * and how it writes non-string values.
 */
final class YamlScalars {
  private YamlScalars() {}

  static final Pattern BOOL = Pattern.compile("true|True|TRUE|false|False|FALSE");
  static final Pattern FLOAT =
      Pattern.compile(
          "[-+]?[0-9][0-9_]*\\.[0-9_]*(?:[eE][-+]?[0-9]+)?"
              + "|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+"
              + "|[-+]?\\.[0-9_]+(?:[eE][-+][0-9]+)?"
              + "|[-+]?\\.(?:inf|Inf|INF)"
              + "|\\.(?:nan|NaN|NAN)");
  static final Pattern INT =
      Pattern.compile("[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+");
  static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  static final Pattern TIMESTAMP =
      Pattern.compile(
          "[0-9]{4}-[0-9]{2}-[0-9]{2}"
              + "|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \\t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
              + "(?:\\.[0-9]*)?(?:[ \\t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?");
  static final Pattern OTHER = Pattern.compile("<<|=");

  /** True when a plain scalar with this text would not load as a string. */
  static boolean resolvesToNonString(String text) {
    return BOOL.matcher(text).matches()
        || FLOAT.matcher(text).matches()
        || INT.matcher(text).matches()
        || NULL.matcher(text).matches()
        || TIMESTAMP.matcher(text).matches()
        || OTHER.matcher(text).matches();
  }

  /**
   * The value of a plain scalar: null, Boolean, Long/BigInteger, Double, or the text itself
   * (strings, timestamps and the merge/value indicators stay text).
   */
  static @Nullable Object resolvePlain(String text) {
    if (NULL.matcher(text).matches()) {
      return null;
    }
    if (BOOL.matcher(text).matches()) {
      return text.toLowerCase(Locale.ROOT).equals("true");
    }
    if (INT.matcher(text).matches()) {
      return parseInt(text.replace("_", ""));
    }
    if (FLOAT.matcher(text).matches()) {
      String t = text.replace("_", "").toLowerCase(Locale.ROOT);
      if (t.endsWith(".nan")) {
        return Double.NaN;
      }
      if (t.endsWith(".inf")) {
        return t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      }
      return Double.parseDouble(t);
    }
    return text;
  }

  private static Object parseInt(String t) {
    boolean negative = t.startsWith("-");
    String body = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
    BigInteger value;
    if (body.isEmpty()) {
      value = BigInteger.ZERO;
    } else if (body.startsWith("0b")) {
      value = new BigInteger(body.substring(2), 2);
    } else if (body.startsWith("0x")) {
      value = new BigInteger(body.substring(2), 16);
    } else if (body.startsWith("0o")) {
      value = new BigInteger(body.substring(2), 8);
    } else {
      value = new BigInteger(body);
    }
    if (negative) {
      value = value.negate();
    }
    return value.bitLength() < 64 ? (Object) value.longValue() : value;
  }

  /** The text ruamel writes for a non-string scalar value. */
  static String format(Object value) {
    if (value instanceof Boolean b) {
      return b ? "true" : "false";
    }
    if (value instanceof Double d) {
      return pythonFloatRepr(d);
    }
    return value.toString();
  }

  /** Python's {@code repr(float)}, lowercased, which is what ruamel writes for a float. */
  static String pythonFloatRepr(double d) {
    if (Double.isNaN(d)) {
      return ".nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? ".inf" : "-.inf";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = exact.unscaledValue().toString();
    int exponent = digits.length() - 1 - exact.scale(); // position of the first digit
    String sign = d < 0 ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
      String mantissa =
          digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String exp = String.format(Locale.ROOT, "%02d", Math.abs(exponent));
      return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }
    String plain = exact.toPlainString();
    if (!plain.contains(".")) {
      plain = plain + ".0";
    }
    return sign + plain;
  }
}
