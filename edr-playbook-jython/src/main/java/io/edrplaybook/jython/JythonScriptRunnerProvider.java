package io.edrplaybook.jython;

import com.google.auto.service.AutoService;
import io.edrplaybook.jython.internal.JythonRunner;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptRunnerProvider;

/**
 * Provides the {@code jython} runner: action scripts run in-process on Jython 2.7, in a pool of
 * interpreter slots (each with its own {@code sys}), with compiled code cached, a fresh module
 * namespace per run, output captured per run and a deadline enforced by a trace hook. Settings:
 * {@link JythonSettings}.
 *
 * <p><b>Threads.</b> By default a call runs on the thread that calls {@code run}, with a slot
 * checked out of the pool; one daemon thread per runner stops scripts past their deadline. A
 * script the deadline cannot reach (blocked in uninterruptible Java I/O, or looping in a frame
 * whose {@code f_trace} it deleted) then keeps the calling thread until it ends, past deadline +
 * grace: its slot is retired and replaced at deadline + grace, and the call returns timed out when
 * the script finally returns. The engine does not wait for it (it records the run as timed out at
 * deadline + grace and frees the lane), but a direct caller of the runner does; set
 * {@code isolateThreads} to run calls on the slots' own threads, so that {@code run} always
 * returns by deadline + grace, at some 15 µs more per call.
 *
 * <p><b>Run time</b> (docs/script-contract.md): {@code __file__} and {@code sys.argv[0]} are the
 * script's file name; a script whose file name is the absolute path of an existing file runs in its
 * folder, which is also {@code sys.path[0]}, and any other in a scratch directory of the runner.
 * {@code os.environ} holds only the host's {@code PATH}, {@code LANG}, {@code TZ} and {@code HOME}
 * and the {@code environment} setting. After every run {@code os.environ}, {@code sys.path},
 * {@code sys.argv} and {@code sys.modules} are put back: standard-library modules stay loaded, a
 * script's own modules are kept aside for its next run on that slot and never seen by another
 * script. Imports write no {@code $py.class} files. A timed-out run keeps its output and records a
 * traceback of where the script was.
 *
 * <p><b>Trust.</b> Jython runs scripts inside the host JVM with the host's privileges. A script
 * can reach any Java class the host can; {@code java.lang.System.exit}, {@code os._exit} or
 * {@code Runtime.halt} in a script stops the host process, and neither import hooks nor class
 * loaders can fence it in; {@code java.lang.System.getenv()} (or Jython's {@code posix.environ})
 * still shows a script the host's whole environment. Threads a script starts are not stopped by
 * the deadline, and blocking {@code java.net} I/O cannot be interrupted (the slot is then retired
 * and replaced; its thread is abandoned, never stopped, and never serves another run). Use this
 * runner for scripts you trust as much as the host's own code; untrusted scripts belong in the
 * {@code cpython} runner (edr-playbook-subprocess), which runs them in separate processes.
 *
 * <p>Registered for {@link java.util.ServiceLoader}; thread-safe.
 */
@AutoService(ScriptRunnerProvider.class)
public final class JythonScriptRunnerProvider implements ScriptRunnerProvider {

  /** The runner's id: {@code jython}. */
  public static final String ID = "jython";

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public JythonScriptRunnerProvider() {}

  @Override
  public String id() {
    return ID;
  }

  /** The keys of {@link JythonSettings}. */
  @Override
  public java.util.Set<String> settingKeys() {
    return java.util.Set.of("poolSize", "outputCap", "pythonPath", "warmUp", "grace", "isolateThreads",
        "environment", "preload");
  }

  /** Reports unknown keys, and every value {@link JythonSettings#from} refuses. */
  @Override
  public java.util.List<io.edrplaybook.api.ConfigurationProblem> validate(RunnerSettings settings) {
    java.util.List<io.edrplaybook.api.ConfigurationProblem> problems =
        new java.util.ArrayList<>(ScriptRunnerProvider.super.validate(settings));
    problems.addAll(settings.check(JythonSettings::from));
    return problems;
  }

  /**
   * Creates a runner with its slots (warmed up unless {@code warmUp} is false).
   *
   * @param settings see {@link JythonSettings}; never null
   * @throws io.edrplaybook.api.ConfigurationException when a setting is invalid
   */
  @Override
  public ScriptRunner create(RunnerSettings settings) {
    return create(JythonSettings.from(settings));
  }

  /**
   * Creates a runner from typed settings.
   *
   * @param settings the settings; never null
   * @return a new runner, owned by the caller, who closes it
   */
  public ScriptRunner create(JythonSettings settings) {
    return new JythonRunner(settings);
  }
}
