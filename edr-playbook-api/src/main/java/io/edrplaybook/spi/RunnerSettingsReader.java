package io.edrplaybook.spi;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.ConfigurationProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a runner's {@link RunnerSettings} one key at a time, collecting every problem instead of
 * stopping at the first, so that a runner reports all of them at once and every runner reads
 * values the same way. A value that is refused is recorded as a problem at
 * {@code runners.<runner id>.<key>}, quoting the value and saying what would be right, and the
 * getter returns the default, so reading goes on. Values written as texts are read too (a
 * configuration's {@code ${env:...}} reference resolves to a text):
 *
 * <ul>
 *   <li><b>whole numbers</b>: a number without a fraction, or a text of digits ({@code "4"});
 *   <li><b>sizes</b> (bytes, or characters of output): a whole number, or a text with a binary
 *       unit, case-insensitive, with or without a space: {@code b}; {@code k}, {@code kb},
 *       {@code kib} (1024); {@code m}, {@code mb}, {@code mib} (1024<sup>2</sup>); {@code g},
 *       {@code gb}, {@code gib} (1024<sup>3</sup>); {@code t}, {@code tb}, {@code tib}
 *       (1024<sup>4</sup>). {@code "512k"}, {@code "10mb"}, {@code "1 GiB"}. Anything else, such as
 *       {@code "10 megs"} or {@code "1.5m"}, is refused;
 *   <li><b>durations</b>: ISO-8601 ({@code "PT2S"}, {@code "PT0.5S"}) or whole milliseconds;
 *   <li><b>booleans</b>: {@code true}/{@code false}, or those texts in any case;
 *   <li><b>choices</b>: an enum constant's name, in any case.
 * </ul>
 *
 * <p>Two settings have one meaning and one rule for every runner: {@value #OUTPUT_CAP} (a size,
 * 0 to 16m, default 64k; see {@link #outputCap()}) and {@value #GRACE} (a duration, PT0.1S to
 * PT5M, default PT2S; see {@link #grace()}).
 *
 * <p>Typical use in a runner's settings class:
 *
 * <pre>{@code
 * RunnerSettingsReader r = new RunnerSettingsReader(settings);
 * int workers = r.integer("workers", 4, 1, 256);
 * int outputCap = r.outputCap();
 * Duration grace = r.grace();
 * r.throwIfAny();
 * }</pre>
 *
 * <p>Not thread-safe; one instance per reading.
 */
public final class RunnerSettingsReader {
  /** The key of the output kept per run: {@value}. */
  public static final String OUTPUT_CAP = "outputCap";
  /** The key of the time a run may take past its deadline: {@value}. */
  public static final String GRACE = "grace";
  /** The default {@value #OUTPUT_CAP}: 64 KiB. */
  public static final int DEFAULT_OUTPUT_CAP = 64 * 1024;
  /** The largest {@value #OUTPUT_CAP}: 16 MiB. */
  public static final int MAX_OUTPUT_CAP = 16 << 20;
  /** The default {@value #GRACE}: 2 seconds. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);
  /** The shortest {@value #GRACE}: 100 ms. */
  public static final Duration MIN_GRACE = Duration.ofMillis(100);
  /** The longest {@value #GRACE}: 5 minutes. */
  public static final Duration MAX_GRACE = Duration.ofMinutes(5);

  private static final String SIZE_FORM = "a size such as 65536, \"512k\", \"10mb\" or \"1g\""
      + " (binary units b, k, m, g, t)";

  private final RunnerSettings settings;
  private final List<ConfigurationProblem> problems = new ArrayList<>();

  /**
   * Starts reading {@code settings}.
   *
   * @param settings the settings; never null
   */
  public RunnerSettingsReader(RunnerSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Returns the path of {@code key}: {@code runners.<runner id>.<key>}. */
  public String path(String key) {
    return "runners." + settings.runnerId() + "." + key;
  }

  /** Records a problem of {@code key} that the runner found itself, e.g. a rule between settings. */
  public RunnerSettingsReader problem(String key, String message) {
    problems.add(new ConfigurationProblem(path(key), Objects.requireNonNull(message, "message")));
    return this;
  }

  /**
   * Records the problems of {@code e}, such as those a settings record's constructor found; a
   * path naming another runner ({@code runners.cpython.workers} from a record that knows only its
   * provider's id) is put under this runner's id ({@code runners.cpython2.workers}).
   */
  public RunnerSettingsReader problems(ConfigurationException e) {
    for (ConfigurationProblem p : e.problems()) {
      problems.add(relocated(p));
    }
    return this;
  }

  /** Returns the problems found so far, each once, in the order they were found. */
  public List<ConfigurationProblem> problems() {
    return problems.stream().distinct().toList();
  }

  /** Throws a {@link ConfigurationException} listing every problem found, if any was. */
  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ConfigurationException(problems());
    }
  }

  /** Returns a whole number between {@code min} and {@code max}, or {@code otherwise} when unset or refused. */
  public int integer(String key, int otherwise, int min, int max) {
    Object v = settings.values().get(key);
    if (v == null) {
      return otherwise;
    }
    Long n = SettingValues.whole(v);
    if (n == null) {
      problem(key, "must be a whole number, was " + quote(v));
      return otherwise;
    }
    if (n < min || n > max) {
      problem(key, "must be between " + min + " and " + max + ", was " + quote(v));
      return otherwise;
    }
    return (int) (long) n;
  }

  /**
   * Returns a size between {@code min} and {@code max} (see the class comment for the units), or
   * {@code otherwise} when unset or refused.
   */
  public long size(String key, long otherwise, long min, long max) {
    Object v = settings.values().get(key);
    if (v == null) {
      return otherwise;
    }
    Long n = SettingValues.sizeOf(v);
    if (n == null) {
      problem(key, "must be " + SIZE_FORM + ", was " + quote(v));
      return otherwise;
    }
    if (n == Long.MIN_VALUE) {
      problem(key, "is too large, was " + quote(v));
      return otherwise;
    }
    if (n < min || n > max) {
      problem(key, "must be between " + SettingValues.showSize(min) + " and " + SettingValues.showSize(max)
          + ", was " + quote(v) + (v instanceof String ? " (" + n + ")" : ""));
      return otherwise;
    }
    return n;
  }

  /**
   * Returns a duration between {@code min} and {@code max}, ISO-8601 or whole milliseconds, or
   * {@code otherwise} when unset or refused.
   */
  public Duration duration(String key, Duration otherwise, Duration min, Duration max) {
    Object v = settings.values().get(key);
    if (v == null) {
      return otherwise;
    }
    Duration d = SettingValues.durationOf(v);
    if (d == null) {
      problem(key, "must be an ISO-8601 duration such as \"PT2S\", or whole milliseconds, was " + quote(v));
      return otherwise;
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      problem(key, "must be between " + min + " and " + max + ", was " + quote(v));
      return otherwise;
    }
    return d;
  }

  /** Returns a boolean, or {@code otherwise} when unset or refused. */
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
    problem(key, "must be true or false, was " + quote(v));
    return otherwise;
  }

  /** Returns the constant of {@code otherwise}'s enum named by the value, in any case; {@code otherwise} when unset or refused. */
  public <E extends Enum<E>> E choice(String key, E otherwise) {
    Objects.requireNonNull(otherwise, "otherwise");
    Object v = settings.values().get(key);
    if (v == null) {
      return otherwise;
    }
    String s = v.toString().trim();
    for (E e : otherwise.getDeclaringClass().getEnumConstants()) {
      if (e.name().equalsIgnoreCase(s)) {
        return e;
      }
    }
    problem(key, "must be one of " + java.util.Arrays.stream(otherwise.getDeclaringClass().getEnumConstants())
        .map(e -> e.name().toLowerCase(Locale.ROOT)).toList() + ", was " + quote(v));
    return otherwise;
  }

  /** Returns a text (a number or boolean as written), or {@code otherwise} when unset or refused. */
  public String text(String key, String otherwise) {
    Object v = settings.values().get(key);
    if (v == null) {
      return otherwise;
    }
    if (v instanceof Map || v instanceof List) {
      problem(key, "must be a text, was " + kind(v));
      return otherwise;
    }
    return v.toString();
  }

  /** Returns a list of texts; a single text is a list of one; empty when unset or refused. */
  public List<String> texts(String key) {
    Object v = settings.values().get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof List<?> l) {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        Object e = l.get(i);
        if (e == null || e instanceof Map || e instanceof List) {
          problem(key + "[" + i + "]", "must be a text, was " + kind(e));
        } else {
          out.add(e.toString());
        }
      }
      return List.copyOf(out);
    }
    problem(key, "must be a list of texts, or one text, was " + quote(v));
    return List.of();
  }

  /** Returns an object of names to texts; empty when unset or refused. */
  public Map<String, String> textMap(String key) {
    Object v = settings.values().get(key);
    if (v == null) {
      return Map.of();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, String> out = new LinkedHashMap<>();
      m.forEach((k, val) -> {
        if (val == null || val instanceof Map || val instanceof List) {
          problem(key + "." + k, "must be a text, was " + kind(val));
        } else {
          out.put(String.valueOf(k), val.toString());
        }
      });
      return java.util.Collections.unmodifiableMap(out);
    }
    problem(key, "must be an object of names to texts, was " + quote(v));
    return Map.of();
  }

  /** Returns {@value #OUTPUT_CAP}: a size from 0 to {@link #MAX_OUTPUT_CAP}, default {@link #DEFAULT_OUTPUT_CAP}. */
  public int outputCap() {
    return (int) size(OUTPUT_CAP, DEFAULT_OUTPUT_CAP, 0, MAX_OUTPUT_CAP);
  }

  /** Returns {@value #GRACE}: a duration from {@link #MIN_GRACE} to {@link #MAX_GRACE}, default {@link #DEFAULT_GRACE}. */
  public Duration grace() {
    return duration(GRACE, DEFAULT_GRACE, MIN_GRACE, MAX_GRACE);
  }

  /**
   * Returns the problem of an {@value #OUTPUT_CAP} out of range, for a settings record's
   * constructor; null when it is fine.
   */
  public static ConfigurationProblem checkOutputCap(String runnerId, long outputCap) {
    return outputCap < 0 || outputCap > MAX_OUTPUT_CAP ? new ConfigurationProblem("runners." + runnerId + "."
        + OUTPUT_CAP, "must be between 0 and " + SettingValues.showSize(MAX_OUTPUT_CAP) + ", was " + outputCap) : null;
  }

  /** Returns the problem of a {@value #GRACE} out of range, for a settings record's constructor; null when it is fine. */
  public static ConfigurationProblem checkGrace(String runnerId, Duration grace) {
    return grace.compareTo(MIN_GRACE) < 0 || grace.compareTo(MAX_GRACE) > 0 ? new ConfigurationProblem("runners."
        + runnerId + "." + GRACE, "must be between " + MIN_GRACE + " and " + MAX_GRACE + ", was " + grace) : null;
  }

  private ConfigurationProblem relocated(ConfigurationProblem p) {
    String prefix = "runners.";
    int dot = p.path().indexOf('.', prefix.length());
    if (!p.path().startsWith(prefix) || dot < 0) {
      return p;
    }
    return new ConfigurationProblem(prefix + settings.runnerId() + p.path().substring(dot), p.message());
  }

  private static String quote(Object v) {
    if (v instanceof Map || v instanceof List) {
      return kind(v);
    }
    return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
  }

  private static String kind(Object v) {
    return v == null ? "null" : v instanceof Map ? "an object" : v instanceof List ? "a list" : quote(v);
  }
}
