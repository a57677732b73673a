package io.edrplaybook.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptOutcome;
import io.edrplaybook.spi.ScriptOutcome.Status;
import io.edrplaybook.spi.ScriptRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 7: with default settings a slow connector cannot take the workers another needs. */
class FairnessTest {
  /** The engine's default lane concurrency per JumpBox (max(4, processors)). */
  private static final int LANE = Math.max(4, Runtime.getRuntime().availableProcessors());

  @Test
  void aSlowConnectorDoesNotStarveAFastConnectorOnAnotherJumpBox(@TempDir Path dir) throws Exception {
    ExecutorService lanes = Executors.newCachedThreadPool();
    List<CompletableFuture<ScriptOutcome>> slowRuns = new ArrayList<>();
    try (ScriptRunner runner = Pythons.runner()) {
      CompiledScript slow = Pythons.compile(runner, "slow.py", "import time, os\n"
          + "def run(ctx):\n"
          + "    open(os.path.join(ctx['dir'], ctx['invocationId']), 'w').close()\n"
          + "    time.sleep(120)\n");
      CompiledScript fast = Pythons.compile(runner, "fast.py", "def run(ctx):\n    return {'n': ctx['n']}\n");
      // the slow connector's lane fills up: every run holds a worker until the runner closes
      for (int i = 0; i < 2 * LANE; i++) {
        Map<String, Object> ctx = Pythons.tenantCtx("acme", "slow",
            Map.of("dir", dir.toString(), "invocationId", "slow-" + i));
        slowRuns.add(CompletableFuture.supplyAsync(
            () -> Pythons.run(runner, slow, ctx, Duration.ofSeconds(150)), lanes));
      }
      awaitStarted(dir, Math.min(LANE, CPythonSettings.defaults().workersPerConnector()));
      // the fast connector still gets workers, each run within its own (bounded) deadline
      for (int n = 0; n < 10; n++) {
        ScriptOutcome o = Pythons.run(runner, fast, Pythons.tenantCtx("acme", "fast", Map.of("n", n)),
            Duration.ofSeconds(20));
        assertEquals(Map.of("n", n), o.result().orElseThrow(), o::toString);
      }
    } finally {
      lanes.shutdown();
    }
    for (CompletableFuture<ScriptOutcome> f : slowRuns) {
      // closing the runner ended them
      assertTrue(f.handle((o, e) -> o == null || o.status() != Status.SUCCEEDED).get(30, TimeUnit.SECONDS));
    }
  }

  private static void awaitStarted(Path dir, int runs) throws IOException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try (Stream<Path> files = Files.list(dir)) {
        if (files.count() >= runs) {
          return;
        }
      }
      if (System.nanoTime() > until) {
        throw new AssertionError("the slow runs did not start");
      }
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
