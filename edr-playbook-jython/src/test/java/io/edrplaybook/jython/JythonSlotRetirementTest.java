package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.spi.EntryPoint;
import io.edrplaybook.spi.RunnerSettings;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import io.edrplaybook.spi.ScriptSource;
import java.time.Duration;
import java.util.Map;
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
  void loopInAFrameWhoseTraceWasDeletedIsTimedOutAndItsSlotReplaced() {
    assertEquals(Status.TIMED_OUT, run("import sys\ndef run(ctx):\n    del sys._getframe().f_trace\n"
        + "    while True:\n        pass\n", Duration.ofMillis(200)).status());
  }
}
