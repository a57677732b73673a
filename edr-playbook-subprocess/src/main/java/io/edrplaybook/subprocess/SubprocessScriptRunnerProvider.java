package io.edrplaybook.subprocess;

import com.google.auto.service.AutoService;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptRunnerProvider;
import io.edrplaybook.subprocess.internal.CPythonRunner;
import java.util.Objects;

/**
 * Provides the {@code cpython} runner: action scripts run in external CPython 2.7 or 3.x
 * processes, persistent workers by default (never shared between organizations), each run in
 * fresh module globals, behind a process boundary with a hard deadline (each worker runs in its
 * own PID namespace where the kernel allows, so killing it ends everything it started), a memory
 * limit and a minimal environment. Settings: see {@link CPythonSettings}.
 *
 * <p>Found by {@link java.util.ServiceLoader}; thread-safe.
 */
@AutoService(ScriptRunnerProvider.class)
public final class SubprocessScriptRunnerProvider implements ScriptRunnerProvider {
  /** The runner's id: {@value}. */
  public static final String ID = "cpython";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public SubprocessScriptRunnerProvider() {}

  @Override
  public String id() {
    return ID;
  }

  /** The keys of {@link CPythonSettings}. */
  @Override
  public java.util.Set<String> settingKeys() {
    return java.util.Set.of("interpreter", "workers", "mode", "outputCap", "memoryLimit", "runsPerWorker",
        "environment", "sitePackages", "grace", "pythonPath", "workersPerConnector", "partition", "pidNamespace");
  }

  /** Reports unknown keys, and every value {@link CPythonSettings#from} refuses. */
  @Override
  public java.util.List<io.edrplaybook.api.ConfigurationProblem> validate(RunnerSettings settings) {
    java.util.List<io.edrplaybook.api.ConfigurationProblem> problems =
        new java.util.ArrayList<>(ScriptRunnerProvider.super.validate(settings));
    problems.addAll(settings.check(CPythonSettings::from));
    return problems;
  }

  /**
   * Creates a runner: checks every setting, finds and probes the interpreter; starts no worker
   * (workers start on the first compile or run), so validating a configuration spawns no pool.
   *
   * @throws io.edrplaybook.api.ConfigurationException when a setting is invalid
   * @throws io.edrplaybook.api.PlaybookException when no usable interpreter is found, naming what
   *     was looked for
   */
  @Override
  public ScriptRunner create(RunnerSettings settings) {
    Objects.requireNonNull(settings, "settings");
    return create(CPythonSettings.from(settings));
  }

  /**
   * Creates a runner from typed settings.
   *
   * @param settings the settings; never null
   * @return a new runner, owned by the caller, who closes it
   * @throws io.edrplaybook.api.PlaybookException when no usable interpreter is found
   */
  public ScriptRunner create(CPythonSettings settings) {
    return CPythonRunner.start(Objects.requireNonNull(settings, "settings"));
  }
}
