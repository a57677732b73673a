package io.edrplaybook.spi;

import io.edrplaybook.api.ConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A runner's settings: the JSON object under {@code runners.<id>} in a configuration file, or
 * what a host passes in code. Typed getters with defaults; a value of the wrong type is a
 * {@link ConfigurationException} naming the setting. Immutable and thread-safe.
 *
 * @param runnerId the id of the runner these settings are for
 * @param values the settings; JSON-like values
 */
public record RunnerSettings(String runnerId, Map<String, Object> values) {

  /** Validates and copies. */
  public RunnerSettings {
    Objects.requireNonNull(runnerId, "runnerId");
    values = values == null ? Map.of() : Map.copyOf(values);
  }

  /** Returns empty settings for {@code runnerId}. */
  public static RunnerSettings empty(String runnerId) {
    return new RunnerSettings(runnerId, Map.of());
  }

  /** Returns a copy with {@code key} set to {@code value}. */
  public RunnerSettings with(String key, Object value) {
    java.util.HashMap<String, Object> m = new java.util.HashMap<>(values);
    m.put(key, value);
    return new RunnerSettings(runnerId, m);
  }

  /** Returns the raw value of {@code key}, if set. */
  public Optional<Object> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /** Returns a text setting. */
  public String getString(String key, String defaultValue) {
    Object v = values.get(key);
    return v == null ? defaultValue : v.toString();
  }

  /** Returns an integer setting. */
  public int getInt(String key, int defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(v.toString().trim());
    } catch (NumberFormatException e) {
      throw bad(key, "must be an integer", v);
    }
  }

  /** Returns a long setting; accepts size suffixes {@code k}, {@code m}, {@code g} (binary). */
  public long getLong(String key, long defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Number n) {
      return n.longValue();
    }
    String s = v.toString().trim().toLowerCase(java.util.Locale.ROOT);
    long unit = 1;
    if (s.endsWith("kib") || s.endsWith("k")) {
      unit = 1024;
    } else if (s.endsWith("mib") || s.endsWith("m")) {
      unit = 1024 * 1024;
    } else if (s.endsWith("gib") || s.endsWith("g")) {
      unit = 1024L * 1024 * 1024;
    }
    try {
      return Long.parseLong(s.replaceAll("[a-z]+$", "").trim()) * unit;
    } catch (NumberFormatException e) {
      throw bad(key, "must be an integer, optionally with k, m or g", v);
    }
  }

  /** Returns a boolean setting. */
  public boolean getBoolean(String key, boolean defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    String s = v.toString().trim();
    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(s);
    }
    throw bad(key, "must be true or false", v);
  }

  /** Returns a duration setting: ISO-8601 ({@code PT30S}) or a number of milliseconds. */
  public Duration getDuration(String key, Duration defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Number n) {
      return Duration.ofMillis(n.longValue());
    }
    try {
      return Duration.parse(v.toString().trim());
    } catch (DateTimeParseException e) {
      throw bad(key, "must be an ISO-8601 duration such as PT30S", v);
    }
  }

  /** Returns a list-of-text setting; a single text becomes a list of one. */
  public List<String> getStrings(String key) {
    Object v = values.get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    return List.of(v.toString());
  }

  /** Returns a map-of-text setting. */
  public Map<String, String> getStringMap(String key) {
    Object v = values.get(key);
    if (v == null) {
      return Map.of();
    }
    if (v instanceof Map<?, ?> m) {
      java.util.LinkedHashMap<String, String> out = new java.util.LinkedHashMap<>();
      m.forEach((k, val) -> out.put(String.valueOf(k), String.valueOf(val)));
      return java.util.Collections.unmodifiableMap(out);
    }
    throw bad(key, "must be an object of names to values", v);
  }

  private ConfigurationException bad(String key, String what, Object v) {
    return new ConfigurationException("runners." + runnerId + "." + key, what + ", was \"" + v + "\"");
  }
}
