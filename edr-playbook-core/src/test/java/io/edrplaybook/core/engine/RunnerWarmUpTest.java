package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.CompiledScript;
import io.edrplaybook.spi.ScriptCall;
import io.edrplaybook.spi.ScriptOutcome;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A run accepted while its runner still warms up waits queued; the runner is called once it is ready. */
class RunnerWarmUpTest {

  /** A runner that warms up until the test says it is ready. */
  private static final class WarmingRunner extends FakeRunner {
    final CompletableFuture<Void> warm = new CompletableFuture<>();
    final List<Boolean> readyWhenCalled = new CopyOnWriteArrayList<>();
    /** Opens when a run first waits for the warm-up, or (wrongly) is called without waiting. */
    final CountDownLatch firstRunArrived = new CountDownLatch(1);

    @Override
    public CompletionStage<Void> ready() {
      if (Thread.currentThread().getName().startsWith("edr-playbook-lane-")) {
        firstRunArrived.countDown();
      }
      return warm;
    }

    @Override
    public ScriptOutcome run(CompiledScript script, ScriptCall call) {
      readyWhenCalled.add(warm.isDone());
      firstRunArrived.countDown();
      return super.run(script, call);
    }
  }

  @Test
  void aRunWaitsForItsRunnerToWarmUpBeforeTheRunnerIsCalled() throws Exception {
    WarmingRunner runner = new WarmingRunner();
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      CompletableFuture<EventOutcome> f =
          engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)).toCompletableFuture();
      assertTrue(runner.firstRunArrived.await(30, TimeUnit.SECONDS), "no run reached the runner");
      runner.warm.complete(null);
      EventOutcome o = await(f);
      assertTrue(o.allSucceeded(), o.results().toString());
      assertEquals(List.of(true, true, true), runner.readyWhenCalled);
    }
  }
}
