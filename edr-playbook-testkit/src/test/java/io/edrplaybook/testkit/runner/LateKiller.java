package io.edrplaybook.testkit.runner;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;

/**
 * A mutant: a real runner that stops an overrunning script {@code late} after its deadline while
 * declaring a grace of 2 s. The runner kit must report it.
 */
public final class LateKiller implements ScriptRunner {
  private final ScriptRunner real;
  private final Duration late;

  /** Wraps {@code real}, stopping scripts {@code late} past their deadline. */
  public LateKiller(ScriptRunner real, Duration late) {
    this.real = real;
    this.late = late;
  }

  @Override
  public String id() {
    return real.id();
  }

  @Override
  public CompiledScript compile(ScriptSource source) {
    return real.compile(source);
  }

  @Override
  public ScriptOutcome run(CompiledScript script, ScriptCall call) {
    return real.run(script, new ScriptCall(call.entryPoint(), call.ctx(), call.timeout().plus(late),
        call.invocationId()));
  }

  @Override
  public Duration grace() {
    return Duration.ofSeconds(2);
  }

  @Override
  public void close() {
    real.close();
  }
}
