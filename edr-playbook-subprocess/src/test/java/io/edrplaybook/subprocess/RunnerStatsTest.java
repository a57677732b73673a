package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.RunnerStats;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptRunner;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the cpython runner reports of its workers (python3). */
class RunnerStatsTest {

  @Test
  void aWorkerKilledInARunIsCountedAsAReplacement() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "pidNamespace", "off")) {
      CompiledScript ok = Pythons.compile(runner, "ok.py", "def run(ctx):\n    return {}\n");
      CompiledScript dies = Pythons.compile(runner, "dies.py",
          "import os, signal\ndef run(ctx):\n    os.kill(os.getpid(), signal.SIGKILL)\n");
      assertEquals(ScriptOutcome.Status.SUCCEEDED, Pythons.run(runner, ok, Map.of(), Duration.ofSeconds(20)).status());
      long before = runner.stats().replacements();
      assertEquals(ScriptOutcome.Status.FAILED, Pythons.run(runner, dies, Map.of(), Duration.ofSeconds(20)).status());
      RunnerStats after = runner.stats();
      assertEquals(before + 1, after.replacements(), after.toString());
      assertTrue(after.ready(), after.toString());
    }
  }

  @Test
  void aWorkerThatServesRunsIsAliveAndNotCountedAsReplaced() {
    try (ScriptRunner runner = Pythons.runner("workers", 1, "pidNamespace", "off")) {
      CompiledScript ok = Pythons.compile(runner, "ok.py", "def run(ctx):\n    return {}\n");
      long before = runner.stats().replacements();
      Pythons.run(runner, ok, Map.of(), Duration.ofSeconds(20));
      Pythons.run(runner, ok, Map.of(), Duration.ofSeconds(20));
      assertEquals(before, runner.stats().replacements());
      assertEquals(1, runner.stats().workersAlive());
    }
  }

  @Test
  void aClosedRunnerSaysItCannotStartWork() {
    ScriptRunner runner = Pythons.runner("workers", 1, "pidNamespace", "off");
    runner.close();
    RunnerStats s = runner.stats();
    assertFalse(s.ready());
    assertTrue(s.problem().orElseThrow().contains("closed"), s.toString());
  }
}
