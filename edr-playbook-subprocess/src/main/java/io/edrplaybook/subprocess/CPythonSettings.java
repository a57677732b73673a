package io.edrplaybook.subprocess;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.internal.Problems;
import io.edrplaybook.spi.RunnerSettings;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of the {@code cpython} runner, read from {@link RunnerSettings} (the JSON object
 * under {@code runners.cpython}). Every key is optional:
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>key</th><th>meaning</th><th>default</th></tr>
 * <tr><td>{@code interpreter}</td><td>a path, or a name looked up on {@code PATH}; a virtualenv's
 *     {@code python} gives scripts that venv's packages</td><td>{@code python3}, then {@code python}</td></tr>
 * <tr><td>{@code workers}</td><td>how many Python processes run scripts at once</td><td>available processors</td></tr>
 * <tr><td>{@code mode}</td><td>{@code POOLED}: persistent workers, a fresh namespace every run;
 *     {@code ISOLATED}: a new process every run</td><td>{@code POOLED}</td></tr>
 * <tr><td>{@code outputCap}</td><td>captured output kept per run, in characters</td><td>64 KiB</td></tr>
 * <tr><td>{@code memoryLimit}</td><td>address-space limit of each worker ({@code RLIMIT_AS});
 *     0 for none</td><td>1 GiB</td></tr>
 * <tr><td>{@code runsPerWorker}</td><td>runs after which a worker is replaced</td><td>10000</td></tr>
 * <tr><td>{@code environment}</td><td>extra environment variables of the workers, whose environment is
 *     otherwise minimal ({@code PATH}, {@code HOME}, {@code LANG=C.UTF-8}, ...)</td><td>none</td></tr>
 * <tr><td>{@code sitePackages}</td><td>whether scripts can import installed packages</td><td>true</td></tr>
 * <tr><td>{@code grace}</td><td>how long past a deadline a run may take to return</td><td>{@code PT2S}</td></tr>
 * </table>
 *
 * @param interpreter the configured interpreter; empty for {@code python3}, then {@code python}
 * @param workers the number of workers, at least 1
 * @param mode pooled or isolated
 * @param outputCap characters of output kept per run, at least 0
 * @param memoryLimit bytes of address space per worker, 0 for no limit
 * @param runsPerWorker runs before a worker is replaced, at least 1
 * @param environment extra environment variables; never put secrets here, pass them in ctx
 * @param sitePackages whether the interpreter's site-packages are importable
 * @param grace how long past a deadline {@code run} may take to return
 */
public record CPythonSettings(Optional<String> interpreter, int workers, Mode mode, int outputCap,
    long memoryLimit, int runsPerWorker, Map<String, String> environment, boolean sitePackages,
    Duration grace) {

  /** How workers are used. */
  public enum Mode {
    /** Persistent workers; every run gets fresh module globals. */
    POOLED,
    /** A new Python process for every run (slower; nothing survives a run). */
    ISOLATED
  }

  /** Validates and copies. */
  public CPythonSettings {
    Objects.requireNonNull(interpreter, "interpreter");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(grace, "grace");
    environment = Map.copyOf(environment);
    Problems problems = new Problems();
    if (workers < 1) {
      problems.add(path("workers"), "must be at least 1, was " + workers);
    }
    if (outputCap < 0) {
      problems.add(path("outputCap"), "must not be negative, was " + outputCap);
    }
    if (memoryLimit < 0) {
      problems.add(path("memoryLimit"), "must not be negative, was " + memoryLimit);
    }
    if (runsPerWorker < 1) {
      problems.add(path("runsPerWorker"), "must be at least 1, was " + runsPerWorker);
    }
    if (grace.toMillis() < 100) {
      problems.add(path("grace"), "must be at least 100 ms, was " + grace);
    }
    problems.throwIfAny();
  }

  /** Returns the defaults. */
  public static CPythonSettings defaults() {
    return from(RunnerSettings.empty(SubprocessScriptRunnerProvider.ID));
  }

  /**
   * Reads settings, applying the defaults.
   *
   * @param s the runner's settings; never null
   * @return the settings
   * @throws ConfigurationException naming the setting when a value is invalid
   */
  public static CPythonSettings from(RunnerSettings s) {
    Objects.requireNonNull(s, "settings");
    String mode = s.getString("mode", "POOLED").trim().toUpperCase(Locale.ROOT);
    if (!mode.equals("POOLED") && !mode.equals("ISOLATED")) {
      throw new ConfigurationException("runners." + s.runnerId() + ".mode",
          "must be POOLED or ISOLATED, was \"" + s.getString("mode", "") + "\"");
    }
    String interpreter = s.getString("interpreter", "").trim();
    long outputCap = s.getLong("outputCap", 64 * 1024);
    return new CPythonSettings(
        interpreter.isEmpty() ? Optional.empty() : Optional.of(interpreter),
        s.getInt("workers", Runtime.getRuntime().availableProcessors()),
        Mode.valueOf(mode),
        (int) Math.min(Integer.MAX_VALUE, outputCap),
        s.getLong("memoryLimit", 1024L * 1024 * 1024),
        s.getInt("runsPerWorker", 10_000),
        s.getStringMap("environment"),
        s.getBoolean("sitePackages", true),
        s.getDuration("grace", Duration.ofSeconds(2)));
  }

  private static String path(String key) {
    return "runners." + SubprocessScriptRunnerProvider.ID + "." + key;
  }
}
