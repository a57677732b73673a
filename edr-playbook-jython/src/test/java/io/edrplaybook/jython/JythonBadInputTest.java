package io.edrplaybook.jython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.api.ScriptValidationException;
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
 * The bad input of issue 3: each case gives exactly one outcome, and afterwards the pool still
 * runs a normal script.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JythonBadInputTest {
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration NORMAL = Duration.ofSeconds(30);

  private ScriptRunner runner;

  @BeforeAll
  void start() {
    runner = new JythonScriptRunnerProvider().create(RunnerSettings.empty("jython")
        .with("poolSize", 2).with("outputCap", "64k").with("warmUp", false));
  }

  @AfterAll
  void stop() {
    runner.close();
  }

  @AfterEach
  void poolIsStillHealthy() {
    ScriptOutcome outcome = run("def run(ctx):\n    return {'ok': True}\n", Map.of(), NORMAL);
    assertEquals(Map.of("ok", true), outcome.result().orElseThrow(), "a normal run after a bad case");
  }

  private ScriptOutcome run(String source, Map<String, Object> ctx, Duration timeout) {
    var script = runner.compile(new ScriptSource("bad", "scripts/bad.py", source));
    return runner.run(script, new ScriptCall(EntryPoint.RUN, ctx, timeout, "bad-input"));
  }

  private ScriptError failure(ScriptOutcome outcome) {
    assertEquals(Status.FAILED, outcome.status(), () -> outcome.toString());
    return outcome.error().orElseThrow();
  }

  @Test
  void syntaxErrorIsRefusedAtConfigurationWithFileLineAndColumn() {
    ScriptValidationException e = assertThrows(ScriptValidationException.class,
        () -> run("def run(ctx):\n    x = (1 +\n    return x\n", Map.of(), NORMAL));
    assertEquals("scripts/bad.py", e.file());
    assertEquals(3, e.line().orElse(0), e::getMessage);
    assertTrue(e.column().isPresent(), e::getMessage);
  }

  @Test
  void nonAsciiSourceWithoutACodingLineIsRefusedNamingItsLine() {
    ScriptValidationException e = assertThrows(ScriptValidationException.class,
        () -> run("def run(ctx):\n    return {'x': u'Grüße'}\n", Map.of(), NORMAL));
    assertEquals(2, e.line().orElse(0), e::getMessage);
    assertTrue(e.getMessage().contains("coding"), e::getMessage);
    assertEquals(ScriptValidationException.ENCODING_ERROR, e.type(), e::getMessage);
  }

  @Test
  void scriptWithoutRunIsRefusedWithAClearMessage() {
    ScriptValidationException e = assertThrows(ScriptValidationException.class,
        () -> run("def main(ctx):\n    return {}\n", Map.of(), NORMAL));
    assertTrue(e.getMessage().contains("def run(ctx)"), e::getMessage);
  }

  @Test
  void runThatRaisesFailsWithTypeMessageAndTraceback() {
    ScriptError error = failure(run("def run(ctx):\n    raise KeyError('host')\n", Map.of(), NORMAL));
    assertEquals("KeyError", error.type());
    assertTrue(error.traceback().contains("File \"scripts/bad.py\", line 2, in run"), error::traceback);
  }

  @Test
  void returningASetFails() {
    ScriptError error = failure(run("def run(ctx):\n    return {'s': set([1])}\n", Map.of(), NORMAL));
    assertTrue(error.message().contains("set"), error::message);
  }

  @Test
  void returningAJavaObjectInsideTheResultFails() {
    ScriptError error = failure(run(
        "from java.util import ArrayList\ndef run(ctx):\n    return {'x': ArrayList()}\n", Map.of(), NORMAL));
    assertTrue(error.message().contains("not JSON"), error::message);
  }

  @Test
  void returningAJavaMapFails() {
    ScriptError error = failure(run(
        "from java.util import HashMap\ndef run(ctx):\n    return HashMap()\n", Map.of(), NORMAL));
    assertTrue(error.message().contains("dict"), error::message);
  }

  @Test
  void tenMegabytesOfPrintAreCappedAndTheRunSucceeds() {
    ScriptOutcome outcome = run("import sys\ndef run(ctx):\n    sys.stdout.write('y' * (10 * 1024 * 1024))\n"
        + "    return {'done': True}\n", Map.of(), NORMAL);
    assertEquals(Status.SUCCEEDED, outcome.status());
    assertTrue(outcome.outputTruncated());
    assertTrue(outcome.output().length() < 70 * 1024, () -> "length " + outcome.output().length());
    assertTrue(outcome.output().contains((10 * 1024 * 1024 - 64 * 1024) + " more characters"),
        () -> outcome.output().substring(64 * 1024));
  }

  @Test
  void infiniteLoopTimesOut() {
    assertEquals(Status.TIMED_OUT, run("def run(ctx):\n    while True:\n        pass\n", Map.of(), SHORT).status());
  }

  @Test
  void loopInsideBareExceptTimesOut() {
    assertEquals(Status.TIMED_OUT, run("def run(ctx):\n    while True:\n        try:\n"
        + "            while True:\n                pass\n        except:\n            pass\n", Map.of(), SHORT).status());
  }

  @Test
  void sleepingAnHourTimesOut() {
    assertEquals(Status.TIMED_OUT, run("import time\ndef run(ctx):\n    time.sleep(3600)\n", Map.of(), SHORT).status());
  }

  @Test
  void javaThreadSleepTimesOut() {
    assertEquals(Status.TIMED_OUT, run("from java.lang import Thread\ndef run(ctx):\n"
        + "    Thread.sleep(3600000)\n", Map.of(), SHORT).status());
  }

  @Test
  void recursionPastTheLimitFails() {
    ScriptError error = failure(run("def f(n):\n    return f(n + 1)\ndef run(ctx):\n    return f(0)\n", Map.of(), NORMAL));
    assertEquals("RuntimeError", error.type());
  }

  @Test
  void sysExitThreeFails() {
    ScriptError error = failure(run("import sys\ndef run(ctx):\n    sys.exit(3)\n", Map.of(), NORMAL));
    assertEquals("SystemExit", error.type());
    assertEquals("3", error.message());
  }

  @Test
  void settraceNoneThenLoopTimesOut() {
    assertEquals(Status.TIMED_OUT, run("import sys\ndef run(ctx):\n    sys.settrace(None)\n"
        + "    while True:\n        pass\n", Map.of(), SHORT).status());
  }

  @Test
  void nonAsciiOutputIsCapturedIntact() {
    ScriptOutcome outcome = run("# -*- coding: utf-8 -*-\nfrom __future__ import print_function\n"
        + "def run(ctx):\n    print(u'Grüße ✓ ' + ctx['city'])\n    print('bytes: café')\n    return None\n",
        Map.of("city", "東京"), NORMAL);
    assertEquals(Status.SUCCEEDED, outcome.status(), outcome::toString);
    assertEquals("Grüße ✓ 東京\nbytes: café\n", outcome.output());
  }
}
