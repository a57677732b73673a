package io.edrplaybook.subprocess.internal;

import io.edrplaybook.api.internal.Problems;
import io.edrplaybook.spi.RunnerSettings;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code cpython} runner's settings one key at a time, recording every problem (with
 * its path) instead of stopping at the first. Not thread-safe; one instance per reading.
 */
public final class SettingsReader {
  private static final Pattern SIZE = Pattern.compile(
      "(\\d{1,15})\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)");

  private final RunnerSettings settings;
  private final Problems problems;

  /**
   * @param settings the settings to read
   * @param problems where problems go
   */
  public SettingsReader(RunnerSettings settings, Problems problems) {
    this.settings = settings;
    this.problems = problems;
  }

  /** Returns the path of {@code key}, e.g. {@code runners.cpython.workers}. */
  public String path(String key) {
    return "runners." + settings.runnerId() + "." + key;
  }

  /** An integer, or {@code otherwise} when unset or not an integer (then a problem is recorded). */
  public int integer(String key, int otherwise) {
    Object v = settings.values().get(key);
    if (v == null) {
      return otherwise;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      long n = ((Number) v).longValue();
      if (n == (int) n) {
        return (int) n;
      }
    } else if (v instanceof String s && s.trim().matches("-?\\d{1,10}")) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        // recorded below
      }
    }
    problems.add(path(key), "must be a whole number, was " + Problems.quote(v));
    return otherwise;
  }

  /**
   * A size in bytes (or characters): a whole number, or a text like {@code 512k}, {@code 10mb},
   * {@code 1GiB} (binary units); {@code otherwise} when unset or unreadable.
   */
  public long size(String key, long otherwise) {
    Object v = settings.values().get(key);
    if (v == null) {
      return otherwise;
    }
    if (v instanceof Integer || v instanceof Long) {
      return ((Number) v).longValue();
    }
    Matcher m = SIZE.matcher(v.toString().trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long unit = switch (m.group(2).isEmpty() ? 'b' : m.group(2).charAt(0)) {
        case 'k' -> 1L << 10;
        case 'm' -> 1L << 20;
        case 'g' -> 1L << 30;
        case 't' -> 1L << 40;
        default -> 1L;
      };
      long n = Long.parseLong(m.group(1));
      if (n <= Long.MAX_VALUE / unit) {
        return n * unit;
      }
    }
    problems.add(path(key), "must be a size such as 65536, 512k, 10mb or 1g, was "
        + Problems.quote(v));
    return otherwise;
  }

  /** A duration: ISO-8601 ({@code PT2S}) or milliseconds. */
  public Duration duration(String key, Duration otherwise) {
    Object v = settings.values().get(key);
    if (v == null) {
      return otherwise;
    }
    if (v instanceof Integer || v instanceof Long) {
      return Duration.ofMillis(((Number) v).longValue());
    }
    try {
      return Duration.parse(v.toString().trim());
    } catch (DateTimeParseException | ArithmeticException e) {
      problems.add(path(key), "must be an ISO-8601 duration such as PT2S, or milliseconds, was "
          + Problems.quote(v));
      return otherwise;
    }
  }

  /** A boolean: {@code true}/{@code false}. */
  public boolean bool(String key, boolean otherwise) {
    Object v = settings.values().get(key);
    if (v == null) {
      return otherwise;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().trim();
    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(s);
    }
    problems.add(path(key), "must be true or false, was " + Problems.quote(v));
    return otherwise;
  }

  /** One of {@code choices} (case-insensitive), returned in upper case. */
  public String choice(String key, String otherwise, List<String> choices) {
    Object v = settings.values().get(key);
    if (v == null) {
      return otherwise;
    }
    String s = v.toString().trim().toUpperCase(Locale.ROOT);
    if (choices.contains(s)) {
      return s;
    }
    problems.add(path(key), "must be one of " + String.join(", ", choices.stream()
        .map(c -> c.toLowerCase(Locale.ROOT)).toList()) + ", was " + Problems.quote(v));
    return otherwise;
  }

  /** A text. */
  public String text(String key, String otherwise) {
    Object v = settings.values().get(key);
    return v == null ? otherwise : v.toString();
  }

  /** A list of texts; a single text is a list of one. */
  public List<String> texts(String key) {
    Object v = settings.values().get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    if (v instanceof String s) {
      return List.of(s);
    }
    problems.add(path(key), "must be a list of folders, was " + Problems.quote(v));
    return List.of();
  }

  /** An object of names to texts. */
  public Map<String, String> textMap(String key) {
    Object v = settings.values().get(key);
    if (v == null) {
      return Map.of();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, String> out = new LinkedHashMap<>();
      m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
      return out;
    }
    problems.add(path(key), "must be an object of names to values, was " + Problems.quote(v));
    return Map.of();
  }
}
