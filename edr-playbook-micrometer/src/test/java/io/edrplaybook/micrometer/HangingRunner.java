package io.edrplaybook.micrometer;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A runner that breaks the runner contract on purpose: its {@code run} ignores the deadline and
 * returns only when released (at most 30 s), so the engine abandons the run's thread.
 */
final class HangingRunner implements ScriptRunner {
  private record Compiled(ScriptSource source) implements CompiledScript {
    @Override
    public boolean hasTest() {
      return false;
    }
  }

  private final CountDownLatch inside;
  private final CountDownLatch release;
  final CountDownLatch returned = new CountDownLatch(1);

  HangingRunner(CountDownLatch inside, CountDownLatch release) {
    this.inside = inside;
    this.release = release;
  }

  @Override
  public String id() {
    return "hanging";
  }

  @Override
  public CompiledScript compile(ScriptSource source) {
    return new Compiled(source);
  }

  @Override
  public ScriptOutcome run(CompiledScript script, ScriptCall call) {
    inside.countDown();
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      returned.countDown();
    }
    return ScriptOutcome.succeeded(null, "", false);
  }

  @Override
  public Duration grace() {
    return Duration.ofMillis(50);
  }

  @Override
  public void close() {
    release.countDown();
  }
}
