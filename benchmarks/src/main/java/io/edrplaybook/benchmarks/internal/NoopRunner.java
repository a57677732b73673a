package io.edrplaybook.benchmarks.internal;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.util.Map;

/**
 * A runner that runs nothing: every call succeeds at once with a constant result. What is left to
 * measure with it is the engine itself (evaluation, dispatch, history). Thread-safe.
 */
public final class NoopRunner implements ScriptRunner {
  /** The id scripts use to pick this runner. */
  public static final String ID = "bench-noop";

  private static final Map<String, Object> RESULT = Map.of("message", "ok");

  /** A script accepted as it is, without a {@code test}; the benchmarks' runners share it. */
  record Compiled(ScriptSource source) implements CompiledScript {
    @Override
    public boolean hasTest() {
      return false;
    }
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public CompiledScript compile(ScriptSource source) {
    return new Compiled(source);
  }

  @Override
  public ScriptOutcome run(CompiledScript script, ScriptCall call) {
    return ScriptOutcome.succeeded(RESULT, "", false);
  }

  @Override
  public void close() {}
}
