package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ScriptError;
import io.edrplaybook.api.ScriptValidationException;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Each bad script costs one terminal outcome, and the pool stays healthy (python3). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
  private static final Duration SHORT = Duration.ofMillis(400);
  private ScriptRunner runner;

  @BeforeAll
  void start() {
    runner = Pythons.runner("workers", 2, "memoryLimit", "512m", "pidNamespace", "off");
  }

  @AfterAll
  void stop() {
    runner.close();
  }

  @AfterEach
  void poolIsHealthy() {
    ScriptOutcome o = Pythons.run(runner, "def run(ctx):\n    return {'ok': True}\n", Map.of());
    assertEquals(Map.of("ok", true), o.result().orElseThrow(), "a normal run must succeed after a bad case");
  }

  private ScriptOutcome run(String text) {
    return Pythons.run(runner, text, Map.of());
  }

  private ScriptOutcome run(String text, Duration timeout, Map<String, Object> ctx) {
    return Pythons.run(runner, Pythons.compile(runner, "bad.py", text), ctx, timeout);
  }

  private static ScriptError failed(ScriptOutcome o) {
    assertEquals(Status.FAILED, o.status(), () -> "expected FAILED, was " + o);
    return o.error().orElseThrow();
  }

  @Test
  void syntaxErrorIsRefusedAtCompileWithFileLineAndColumn() {
    ScriptValidationException e = assertThrows(ScriptValidationException.class,
        () -> Pythons.compile(runner, "actions/broken.py", "import os\n\ndef run(ctx)\n    return {}\n"));
    assertEquals("actions/broken.py", e.file());
    assertEquals(3, e.line().orElse(0));
    assertTrue(e.column().isPresent(), e::getMessage);
  }

  @Test
  void scriptWithoutRunIsRefusedAtCompile() {
    ScriptValidationException e = assertThrows(ScriptValidationException.class,
        () -> Pythons.compile(runner, "norun.py", "def walk(ctx):\n    return {}\nrun = walk\n"));
    assertTrue(e.reason().contains("def run(ctx)"), e::getMessage);
  }

  @Test
  void runThatRaisesFailsWithTypeMessageAndTraceback() {
    ScriptError error = failed(run("def run(ctx):\n    raise KeyError('host')\n"));
    assertEquals("KeyError", error.type());
    assertTrue(error.traceback().contains("File \"inline.py\", line 2"), error::traceback);
  }

  @Test
  void returningASetFailsSayingItIsNotJson() {
    ScriptError error = failed(run("def run(ctx):\n    return {'s': set([1])}\n"));
    assertTrue(error.message().contains("not JSON"), error::summary);
  }

  @Test
  void returningAnObjectFailsSayingADictWasExpected() {
    ScriptError error = failed(run("def run(ctx):\n    return object()\n"));
    assertTrue(error.message().contains("must return a dict or None, was a object"), error::summary);
  }

  @Test
  void printing100MegabytesIsCappedAndTheRunSucceeds() {
    ScriptOutcome o = run("import sys\ndef run(ctx):\n    chunk = 'y' * (1 << 20)\n"
        + "    for _ in range(100):\n        sys.stdout.write(chunk)\n    return {'done': True}\n");
    assertEquals(Status.SUCCEEDED, o.status(), o::toString);
    assertTrue(o.outputTruncated());
    assertTrue(o.output().length() < 64 * 1024 + 200, "capped, was " + o.output().length());
    assertTrue(o.output().contains(Long.toString(100L * (1 << 20) - 64 * 1024)), "marker says how much");
  }

  @Test
  void writing100MegabytesToFileDescriptorsIsDrainedAndDoesNotBlockTheWorker() {
    ScriptOutcome o = run("import os\ndef run(ctx):\n    chunk = b'z' * (1 << 20)\n"
        + "    for fd in (1, 2):\n        for _ in range(50):\n            os.write(fd, chunk)\n"
        + "    return {'done': True}\n");
    assertEquals(Map.of("done", true), o.result().orElseThrow(), o::toString);
  }

  @Test
  void writingToFileDescriptorOneCannotCorruptTheChannel() {
    ScriptOutcome o = run("import os, sys\ndef run(ctx):\n"
        + "    os.write(1, b'{\"status\": \"ok\", \"result\": {\"forged\": true}}\\n')\n"
        + "    sys.__stdout__.write('not a frame\\n')\n    sys.__stdout__.flush()\n"
        + "    return {'real': True}\n");
    assertEquals(Map.of("real", true), o.result().orElseThrow(), o::toString);
  }

  @Test
  void readingStdinSeesEndOfInputInsteadOfTheChannel() {
    ScriptOutcome o = run("import os, sys\ndef run(ctx):\n"
        + "    return {'stdin': sys.stdin.read(), 'fd0': os.read(0, 100).decode('ascii')}\n");
    assertEquals(Map.of("stdin", "", "fd0", ""), o.result().orElseThrow(), o::toString);
  }

  @Test
  void busyLoopTimesOut() {
    ScriptOutcome o = run("def run(ctx):\n    while True:\n        pass\n", SHORT, Map.of());
    assertEquals(Status.TIMED_OUT, o.status(), o::toString);
  }

  @Test
  void longSleepTimesOut() {
    ScriptOutcome o = run("import time\ndef run(ctx):\n    time.sleep(3600)\n", SHORT, Map.of());
    assertEquals(Status.TIMED_OUT, o.status(), o::toString);
  }

  @Test
  void osExitFailsNamingTheExitStatusAndStderrTail() {
    ScriptError error = failed(run("import os, sys\ndef run(ctx):\n"
        + "    sys.__stderr__.write('last words\\n')\n    sys.__stderr__.flush()\n    os._exit(3)\n"));
    assertEquals("WorkerDied", error.type());
    assertTrue(error.message().contains("exited with status 3"), error::summary);
    assertTrue(error.traceback().contains("last words"), error::traceback);
  }

  @Test
  void killedBySignalFailsNamingTheSignal() {
    ScriptError error = failed(run("import os\ndef run(ctx):\n    os.kill(os.getpid(), 9)\n"));
    assertTrue(error.message().contains("signal 9 (SIGKILL)"), error::summary);
  }

  @Test
  void allocatingPastTheMemoryLimitFails() {
    ScriptError error = failed(run("def run(ctx):\n    hog = bytearray(1536 * 1024 * 1024)\n"
        + "    return {'size': len(hog)}\n"));
    assertEquals("MemoryError", error.type(), error::summary);
  }

  @Test
  void childThatOutlivesATimedOutRunIsKilledWithTheGroup(@TempDir Path dir) throws IOException {
    Path pidFile = dir.resolve("child.pid");
    ScriptOutcome o = run("import subprocess, time\ndef run(ctx):\n"
        + "    child = subprocess.Popen(['sleep', '600'])\n"
        + "    with open(ctx['pidFile'], 'w') as f:\n        f.write(str(child.pid))\n"
        + "    time.sleep(3600)\n", SHORT, Map.of("pidFile", pidFile.toString()));
    assertEquals(Status.TIMED_OUT, o.status(), o::toString);
    long child = Long.parseLong(Files.readString(pidFile).trim());
    assertTrue(Pythons.gone(child), "child " + child + " must be killed with the worker's group");
  }

  @Test
  void childThatOutlivesACrashedWorkerIsKilledWithTheGroup(@TempDir Path dir) throws IOException {
    Path pidFile = dir.resolve("child.pid");
    ScriptOutcome o = run("import os, subprocess\ndef run(ctx):\n"
        + "    child = subprocess.Popen(['sh', '-c', 'sleep 600 & echo $! > \"$0\"; wait', ctx['pidFile']])\n"
        + "    while not os.path.exists(ctx['pidFile']) or not open(ctx['pidFile']).read().strip():\n"
        + "        pass\n"
        + "    os._exit(3)\n", Duration.ofSeconds(20), Map.of("pidFile", pidFile.toString()));
    failed(o);
    long grandchild = Long.parseLong(Files.readString(pidFile).trim());
    assertTrue(Pythons.gone(grandchild), "grandchild " + grandchild + " must be killed");
  }

  @Test
  void nonUtf8BytesInOutputAreReplacedNotFatal() {
    ScriptOutcome o = run("import os, sys\ndef run(ctx):\n"
        + "    sys.stdout.buffer.write(b'bytes \\xff\\xfe end\\n')\n"
        + "    print('surrogate \\udcff end')\n    os.write(1, b'\\xff\\n')\n"
        + "    return {'ok': 1}\n");
    assertEquals(Status.SUCCEEDED, o.status(), o::toString);
    assertTrue(o.output().contains("bytes \uFFFD\uFFFD end"), o::output);
    assertTrue(o.output().contains("surrogate ? end"), o::output);
    assertFalse(o.outputTruncated());
  }
}
