package io.edrplaybook.core.internal.engine;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Test button of a script without {@code test(ctx)} in {@code RUN_SCRIPT} mode: runs the
 * script with its runner and puts in front of the record's message that {@code run(ctx)} was
 * called, so that nobody mistakes the real action for a test. Thread-safe.
 */
public final class RunFallbackNote implements ScriptRunner {
  /** What the record's message starts with. */
  public static final String NOTE = "run(ctx) was called (the script has no test(ctx))";

  private final ScriptRunner runner;

  /** Wraps {@code runner}. */
  public RunFallbackNote(ScriptRunner runner) {
    this.runner = runner;
  }

  @Override
  public String id() {
    return runner.id();
  }

  @Override
  public CompiledScript compile(ScriptSource source) {
    return runner.compile(source);
  }

  @Override
  public ScriptOutcome run(CompiledScript script, ScriptCall call) {
    ScriptOutcome o = runner.run(script, call);
    if (o.status() == ScriptOutcome.Status.SUCCEEDED) {
      Map<String, Object> result = new LinkedHashMap<>(o.result().orElse(Map.of()));
      Object m = result.get("message");
      result.put("message", m == null ? NOTE : NOTE + ": " + m);
      return ScriptOutcome.succeeded(result, o.output(), o.outputTruncated());
    }
    ScriptError e = o.error().orElseThrow();
    return new ScriptOutcome(o.status(), o.result(), o.output(), o.outputTruncated(), java.util.Optional.of(
        new ScriptError(e.type(), NOTE + ": " + e.message(), e.traceback(), e.transientFailure())), o.retryAfter());
  }

  @Override
  public Duration grace() {
    return runner.grace();
  }

  @Override
  public void close() {
    // the wrapped runner belongs to the engine
  }
}
