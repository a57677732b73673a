package io.edrplaybook.jython;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.spi.RunnerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the {@code jython} runner, read from {@link RunnerSettings} (the configuration's
 * {@code runners.jython} object):
 *
 * <ul>
 *   <li>{@code poolSize}: interpreter slots, i.e. scripts that run at once; default the number of
 *       available processors. A call waits for a free slot within its own deadline and is refused
 *       ({@link io.edrplaybook.spi.RunnerUnavailableException}) if none comes free, so give the
 *       pool as many slots as the engine starts runs at once on this runner
 *   <li>{@code outputCap}: characters of {@code print} output kept per run (the beginning), e.g.
 *       {@code 64k}; default 64 KiB
 *   <li>{@code pythonPath}: extra {@code sys.path} entries (directories or jars), after the
 *       script's folder and before the standard library, as {@code PYTHONPATH} on CPython; default
 *       none. Nothing is written into them: modules are compiled in memory, once per JVM (no
 *       {@code $py.class} files). A module one script imported is never seen by another script's
 *       runs
 *   <li>{@code environment}: variables scripts see in {@code os.environ} besides the minimal ones
 *       taken from the host ({@code PATH}, {@code LANG}, {@code TZ}, {@code HOME}, where set);
 *       default none. No other host variable reaches a script; never put secrets here, pass them
 *       in {@code ctx}
 *   <li>{@code warmUp}: whether each slot imports the common modules and runs a trivial script
 *       when it is created, so the first real run does not pay for it; default true. Slots are
 *       started and warmed up in the background: creating the runner (and building an engine)
 *       does not wait for them; {@link io.edrplaybook.spi.ScriptRunner#ready()} tells when they are
 *   <li>{@code preload}: modules every slot imports while warming up, e.g.
 *       {@code [json, urllib2, ssl]}; default: every module the compiled scripts import (found in
 *       their syntax trees; modules a script compiled after the warm-up imports are preloaded then,
 *       in the background). A module that cannot be imported is logged and skipped. Standard-library
 *       modules stay loaded in a slot; a module from {@code pythonPath} or a script's folder is a
 *       script's own and is not shared, so preloading it gains nothing
 *   <li>{@code grace}: how long past a deadline a run may take to stop before its slot is retired
 *       and replaced; default 2 s
 *   <li>{@code isolateThreads}: whether each slot runs its calls on a thread of its own instead of
 *       the calling thread; default false. A call on the calling thread costs a few microseconds,
 *       the hand-off to a slot thread some 15 more; but a script stuck where the deadline cannot
 *       reach it (uninterruptible Java I/O, a loop in a frame whose {@code f_trace} it deleted)
 *       keeps the calling thread until it ends, while with isolated threads {@code run} still
 *       returns by deadline + grace and the slot's thread is abandoned. Inside the engine both
 *       are covered (the engine stops waiting at deadline + grace); set it for direct callers of
 *       the runner that need the hard guarantee
 * </ul>
 *
 * @param poolSize number of slots, at least 1
 * @param outputCap characters of output kept per run, at least 1
 * @param pythonPath extra {@code sys.path} entries
 * @param warmUp whether slots warm up when created
 * @param grace how long past a deadline a script may take to stop before its slot is retired
 * @param isolateThreads whether calls run on the slots' own threads rather than the caller's
 * @param environment extra variables of the scripts' {@code os.environ}
 * @param preload modules each slot imports while warming up; empty: those the compiled scripts import
 */
public record JythonSettings(int poolSize, int outputCap, List<String> pythonPath, boolean warmUp,
    Duration grace, boolean isolateThreads, Map<String, String> environment, Optional<List<String>> preload) {

  /** The default output cap: 64 KiB. */
  public static final int DEFAULT_OUTPUT_CAP = 64 * 1024;

  private static final java.util.regex.Pattern MODULE =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  /** The default grace: 2 seconds. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(2);

  /**
   * Validates and copies.
   *
   * @throws ConfigurationException when a value is out of range, naming the setting
   */
  public JythonSettings {
    Objects.requireNonNull(pythonPath, "pythonPath");
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(preload, "preload");
    preload = preload.map(List::copyOf);
    for (String module : preload.orElse(List.of())) {
      if (!MODULE.matcher(module).matches()) {
        throw new ConfigurationException("runners.jython.preload",
            "must list module names such as json or xml.etree.ElementTree, was \"" + module + "\"");
      }
    }
    pythonPath = List.copyOf(pythonPath);
    environment = Map.copyOf(environment);
    for (String name : environment.keySet()) {
      if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
        throw new ConfigurationException("runners.jython.environment",
            "variable names must be non-empty, without '=' or NUL, was \"" + name + "\"");
      }
    }
    if (poolSize < 1) {
      throw new ConfigurationException("runners.jython.poolSize", "must be at least 1, was " + poolSize);
    }
    if (outputCap < 1) {
      throw new ConfigurationException("runners.jython.outputCap", "must be at least 1, was " + outputCap);
    }
    if (grace.isNegative() || grace.isZero()) {
      throw new ConfigurationException("runners.jython.grace", "must be positive, was " + grace);
    }
  }

  /**
   * Settings whose preloads are the modules the compiled scripts import.
   *
   * @param poolSize number of slots, at least 1
   * @param outputCap characters of output kept per run, at least 1
   * @param pythonPath extra {@code sys.path} entries
   * @param warmUp whether slots warm up when created
   * @param grace how long past a deadline a script may take to stop before its slot is retired
   * @param isolateThreads whether calls run on the slots' own threads rather than the caller's
   * @param environment extra variables of the scripts' {@code os.environ}
   */
  public JythonSettings(int poolSize, int outputCap, List<String> pythonPath, boolean warmUp,
      Duration grace, boolean isolateThreads, Map<String, String> environment) {
    this(poolSize, outputCap, pythonPath, warmUp, grace, isolateThreads, environment, Optional.empty());
  }

  /**
   * Settings without extra environment variables.
   *
   * @param poolSize number of slots, at least 1
   * @param outputCap characters of output kept per run, at least 1
   * @param pythonPath extra {@code sys.path} entries
   * @param warmUp whether slots warm up when created
   * @param grace how long past a deadline a script may take to stop before its slot is retired
   * @param isolateThreads whether calls run on the slots' own threads rather than the caller's
   */
  public JythonSettings(int poolSize, int outputCap, List<String> pythonPath, boolean warmUp,
      Duration grace, boolean isolateThreads) {
    this(poolSize, outputCap, pythonPath, warmUp, grace, isolateThreads, Map.of());
  }

  /**
   * Settings with calls on the calling thread ({@code isolateThreads} false).
   *
   * @param poolSize number of slots, at least 1
   * @param outputCap characters of output kept per run, at least 1
   * @param pythonPath extra {@code sys.path} entries
   * @param warmUp whether slots warm up when created
   * @param grace how long past a deadline a script may take to stop before its slot is retired
   */
  public JythonSettings(int poolSize, int outputCap, List<String> pythonPath, boolean warmUp, Duration grace) {
    this(poolSize, outputCap, pythonPath, warmUp, grace, false);
  }

  /** Returns the defaults. */
  public static JythonSettings defaults() {
    return from(RunnerSettings.empty(JythonScriptRunnerProvider.ID));
  }

  /**
   * Reads settings, using the defaults for what is absent.
   *
   * @param settings the runner's settings; never null
   * @throws ConfigurationException when a value has the wrong type or is out of range
   */
  public static JythonSettings from(RunnerSettings settings) {
    Objects.requireNonNull(settings, "settings");
    long cap = settings.getLong("outputCap", DEFAULT_OUTPUT_CAP);
    if (cap < 1 || cap > Integer.MAX_VALUE - 1024) {
      throw new ConfigurationException("runners.jython.outputCap",
          "must be between 1 and " + (Integer.MAX_VALUE - 1024) + ", was " + cap);
    }
    return new JythonSettings(
        settings.getInt("poolSize", Runtime.getRuntime().availableProcessors()),
        (int) cap,
        settings.getStrings("pythonPath"),
        settings.getBoolean("warmUp", true),
        settings.getDuration("grace", DEFAULT_GRACE),
        settings.getBoolean("isolateThreads", false),
        settings.getStringMap("environment"),
        settings.get("preload").isPresent() ? Optional.of(settings.getStrings("preload")) : Optional.empty());
  }
}
