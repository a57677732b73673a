package io.edrplaybook.testkit.runner;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.RunnerUnavailableException;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A runner that runs no Python: its two "scripts" are the words {@code echo} and {@code hang},
 * done in Java as the lifecycle kit describes them. It keeps the lifecycle contract, so it must
 * pass {@link io.edrplaybook.testkit.ScriptRunnerLifecycleKit}.
 */
final class JavaLifecycleRunner implements ScriptRunner {
  private final CountDownLatch closed = new CountDownLatch(1);

  private record Compiled(ScriptSource source, Runner runner) implements CompiledScript {
    @Override
    public boolean hasTest() {
      return false;
    }
  }

  @Override
  public String id() {
    return "java-lifecycle";
  }

  @Override
  public CompiledScript compile(ScriptSource source) {
    String word = source.text().strip();
    if (!word.equals("echo") && !word.equals("hang")) {
      throw new ScriptValidationException(source.file(), 1, 1, ScriptValidationException.SYNTAX_ERROR,
          "expected echo or hang, was \"" + word + "\"");
    }
    return new Compiled(source, new Runner());
  }

  /** Marks the scripts this runner compiled (and only those). */
  private final class Runner {
    JavaLifecycleRunner owner() {
      return JavaLifecycleRunner.this;
    }
  }

  @Override
  public ScriptOutcome run(CompiledScript script, ScriptCall call) {
    if (!(script instanceof Compiled c) || c.runner().owner() != this) {
      throw new IllegalArgumentException("the java-lifecycle runner runs only scripts it compiled, was " + script);
    }
    if (closed.getCount() == 0) {
      throw new RunnerUnavailableException("the java-lifecycle runner is closed", null);
    }
    if (c.source().text().strip().equals("echo")) {
      return ScriptOutcome.succeeded(Map.of("ctx", call.ctx()), "", false);
    }
    try (Socket signal = call.ctx().get("port") instanceof Number port
        ? new Socket(InetAddress.getLoopbackAddress(), port.intValue()) : null) {
      if (closed.await(call.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
        return ScriptOutcome.failed(ScriptError.of("RunnerClosed", "the runner closed"), "", false);
      }
      return ScriptOutcome.timedOut("ran past its deadline of " + call.timeout(), "", false);
    } catch (IOException e) {
      return ScriptOutcome.failed(ScriptError.of("OSError", e.toString()), "", false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ScriptOutcome.failed(ScriptError.of("KeyboardInterrupt", "interrupted"), "", false);
    }
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
