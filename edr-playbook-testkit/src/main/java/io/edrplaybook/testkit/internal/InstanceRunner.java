package io.edrplaybook.testkit.internal;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;
import java.util.Objects;

/**
 * A named instance of a runner ({@code cpython2} of type {@code cpython}): the runner its provider
 * created, under the instance's id, which scripts name.
 */
final class InstanceRunner implements ScriptRunner {
  private final String id;
  private final ScriptRunner runner;

  InstanceRunner(String id, ScriptRunner runner) {
    this.id = Objects.requireNonNull(id, "id");
    this.runner = Objects.requireNonNull(runner, "runner");
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public CompiledScript compile(ScriptSource source) {
    return runner.compile(source);
  }

  @Override
  public ScriptOutcome run(CompiledScript script, ScriptCall call) {
    return runner.run(script, call);
  }

  @Override
  public Duration grace() {
    return runner.grace();
  }

  @Override
  public void close() {
    runner.close();
  }
}
