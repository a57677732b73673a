package io.edrplaybook.spi;

import io.edrplaybook.api.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A runner's settings: the JSON object under {@code runners.<id>} in a configuration file, or
 * what a host passes in code. Typed getters with defaults; a value of the wrong type is a
 * {@link ConfigurationException} naming the setting. The getters read values as
 * {@link RunnerSettingsReader} does (sizes with binary units, durations ISO-8601 or
 * milliseconds, numbers and booleans also as texts); a runner reads its settings with a
 * {@link RunnerSettingsReader} to report every problem at once. Immutable and thread-safe.
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

  /** Returns a text setting (a number or boolean as written). */
  public String getString(String key, String defaultValue) {
    return read(r -> r.text(key, defaultValue));
  }

  /**
   * Returns an integer setting: a whole number, or a text of digits.
   *
   * @throws ConfigurationException naming the setting when it is not a whole number or does not
   *     fit in an int ({@code 2.5} is refused, not read as 2)
   */
  public int getInt(String key, int defaultValue) {
    return read(r -> r.integer(key, defaultValue, Integer.MIN_VALUE, Integer.MAX_VALUE));
  }

  /**
   * Returns a long setting. A text value may carry a size unit, as {@link #getSize} reads it
   * ({@code "10mb"} is 10485760, never 10); a unit that is not a size is refused.
   */
  public long getLong(String key, long defaultValue) {
    return getSize(key, defaultValue);
  }

  /**
   * Returns a size in bytes: a whole number, or a text with an optional binary unit,
   * case-insensitive, with or without a space: {@code b}; {@code k}, {@code kb}, {@code kib}
   * (1024); {@code m}, {@code mb}, {@code mib}; {@code g}, {@code gb}, {@code gib}; {@code t},
   * {@code tb}, {@code tib}. {@code "512k"}, {@code "10mb"}, {@code "1 GiB"}. Read as
   * {@link RunnerSettingsReader#size} reads it.
   *
   * @throws ConfigurationException naming the setting when the value is not such a size, has an
   *     unknown unit or does not fit in a long
   */
  public long getSize(String key, long defaultValue) {
    return read(r -> r.size(key, defaultValue, Long.MIN_VALUE + 1, Long.MAX_VALUE));
  }

  /** Returns a boolean setting: true or false, or those texts in any case. */
  public boolean getBoolean(String key, boolean defaultValue) {
    return read(r -> r.bool(key, defaultValue));
  }

  /** Returns a duration setting: ISO-8601 ({@code PT30S}) or whole milliseconds. */
  public Duration getDuration(String key, Duration defaultValue) {
    return read(r -> r.duration(key, defaultValue, Duration.ofSeconds(Long.MIN_VALUE),
        Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
  }

  /** Returns a list-of-text setting; a single text becomes a list of one. */
  public List<String> getStrings(String key) {
    return read(r -> r.texts(key));
  }

  /** Returns a map-of-text setting. */
  public Map<String, String> getStringMap(String key) {
    return read(r -> r.textMap(key));
  }

  private <T> T read(java.util.function.Function<RunnerSettingsReader, T> getter) {
    RunnerSettingsReader r = new RunnerSettingsReader(this);
    T value = getter.apply(r);
    r.throwIfAny();
    return value;
  }
}
