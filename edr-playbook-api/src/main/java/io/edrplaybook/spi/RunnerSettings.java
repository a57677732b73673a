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
 * <p><b>Named instances.</b> Several runners of one kind, each with its own settings, are
 * instances: {@code runnerId} is the instance's id (what scripts name, e.g. {@code cpython2}) and
 * the reserved key {@value #TYPE} names the provider that creates it (e.g. {@code cpython}).
 * Without {@value #TYPE}, the runner id is the provider's id. The provider is given the settings
 * without {@value #TYPE} ({@link #withoutType()}).
 *
 * @param runnerId the id of the runner these settings are for: a provider's id, or an instance's
 * @param values the settings; JSON-like values
 */
public record RunnerSettings(String runnerId, Map<String, Object> values) {
  /** The reserved key naming the provider of a named instance: {@value}. */
  public static final String TYPE = "type";

  /** Validates and copies. */
  public RunnerSettings {
    Objects.requireNonNull(runnerId, "runnerId");
    values = values == null ? Map.of() : Map.copyOf(values);
  }

  /** Returns empty settings for {@code runnerId}. */
  public static RunnerSettings empty(String runnerId) {
    return new RunnerSettings(runnerId, Map.of());
  }

  /**
   * Returns the settings of a named instance of the runner {@code type}.
   *
   * @param id the instance's id, which scripts name, e.g. {@code cpython2}
   * @param type the id of the provider that creates it, e.g. {@code cpython}
   * @param values its settings
   */
  public static RunnerSettings instance(String id, String type, Map<String, Object> values) {
    Objects.requireNonNull(type, "type");
    java.util.HashMap<String, Object> m = new java.util.HashMap<>(Objects.requireNonNull(values, "values"));
    m.put(TYPE, type);
    return new RunnerSettings(id, m);
  }

  /** Returns the id of the provider that creates this runner: {@value #TYPE} when set, else {@link #runnerId()}. */
  public String type() {
    Object t = values.get(TYPE);
    return t == null || t.toString().isBlank() ? runnerId : t.toString().trim();
  }

  /** Returns these settings without the reserved key {@value #TYPE}: what the provider is given. */
  public RunnerSettings withoutType() {
    if (!values.containsKey(TYPE)) {
      return this;
    }
    java.util.HashMap<String, Object> m = new java.util.HashMap<>(values);
    m.remove(TYPE);
    return new RunnerSettings(runnerId, m);
  }

  /**
   * Returns every problem {@code read} finds in these settings, all at once even when {@code read}
   * stops at the first one: each setting is read on its own (the others absent), then, when each
   * is fine alone, all of them together (for rules between settings). A problem located under
   * another runner's id ({@code runners.cpython.workers} from a reader that names its provider's
   * id) is relocated under this one's ({@code runners.cpython2.workers}). For a provider's
   * {@link ScriptRunnerProvider#validate}: {@code settings.check(MySettings::from)}.
   *
   * @param read reads the settings, throwing {@link ConfigurationException} for what it refuses
   * @return the problems, each once, in the order of the keys; empty when none
   */
  public List<io.edrplaybook.api.ConfigurationProblem> check(java.util.function.Consumer<RunnerSettings> read) {
    Objects.requireNonNull(read, "read");
    java.util.LinkedHashSet<io.edrplaybook.api.ConfigurationProblem> problems = new java.util.LinkedHashSet<>();
    for (String key : new java.util.TreeSet<>(values.keySet())) {
      try {
        read.accept(new RunnerSettings(runnerId, Map.of(key, values.get(key))));
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    if (problems.isEmpty()) {
      try {
        read.accept(this);
      } catch (ConfigurationException e) {
        problems.addAll(e.problems());
      }
    }
    return problems.stream().map(this::relocated).distinct().toList();
  }

  private io.edrplaybook.api.ConfigurationProblem relocated(io.edrplaybook.api.ConfigurationProblem p) {
    String prefix = "runners.";
    int dot = p.path().indexOf('.', prefix.length());
    if (!p.path().startsWith(prefix) || dot < 0 || p.path().substring(prefix.length(), dot).equals(runnerId)) {
      return p;
    }
    return new io.edrplaybook.api.ConfigurationProblem(prefix + runnerId + p.path().substring(dot), p.message());
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

  /**
   * Returns a long setting. A text value may carry a size unit, as {@link #getSize} reads it
   * ({@code "10mb"} is 10485760); a unit that is not a size is refused.
   */
  public long getLong(String key, long defaultValue) {
    return getSize(key, defaultValue);
  }

  /**
   * Returns a size in bytes: a number, or a text with an optional binary unit, case-insensitive,
   * with or without a space: {@code k}, {@code kb}, {@code kib} (1024), {@code m}, {@code mb},
   * {@code mib}, {@code g}, {@code gb}, {@code gib}, or {@code b} (bytes). {@code "512k"},
   * {@code "10mb"}, {@code "1 GiB"}.
   *
   * @throws ConfigurationException naming the setting when the text is not such a size, has an
   *     unknown unit or does not fit in a long
   */
  public long getSize(String key, long defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Number n) {
      if (n instanceof Double || n instanceof Float) {
        if (n.doubleValue() != Math.rint(n.doubleValue())) {
          throw bad(key, "must be a whole number", v);
        }
      }
      return n.longValue();
    }
    java.util.regex.Matcher m = SIZE.matcher(v.toString().trim());
    if (!m.matches()) {
      throw bad(key, "must be a whole number, optionally with a unit k, kb, m, mb, g or gb (such as \"512k\", \"10mb\")", v);
    }
    String unit = m.group(2).toLowerCase(java.util.Locale.ROOT);
    long factor = switch (unit.isEmpty() ? ' ' : unit.charAt(0)) {
      case 'k' -> 1024L;
      case 'm' -> 1024L * 1024;
      case 'g' -> 1024L * 1024 * 1024;
      default -> 1L;
    };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), factor);
    } catch (ArithmeticException | NumberFormatException e) {
      throw bad(key, "is too large", v);
    }
  }

  private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile(
      "([-+]?[0-9]+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)", java.util.regex.Pattern.CASE_INSENSITIVE);

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
