package io.edrplaybook.subprocess;

import io.edrplaybook.api.ConfigurationException;
import io.edrplaybook.api.internal.Problems;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.RunnerSettingsReader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of the {@code cpython} runner, read from {@link RunnerSettings} (the JSON object
 * under {@code runners.cpython}). Every key is optional; every value is checked when the runner is
 * created (and when a configuration is loaded), and all problems are reported at once, each with
 * its key. Values are read as {@link RunnerSettingsReader} reads them for every runner: sizes are
 * a number or a text such as {@code 512k}, {@code 10mb}, {@code 1g} (binary units: k = 1024);
 * durations ISO-8601 ({@code PT2S}) or milliseconds. {@code outputCap} and {@code grace} follow
 * the rules every runner shares (the {@code jython} runner's are the same).
 *
 * <table>
 * <caption>Settings</caption>
 * <tr><th>key</th><th>meaning</th><th>range</th><th>default</th></tr>
 * <tr><td>{@code interpreter}</td><td>a path, or a name looked up on {@code PATH}; a virtualenv's
 *     {@code python} gives scripts that venv's packages</td><td></td><td>{@code python3}, then {@code python}</td></tr>
 * <tr><td>{@code workers}</td><td>most Python processes alive at once (started when needed)</td>
 *     <td>1..256</td><td>max(8, 2 &times; processors)</td></tr>
 * <tr><td>{@code workersPerConnector}</td><td>most workers one connector's runs hold at once, so a
 *     slow connector cannot take every worker</td><td>1..{@code workers}</td><td>{@code workers} - 1 (at least 1)</td></tr>
 * <tr><td>{@code partition}</td><td>who may share a pooled worker: runs of one {@code organization},
 *     or only of one {@code connector}</td><td>organization, connector</td><td>organization</td></tr>
 * <tr><td>{@code mode}</td><td>{@code POOLED}: persistent workers, a fresh namespace every run;
 *     {@code ISOLATED}: a new process every run</td><td>pooled, isolated</td><td>{@code POOLED}</td></tr>
 * <tr><td>{@code outputCap}</td><td>captured output kept per run, in characters</td><td>0..16m</td><td>64k</td></tr>
 * <tr><td>{@code memoryLimit}</td><td>address-space limit of each worker (soft and hard
 *     {@code RLIMIT_AS}); 0 for none</td><td>0, or 64m..1t</td><td>1g</td></tr>
 * <tr><td>{@code runsPerWorker}</td><td>runs after which a worker is replaced</td><td>1..10 000 000</td><td>10000</td></tr>
 * <tr><td>{@code environment}</td><td>extra environment variables of the workers, whose environment
 *     is otherwise minimal; {@code PYTHON*} names are refused (workers ignore them)</td><td></td><td>none</td></tr>
 * <tr><td>{@code pythonPath}</td><td>folders scripts import from (on {@code sys.path} during runs;
 *     modules loaded from them are dropped after every run)</td><td>existing folders</td><td>none</td></tr>
 * <tr><td>{@code sitePackages}</td><td>whether scripts can import installed packages</td><td></td><td>true</td></tr>
 * <tr><td>{@code grace}</td><td>how long past a deadline a run may take to return</td><td>PT0.1S..PT5M</td><td>{@code PT2S}</td></tr>
 * <tr><td>{@code pidNamespace}</td><td>run each worker in its own PID namespace: {@code auto} (when
 *     the kernel allows), {@code required} (refuse to start otherwise), {@code off}</td><td></td><td>auto</td></tr>
 * </table>
 *
 * @param interpreter the configured interpreter; empty for {@code python3}, then {@code python}
 * @param workers the most workers alive at once
 * @param workersPerConnector the most workers one connector holds at once
 * @param partition who may share a pooled worker
 * @param mode pooled or isolated
 * @param outputCap characters of output kept per run
 * @param memoryLimit bytes of address space per worker, 0 for no limit
 * @param runsPerWorker runs before a worker is replaced
 * @param environment extra environment variables; never put secrets here, pass them in ctx
 * @param pythonPath absolute folders scripts may import from
 * @param sitePackages whether the interpreter's site-packages are importable
 * @param grace how long past a deadline {@code run} may take to return
 * @param pidNamespace whether workers run in their own PID namespace
 */
public record CPythonSettings(Optional<String> interpreter, int workers, int workersPerConnector,
    Partition partition, Mode mode, int outputCap, long memoryLimit, int runsPerWorker,
    Map<String, String> environment, List<String> pythonPath, boolean sitePackages,
    Duration grace, PidNamespace pidNamespace) {

  /** Largest {@code workers}. */
  public static final int MAX_WORKERS = 256;
  /** Largest {@code outputCap}: 16 MiB, as for every runner. */
  public static final int MAX_OUTPUT_CAP = RunnerSettingsReader.MAX_OUTPUT_CAP;
  /** Smallest {@code memoryLimit} but 0. */
  public static final long MIN_MEMORY_LIMIT = 64L << 20;
  /** Largest {@code memoryLimit}. */
  public static final long MAX_MEMORY_LIMIT = 1L << 40;

  /** How workers are used. */
  public enum Mode {
    /** Persistent workers; every run gets fresh module globals. */
    POOLED,
    /** A new Python process for every run (slower; nothing survives a run). */
    ISOLATED
  }

  /** Who may share a pooled worker. */
  public enum Partition {
    /** Runs of one organization share workers; other organizations never use them. */
    ORGANIZATION,
    /** Only runs of one connector (of one organization) share workers. */
    CONNECTOR
  }

  /** Whether workers run in their own PID namespace. */
  public enum PidNamespace {
    /** When the kernel allows it; else process-group and descendant kills. */
    AUTO,
    /** Always; a runner that cannot is not created. */
    REQUIRED,
    /** Never. */
    OFF
  }

  /** Validates and copies; every problem is reported at once. */
  public CPythonSettings {
    Objects.requireNonNull(interpreter, "interpreter");
    Objects.requireNonNull(partition, "partition");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(pidNamespace, "pidNamespace");
    environment = Map.copyOf(environment);
    pythonPath = List.copyOf(pythonPath);
    Problems problems = new Problems();
    range(problems, "workers", workers, 1, MAX_WORKERS);
    range(problems, "workersPerConnector", workersPerConnector, 1, Math.max(1, workers));
    Optional.ofNullable(RunnerSettingsReader.checkOutputCap(SubprocessScriptRunnerProvider.ID, outputCap))
        .ifPresent(problems::add);
    if (memoryLimit != 0 && (memoryLimit < MIN_MEMORY_LIMIT || memoryLimit > MAX_MEMORY_LIMIT)) {
      problems.add(path("memoryLimit"), "must be 0 (no limit) or between 64m and 1t, was "
          + memoryLimit + " bytes");
    }
    range(problems, "runsPerWorker", runsPerWorker, 1, 10_000_000);
    Optional.ofNullable(RunnerSettingsReader.checkGrace(SubprocessScriptRunnerProvider.ID, grace))
        .ifPresent(problems::add);
    for (String name : environment.keySet()) {
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        problems.add(path("environment." + name), "is not a valid variable name (letters, digits, _)");
      } else if (name.startsWith("PYTHON")) {
        problems.add(path("environment." + name), "is ignored by the workers (they start in isolated"
            + " mode, -I or -E)" + (name.equals("PYTHONPATH") ? "; list the folders in "
            + path("pythonPath") + " instead" : "; remove it"));
      }
      if (environment.get(name).indexOf('\0') >= 0) {
        problems.add(path("environment." + name), "must not contain a NUL character");
      }
    }
    for (int i = 0; i < pythonPath.size(); i++) {
      String dir = pythonPath.get(i);
      try {
        Path p = Path.of(dir);
        if (!p.isAbsolute()) {
          problems.add(path("pythonPath[" + i + "]"), "must be an absolute folder, was \"" + dir + "\"");
        } else if (!Files.isDirectory(p)) {
          problems.add(path("pythonPath[" + i + "]"), "no such folder \"" + dir + "\"");
        }
      } catch (InvalidPathException e) {
        problems.add(path("pythonPath[" + i + "]"), "is not a valid path, was \"" + dir + "\"");
      }
    }
    problems.throwIfAny();
  }

  /** Returns the defaults. */
  public static CPythonSettings defaults() {
    return from(RunnerSettings.empty(SubprocessScriptRunnerProvider.ID));
  }

  /** The default {@code workers}: max(8, 2 &times; processors), at most {@link #MAX_WORKERS}. */
  public static int defaultWorkers() {
    return Math.min(MAX_WORKERS, Math.max(8, 2 * Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Reads settings, applying the defaults.
   *
   * @param s the runner's settings; never null
   * @return the settings
   * @throws ConfigurationException listing every invalid value with its key
   */
  public static CPythonSettings from(RunnerSettings s) {
    Objects.requireNonNull(s, "settings");
    RunnerSettingsReader r = new RunnerSettingsReader(s);
    String interpreter = r.text("interpreter", "").trim();
    int workers = r.integer("workers", defaultWorkers(), 1, MAX_WORKERS);
    int perConnector = r.integer("workersPerConnector", Math.max(1, workers - 1), 1, Math.max(1, workers));
    Partition partition = r.choice("partition", Partition.ORGANIZATION);
    Mode mode = r.choice("mode", Mode.POOLED);
    int outputCap = r.outputCap();
    long memoryLimit = r.size("memoryLimit", 1L << 30, 0, Long.MAX_VALUE);
    int runsPerWorker = r.integer("runsPerWorker", 10_000, 1, 10_000_000);
    Map<String, String> environment = r.textMap("environment");
    List<String> pythonPath = new ArrayList<>(r.texts("pythonPath"));
    boolean site = r.bool("sitePackages", true);
    Duration grace = r.grace();
    PidNamespace ns = r.choice("pidNamespace", PidNamespace.AUTO);
    CPythonSettings settings = null;
    try {
      settings = new CPythonSettings(interpreter.isEmpty() ? Optional.empty() : Optional.of(interpreter),
          workers, perConnector, partition, mode, outputCap, memoryLimit, runsPerWorker, environment,
          pythonPath, site, grace, ns);
    } catch (ConfigurationException e) {
      r.problems(e);
    }
    r.throwIfAny();
    return settings;
  }

  private static void range(Problems problems, String key, long value, long min, long max) {
    if (value < min || value > max) {
      problems.add(path(key), "must be between " + min + " and " + max + ", was " + value);
    }
  }

  private static String path(String key) {
    return "runners." + SubprocessScriptRunnerProvider.ID + "." + key;
  }
}
