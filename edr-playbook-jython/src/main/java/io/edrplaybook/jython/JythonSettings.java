package io.edrplaybook.jython;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.internal.Problems;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.RunnerSettingsReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the {@code jython} runner, read from {@link RunnerSettings} (the configuration's
 * {@code runners.jython} object). Every key is optional; every value is checked when the runner is
 * created (and when a configuration is loaded), all problems at once, each with its path. Values
 * are read as {@link RunnerSettingsReader} reads them for every runner: sizes are a number or a
 * text with a binary unit ({@code 512k}, {@code 10mb}, {@code 1g}), durations ISO-8601
 * ({@code PT2S}) or milliseconds.
 *
 * <ul>
 *   <li>{@code poolSize}: interpreter slots, i.e. scripts that run at once; default the number of
 *       available processors; 1 to 1024. A call waits for a free slot within its own deadline and is refused
 *       ({@link io.edrplaybook.spi.RunnerUnavailableException}) if none comes free, so give the
 *       pool as many slots as the engine starts runs at once on this runner
 *   <li>{@code outputCap}: characters of {@code print} output kept per run (the beginning), a size
 *       such as {@code 64k}, 0 to {@code 16m} (0 keeps none); default 64 KiB. The same rule as the
 *       {@code cpython} runner's
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
 *       and replaced; {@code PT0.1S} to {@code PT5M}, default 2 s. The same rule as the
 *       {@code cpython} runner's
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
 * @param poolSize number of slots, 1 to 1024
 * @param outputCap characters of output kept per run, 0 to 16 MiB
 * @param pythonPath extra {@code sys.path} entries
 * @param warmUp whether slots warm up when created
 * @param grace how long past a deadline a script may take to stop before its slot is retired
 * @param isolateThreads whether calls run on the slots' own threads rather than the caller's
 * @param environment extra variables of the scripts' {@code os.environ}
 * @param preload modules each slot imports while warming up; empty: those the compiled scripts import
 */
public record JythonSettings(int poolSize, int outputCap, List<String> pythonPath, boolean warmUp,
    Duration grace, boolean isolateThreads, Map<String, String> environment, Optional<List<String>> preload) {

  /** The default output cap: 64 KiB, as for every runner ({@link RunnerSettingsReader#DEFAULT_OUTPUT_CAP}). */
  public static final int DEFAULT_OUTPUT_CAP = RunnerSettingsReader.DEFAULT_OUTPUT_CAP;

  /** The default grace: 2 seconds, as for every runner ({@link RunnerSettingsReader#DEFAULT_GRACE}). */
  public static final Duration DEFAULT_GRACE = RunnerSettingsReader.DEFAULT_GRACE;

  /** The largest {@code poolSize}. */
  public static final int MAX_POOL_SIZE = 1024;

  private static final java.util.regex.Pattern MODULE =
      java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

  /**
   * Validates and copies; every problem is reported at once.
   *
   * @throws ConfigurationException listing every value out of range, each with its setting's path
   */
  public JythonSettings {
    Objects.requireNonNull(pythonPath, "pythonPath");
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(preload, "preload");
    preload = preload.map(List::copyOf);
    pythonPath = List.copyOf(pythonPath);
    environment = Map.copyOf(environment);
    Problems problems = new Problems();
    for (String module : preload.orElse(List.of())) {
      if (!MODULE.matcher(module).matches()) {
        problems.add(path("preload"), "must list module names such as json or xml.etree.ElementTree, was \""
            + module + "\"");
      }
    }
    for (String name : new java.util.TreeSet<>(environment.keySet())) {
      if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
        problems.add(path("environment"), "variable names must be non-empty, without '=' or NUL, was \""
            + name + "\"");
      }
    }
    if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
      problems.add(path("poolSize"), "must be between 1 and " + MAX_POOL_SIZE + ", was " + poolSize);
    }
    Optional.ofNullable(RunnerSettingsReader.checkOutputCap(JythonScriptRunnerProvider.ID, outputCap))
        .ifPresent(problems::add);
    Optional.ofNullable(RunnerSettingsReader.checkGrace(JythonScriptRunnerProvider.ID, grace))
        .ifPresent(problems::add);
    problems.throwIfAny();
  }

  private static String path(String key) {
    return "runners." + JythonScriptRunnerProvider.ID + "." + key;
  }

  /**
   * Settings whose preloads are the modules the compiled scripts import.
   *
   * @param poolSize number of slots, 1 to 1024
   * @param outputCap characters of output kept per run, 0 to 16 MiB
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
   * @param poolSize number of slots, 1 to 1024
   * @param outputCap characters of output kept per run, 0 to 16 MiB
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
   * @param poolSize number of slots, 1 to 1024
   * @param outputCap characters of output kept per run, 0 to 16 MiB
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
   * Reads settings, using the defaults for what is absent. Values are read as
   * {@link RunnerSettingsReader} reads them, with the rules every runner shares for
   * {@code outputCap} (a size such as {@code 64k}, 0 to 16m) and {@code grace} (PT0.1S to PT5M).
   *
   * @param settings the runner's settings; never null
   * @throws ConfigurationException listing every value of the wrong type or out of range, each
   *     with its setting's path
   */
  public static JythonSettings from(RunnerSettings settings) {
    Objects.requireNonNull(settings, "settings");
    RunnerSettingsReader r = new RunnerSettingsReader(settings);
    int poolSize = r.integer("poolSize", Math.min(MAX_POOL_SIZE, Runtime.getRuntime().availableProcessors()),
        1, MAX_POOL_SIZE);
    int outputCap = r.outputCap();
    List<String> pythonPath = r.texts("pythonPath");
    boolean warmUp = r.bool("warmUp", true);
    Duration grace = r.grace();
    boolean isolateThreads = r.bool("isolateThreads", false);
    Map<String, String> environment = r.textMap("environment");
    Optional<List<String>> preload = settings.get("preload").isPresent()
        ? Optional.of(r.texts("preload")) : Optional.empty();
    JythonSettings s = null;
    try {
      s = new JythonSettings(poolSize, outputCap, pythonPath, warmUp, grace, isolateThreads, environment, preload);
    } catch (ConfigurationException e) {
      r.problems(e);
    }
    r.throwIfAny();
    return s;
  }
}
