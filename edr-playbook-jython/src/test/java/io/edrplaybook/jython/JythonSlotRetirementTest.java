package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Scripts the trace hook cannot stop, with {@code isolateThreads}: past deadline + grace their slot
 * is retired, {@code run} returns TIMED_OUT, and a new slot takes its place (the pool has one
 * slot, so the next run needs it). On the calling thread see {@link JythonCallerThreadTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JythonSlotRetirementTest {
  private ScriptRunner runner;

  @BeforeAll
  void start() {
    runner = new JythonScriptRunnerProvider().create(RunnerSettings.empty("jython")
        .with("poolSize", 1).with("grace", "PT0.3S").with("warmUp", false).with("isolateThreads", true));
  }

  @AfterAll
  void stop() {
    runner.close();
  }

  @AfterEach
  void aReplacementSlotRunsTheNextScript() {
    assertEquals(Status.SUCCEEDED, run("def run(ctx):\n    return {}\n", Duration.ofSeconds(30)).status());
  }

  private ScriptOutcome run(String source, Duration timeout) {
    var script = runner.compile(new ScriptSource("stuck", "scripts/stuck.py", source));
    return runner.run(script, new ScriptCall(EntryPoint.RUN, Map.of(), timeout, "retirement"));
  }

  @Test
  void uninterruptibleJavaWaitIsTimedOutAndItsSlotReplaced() {
    assertEquals(Status.TIMED_OUT, run("from java.util.concurrent import Semaphore\n"
        + "def run(ctx):\n    Semaphore(0).acquireUninterruptibly()\n", Duration.ofMillis(200)).status());
  }

  @Test
  void aRetiredSlotIsCountedAsAReplacementInTheRunnersStats() {
    long before = runner.stats().replacements();
    assertEquals(Status.TIMED_OUT, run("from java.util.concurrent import Semaphore\n"
        + "def run(ctx):\n    Semaphore(0).acquireUninterruptibly()\n", Duration.ofMillis(200)).status());
    assertEquals(before + 1, runner.stats().replacements());
    assertTrue(runner.stats().ready(), runner.stats().toString());
  }

  @Test
  void aRunRetiredPastTheGraceKeepsItsOutputAndSaysWhereItWasStuck() {
    ScriptOutcome outcome = run("from java.util.concurrent import Semaphore\n"
        + "def wait_at_the_gate():\n    Semaphore(0).acquireUninterruptibly()\n"
        + "def run(ctx):\n    print('waiting at the gate')\n    wait_at_the_gate()\n", Duration.ofMillis(200));
    assertEquals(Status.TIMED_OUT, outcome.status());
    assertTrue(outcome.output().contains("waiting at the gate"), outcome::toString);
    String traceback = outcome.error().orElseThrow().traceback();
    assertTrue(traceback.contains("scripts/stuck.py") && traceback.contains("line 3, in wait_at_the_gate")
        && traceback.contains("line 6, in run"), traceback);
  }

  @Test
  void anAbandonedSlotThreadIsLeftRunningFlaggedAndStoppedAtItsNextLine() throws Exception {
    ScriptOutcome outcome = run(ScriptSignals.IMPORT + "import sys\ndef run(ctx):\n"
        + "    sys.stdout.write(S.getField('LATE').get(None).get())\n"
        + "    while True:\n        pass\n", Duration.ofMillis(200));
    assertEquals(Status.TIMED_OUT, outcome.status());
    ScriptSignals.LATE_GATE.release();
    // Thread.stop (refused from JDK 20 on) would have killed it before it got through the gate
    assertTrue(ScriptSignals.PASSED_LATE_GATE.await(20, TimeUnit.SECONDS),
        "the abandoned thread must be left to run, not stopped");
    Thread abandoned = ScriptSignals.lateGateThread;
    assertTrue(abandoned.getName().endsWith("-abandoned"), abandoned::getName);
    abandoned.join(20_000);
    assertFalse(abandoned.isAlive(), "the tracer stays armed: the script must end at its next line");
    ScriptOutcome next = run("import sys\ndef run(ctx):\n    sys.stdout.write('next run')\n",
        Duration.ofSeconds(30));
    assertEquals("next run", next.output(), "nothing of the abandoned run may reach a later run");
  }

  @Test
  void loopInAFrameWhoseTraceWasDeletedIsTimedOutAndItsSlotReplaced() {
    assertEquals(Status.TIMED_OUT, run("import sys\ndef run(ctx):\n    del sys._getframe().f_trace\n"
        + "    while True:\n        pass\n", Duration.ofMillis(200)).status());
  }
}
