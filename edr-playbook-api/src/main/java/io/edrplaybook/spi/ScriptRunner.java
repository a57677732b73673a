package io.edrplaybook.spi;

import io.edrplaybook.api.ScriptError;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs action scripts: compiles them when a configuration is applied, then runs them with a
 * {@code ctx} under a deadline. Implementations must be thread-safe: the engine calls
 * {@link #run} from many threads at once, with one compiled script or several.
 *
 * <p>The contract every runner keeps (the runner conformance kit checks it): a fresh module
 * namespace per call; {@code print} output captured per call and capped; a script's exception,
 * {@code sys.exit}, non-JSON return value or crash is a {@link ScriptOutcome.Status#FAILED}
 * outcome, never an exception; past the deadline the script is stopped and the outcome is
 * {@link ScriptOutcome.Status#TIMED_OUT}; {@link #run} returns by the deadline plus
 * {@link #grace()}.
 */
public interface ScriptRunner extends AutoCloseable {

  /** Returns the id of this runner, the same as its provider's. */
  String id();

  /**
   * Compiles a script and checks that it defines a top-level {@code run}; executes none of its
   * code.
   *
   * @param source the script; never null
   * @return the compiled script, to pass to {@link #run}
   * @throws io.edrplaybook.api.ScriptValidationException with file, line, column and type when it
   *     does not compile or has no {@code run}; the type names the problem the same way on every
   *     runner ({@code SyntaxError}, {@code IndentationError}, {@code TabError},
   *     {@code EncodingError}, {@code NoRunFunction}: the constants of that class)
   */
  CompiledScript compile(ScriptSource source);

  /**
   * Runs one call and blocks until it ends.
   *
   * @param script a script this runner compiled; never null
   * @param call the entry point, {@code ctx} and deadline; never null
   * @return how it ended; never null
   * @throws RunnerUnavailableException when the call could not be started (no worker could be
   *     had): the script did not run, so the engine may retry
   * @throws io.edrplaybook.api.PlaybookException for any other failure of the runner itself
   */
  ScriptOutcome run(CompiledScript script, ScriptCall call);

  /**
   * Runs the script's module-level code — its imports, and whatever else it does at module level
   * (reading {@code __file__}, a settings file beside it, ...) — in this runner's interpreter,
   * exactly as {@link #run} starts a call (same {@code __file__}, {@code sys.argv}, working
   * directory, {@code sys.path}, environment and {@code __name__ == "__action__"}), but calls
   * neither {@code run} nor {@code test}: nothing the script does in those functions happens. It is
   * not a dry run: module-level code runs for real, as it does at the start of every run. An opt-in
   * check for {@code validate}: a missing module or a {@code __file__} the script cannot use shows
   * before the first event does.
   *
   * @param script a script this runner compiled; never null
   * @param call the call to check as: its {@code ctx} (which organization's and connector's
   *     interpreter, for runners that partition by them; the functions are not called) and its
   *     deadline; its entry point is not called
   * @return the error module-level code raised, with the file and line in its traceback
   *     ({@code TimeoutError} when it ran past the deadline); empty when it completed
   * @throws UnsupportedOperationException when this runner cannot check a script's imports (the
   *     default)
   * @throws RunnerUnavailableException when no worker could be had: nothing was checked
   */
  default Optional<ScriptError> checkImports(CompiledScript script, ScriptCall call) {
    throw new UnsupportedOperationException("runner '" + id() + "' cannot check a script's imports without"
        + " running it (it does not implement ScriptRunner.checkImports)");
  }

  /**
   * Implements {@link #checkImports} for a runner that compiles Python source: compiles the script
   * again with a {@code run} that does nothing defined after all of its own code (line numbers
   * unchanged), then runs that like any call, so module-level code runs in exactly the runtime of a
   * real run and the script's own {@code run} and {@code test} are never called.
   *
   * @param runner the runner that compiled {@code script}; never null
   * @param script the script to check; never null
   * @param call the call to check as (its ctx and deadline); never null
   * @return the error module-level code raised; empty when it completed
   */
  static Optional<ScriptError> runModuleLevelOnly(ScriptRunner runner, CompiledScript script, ScriptCall call) {
    java.util.Objects.requireNonNull(runner, "runner");
    java.util.Objects.requireNonNull(script, "script");
    java.util.Objects.requireNonNull(call, "call");
    ScriptSource s = script.source();
    CompiledScript moduleOnly = runner.compile(new ScriptSource(s.name(), s.file(), s.text()
        + "\n\n\ndef run(ctx):  # edr-playbook import check: module-level code only\n    return None\n"));
    ScriptOutcome outcome = runner.run(moduleOnly, new ScriptCall(EntryPoint.RUN, call.ctx(), call.timeout(),
        call.invocationId()));
    return outcome.status() == ScriptOutcome.Status.SUCCEEDED ? Optional.empty() : outcome.error();
  }

  /**
   * Returns how long past a call's deadline {@link #run} may take to return (stopping the script,
   * replacing a worker). The engine stops waiting after deadline + grace and records the run as
   * timed out.
   */
  default Duration grace() {
    return Duration.ofSeconds(2);
  }

  /**
   * Returns what this runner knows of its workers: how many are in service, how many were
   * replaced, and whether it can start work. Cheap, never throws; called by health checks and
   * metrics from any thread. The default reports nothing ({@link RunnerStats#UNREPORTED}).
   */
  default RunnerStats stats() {
    return RunnerStats.UNREPORTED;
  }

  /**
   * Completes when the runner has warmed up in the background (interpreters started, modules
   * preloaded), so that a run no longer pays for its start-up; completes exceptionally when the
   * warm-up failed (calls then report why). A run before then is accepted and waits for a worker
   * within its deadline. Never blocks. The default is complete: a runner that starts nothing in
   * the background is ready once created.
   */
  default java.util.concurrent.CompletionStage<Void> ready() {
    return java.util.concurrent.CompletableFuture.completedFuture(null);
  }

  /** Stops every call in flight (they end as failed or timed out) and releases every worker. */
  @Override
  void close();
}
