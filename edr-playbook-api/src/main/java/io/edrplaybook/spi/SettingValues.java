package io.edrplaybook.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How {@link RunnerSettingsReader} reads one value: whole numbers, sizes, durations. */
final class SettingValues {
  private static final Pattern SIZE = Pattern.compile(
      "([-+]?[0-9]{1,19})\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)", Pattern.CASE_INSENSITIVE);
  private static final Pattern WHOLE = Pattern.compile("[-+]?[0-9]{1,19}");

  private SettingValues() {}

  /** A whole number, or null when {@code v} is not one (or does not fit in a long). */
  static Long whole(Object v) {
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof java.math.BigInteger b) {
      return b.bitLength() < 64 ? b.longValue() : null;
    }
    if (v instanceof Double || v instanceof Float || v instanceof java.math.BigDecimal) {
      try {
        return new java.math.BigDecimal(v.toString()).longValueExact();
      } catch (ArithmeticException | NumberFormatException e) {
        return null;
      }
    }
    if (v instanceof String s && WHOLE.matcher(s.trim()).matches()) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** A size in bytes; null when {@code v} is not one; {@link Long#MIN_VALUE} when it is too large. */
  static Long sizeOf(Object v) {
    if (v instanceof Number) {
      return whole(v);
    }
    if (!(v instanceof String s)) {
      return null;
    }
    Matcher m = SIZE.matcher(s.trim());
    if (!m.matches()) {
      return null;
    }
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    long factor = switch (unit.isEmpty() ? 'b' : unit.charAt(0)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      case 't' -> 1L << 40;
      default -> 1L;
    };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), factor);
    } catch (ArithmeticException | NumberFormatException e) {
      return Long.MIN_VALUE;
    }
  }

  /** A duration; null when {@code v} is not one. */
  static Duration durationOf(Object v) {
    Long millis = v instanceof String s && !WHOLE.matcher(s.trim()).matches() ? null : whole(v);
    if (millis != null) {
      return Duration.ofMillis(millis);
    }
    if (!(v instanceof String s)) {
      return null;
    }
    try {
      return Duration.parse(s.trim());
    } catch (DateTimeParseException | ArithmeticException e) {
      return null;
    }
  }

  /** A size for a message: {@code 16m} for 16 MiB, else the number. */
  static String showSize(long n) {
    for (String unit : new String[] {"t", "g", "m", "k"}) {
      long f = switch (unit) {
        case "t" -> 1L << 40;
        case "g" -> 1L << 30;
        case "m" -> 1L << 20;
        default -> 1L << 10;
      };
      if (n != 0 && n % f == 0) {
        return (n / f) + unit;
      }
    }
    return Long.toString(n);
  }
}
