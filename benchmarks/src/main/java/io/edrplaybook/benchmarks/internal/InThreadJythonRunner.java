package io.edrplaybook.benchmarks.internal;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;

/**
 * An experiment, not a runner to use: Jython on the engine's own thread (one interpreter per
 * thread, kept in a thread-local), with no output capture, no deadline and no isolation. It shows
 * what end-to-end throughput the engine allows once the hand-off to a slot thread is gone; select
 * it with {@code -Dbench.e2e=bench-jython-inthread}.
 */
public final class InThreadJythonRunner implements ScriptRunner {
  /** The id of this experiment. */
  public static final String ID = "bench-jython-inthread";

  private final ThreadLocal<NaiveJython.InThread> perThread =
      ThreadLocal.withInitial(() -> new NaiveJython.InThread(Workloads.TRIVIAL_SCRIPT));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public CompiledScript compile(ScriptSource source) {
    if (!source.text().equals(Workloads.TRIVIAL_SCRIPT)) {
      throw new IllegalArgumentException("this experiment runs only the trivial script");
    }
    return new NoopRunner.Compiled(source);
  }

  @Override
  public ScriptOutcome run(CompiledScript script, ScriptCall call) {
    return ScriptOutcome.succeeded(perThread.get().run(call.ctx()), "", false);
  }

  @Override
  public void close() {}
}
