package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.python.core.Py;
import org.python.core.PySystemState;
import org.python.core.ThreadState;
import org.python.core.TraceFunction;

/**
 * Calls run on the calling thread (the default): the thread comes back as it went in, deadlines
 * and interrupts still stop scripts, and a script stuck past deadline + grace costs its slot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JythonCallerThreadTest {
  private static final String SIGNAL = ScriptSignals.IMPORT;
  private ScriptRunner runner;

  @BeforeAll
  void start() {
    runner = new JythonScriptRunnerProvider().create(RunnerSettings.empty("jython")
        .with("poolSize", 1).with("grace", "PT0.3S").with("warmUp", false));
    // the first reflective look-up takes long; the runs under test must not spend their deadline on it
    assertEquals(Status.SUCCEEDED, run(SIGNAL + "def run(ctx):\n    return {'n': S.getField('GATE').get(None)"
        + ".availablePermits()}\n", Duration.ofSeconds(30)).status());
  }

  @AfterAll
  void stop() {
    runner.close();
  }

  private ScriptOutcome run(String source, Duration timeout) {
    var script = runner.compile(new ScriptSource("s", "scripts/s.py", source));
    return runner.run(script, new ScriptCall(EntryPoint.RUN, Map.of(), timeout, "caller-thread"));
  }

  @Test
  void aRunLeavesTheCallingThreadsJythonStateAsItFoundIt() {
    ThreadState ts = Py.getThreadState();
    PySystemState before = ts.getSystemState();
    TraceFunction trace = ts.tracefunc;
    assertEquals(Status.SUCCEEDED, run("import sys\ndef run(ctx):\n    sys.path.append('x')\n",
        Duration.ofSeconds(30)).status());
    assertSame(ts, Py.getThreadState());
    assertSame(before, Py.getSystemState());
    assertSame(trace, ts.tracefunc);
    assertEquals(0, ts.call_depth);
  }

  @Test
  void aRunStoppedAtItsDeadlineLeavesTheCallingThreadNotInterrupted() {
    assertEquals(Status.TIMED_OUT, run("import time\ndef run(ctx):\n    time.sleep(3600)\n",
        Duration.ofMillis(100)).status());
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void anInterruptOfTheCallingThreadStopsTheScriptAndStaysSet() throws Exception {
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    AtomicReference<Object> outcome = new AtomicReference<>();
    var script = runner.compile(new ScriptSource("spin", "scripts/spin.py",
        SIGNAL + "def run(ctx):\n    S.getField('STARTED').get(None).countDown()\n    while True:\n        pass\n"));
    Thread caller = new Thread(() -> {
      ScriptOutcome o;
      try {
        o = runner.run(script, new ScriptCall(EntryPoint.RUN, Map.of(), Duration.ofMinutes(5), "spin"));
      } catch (RuntimeException e) {
        outcome.set(e);
        throw e;
      }
      outcome.set(o);
      stillInterrupted.set(Thread.currentThread().isInterrupted() && o.status() == Status.FAILED);
    });
    caller.start();
    while (!ScriptSignals.STARTED.await(10, TimeUnit.MILLISECONDS)) {
      assertTrue(caller.isAlive(), () -> "the script ended before it could be interrupted: " + outcome.get());
    }
    caller.interrupt();
    caller.join();
    assertTrue(stillInterrupted.get());
  }

  @Test
  void aScriptStuckPastGraceHasItsSlotReplacedAndTimesOutWhenItReturns() throws Exception {
    var script = runner.compile(new ScriptSource("stuck", "scripts/stuck.py", SIGNAL + "def run(ctx):\n"
        + "    S.getField('BLOCKED').get(None).countDown()\n"
        + "    S.getField('GATE').get(None).acquireUninterruptibly()\n"));
    CompletableFuture<ScriptOutcome> stuck = CompletableFuture.supplyAsync(
        () -> runner.run(script, new ScriptCall(EntryPoint.RUN, Map.of(), Duration.ofMillis(100), "stuck")));
    while (!ScriptSignals.BLOCKED.await(10, TimeUnit.MILLISECONDS)) {
      assertFalse(stuck.isDone(), () -> "the script did not block: " + stuck.join());
    }
    // the only slot is stuck: this run needs the replacement
    assertEquals(Status.SUCCEEDED, run("def run(ctx):\n    return {}\n", Duration.ofSeconds(30)).status());
    ScriptSignals.GATE.release();
    ScriptOutcome outcome = stuck.get();
    assertEquals(Status.TIMED_OUT, outcome.status(), outcome::toString);
    String traceback = outcome.error().orElseThrow().traceback();
    assertTrue(traceback.contains("File \"scripts/stuck.py\", line 5, in run"),
        () -> "the traceback must say where the script was stuck: " + traceback);
  }
}
