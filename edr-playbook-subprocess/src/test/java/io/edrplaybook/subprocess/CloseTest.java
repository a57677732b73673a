package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.RunnerUnavailableException;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the runner ends the runs in flight, kills every worker and refuses new runs. */
class CloseTest {
  private static final String PID = "import os\ndef run(ctx):\n    return {'pid': os.getpid()}\n";
  private static final String WAIT = "import os, time\ndef run(ctx):\n"
      + "    with open(ctx['started'], 'w') as f:\n        f.write(str(os.getpid()))\n"
      + "    time.sleep(3600)\n";

  @Test
  void closeEndsARunInFlightAsFailedAndKillsItsWorker(@TempDir Path dir) throws Exception {
    ScriptRunner runner = Pythons.runner("workers", 2, "pidNamespace", "off");
    Path started = dir.resolve("started");
    CompiledScript script = Pythons.compile(runner, "wait.py", WAIT);
    CompletableFuture<ScriptOutcome> inFlight = CompletableFuture.supplyAsync(() -> Pythons.run(
        runner, script, Map.of("started", started.toString()), Duration.ofMinutes(5)));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!(Files.exists(started) && Files.size(started) > 0) && System.nanoTime() < until) {
      Thread.onSpinWait();  // waiting for the script to start, not for work to finish
    }
    long pid = Long.parseLong(Files.readString(started).trim());
    runner.close();
    ScriptOutcome outcome = inFlight.get(10, TimeUnit.SECONDS);
    assertEquals(Status.FAILED, outcome.status(), outcome::toString);
    assertEquals("RunnerClosed", outcome.error().orElseThrow().type());
    assertTrue(Pythons.gone(pid), "worker " + pid + " must be killed");
  }

  @Test
  void closeKillsIdleWorkersAndRefusesNewRuns() {
    ScriptRunner runner = Pythons.runner("workers", 1, "pidNamespace", "off");
    CompiledScript script = Pythons.compile(runner, "pid.py", PID);
    long pid = ((Number) Pythons.run(runner, script, Map.of(), Duration.ofSeconds(20)).result()
        .orElseThrow().get("pid")).longValue();
    runner.close();
    assertTrue(Pythons.gone(pid), "worker " + pid + " must be killed");
    assertThrows(RunnerUnavailableException.class,
        () -> Pythons.run(runner, script, Map.of(), Duration.ofSeconds(5)));
  }
}
