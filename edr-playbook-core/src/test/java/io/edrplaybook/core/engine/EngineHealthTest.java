package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ConnectorLoad;
import io.edrplaybook.api.EngineHealth;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.LaneLoad;
import io.edrplaybook.api.RunnerHealth;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.PlaybookListener;
import io.edrplaybook.spi.RunnerStats;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What health() shows a readiness probe, and listeners added to a built engine. */
class EngineHealthTest {

  /** A fake runner that reports stats. */
  private static final class ReportingRunner extends FakeRunner {
    volatile RunnerStats stats = new RunnerStats(3, 2, Optional.empty());

    @Override
    public RunnerStats stats() {
      return stats;
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void healthShowsEachRunnerInUseWithItsStats() {
    ReportingRunner runner = new ReportingRunner();
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      EngineHealth h = engine.health();
      assertEquals(List.of(new RunnerHealth("fake", true, Optional.empty(), 3, 2)), h.runners());
      assertTrue(h.ready());
      runner.stats = new RunnerStats(0, 2, Optional.of("no worker could be started"));
      EngineHealth down = engine.health();
      assertFalse(down.ready(), "a runner that cannot start work makes the engine not ready");
      assertTrue(down.accepting(), "it still accepts events (they end rejected, and are retried)");
      assertEquals(Optional.of("no worker could be started"), down.runners().get(0).problem());
    }
  }

  @Test
  void healthShowsEachLaneAndConnectorsRunsRunningAndWaiting() {
    FakeRunner runner = new FakeRunner();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    runner.on("slack.py", c -> {
      started.countDown();
      awaitQuietly(release);
      return ScriptOutcome.succeeded(null, "", false);
    });
    runner.on("teams.py", c -> {
      started.countDown();
      awaitQuietly(release);
      return ScriptOutcome.succeeded(null, "", false);
    });
    runner.on("fw.py", c -> {
      started.countDown();
      awaitQuietly(release);
      return ScriptOutcome.succeeded(null, "", false);
    });
    try (CorePlaybookEngine engine = Fixtures.engine(runner).laneConcurrency(1).configuration(Fixtures.acme())
        .build()) {
      CompletableFuture<EventOutcome> f =
          engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)).toCompletableFuture();
      awaitQuietly(started);
      EngineHealth h = engine.health();
      // slack, teams and the firewall share jb-1 with one slot: one runs, two wait
      assertEquals(List.of(new LaneLoad("jb-1", 1, 2)), h.lanes());
      assertEquals(3, h.runsInFlight());
      assertEquals(1, h.connectors().stream().mapToInt(ConnectorLoad::running).sum());
      assertEquals(2, h.connectors().stream().mapToInt(ConnectorLoad::queued).sum());
      assertTrue(h.connectors().stream().allMatch(c -> c.organization().equals("acme") && c.jumpBox().equals("jb-1")));
      release.countDown();
      await(f);
      assertEquals(List.of(), engine.health().connectors());
      assertEquals(0, engine.health().abandonedThreads());
    } finally {
      release.countDown();
    }
  }

  @Test
  void aListenerAddedAfterBuildHearsLaterRunsWithTheirQueueWait() {
    FakeRunner runner = new FakeRunner();
    List<InvocationResult> ended = new CopyOnWriteArrayList<>();
    List<Duration> waits = new CopyOnWriteArrayList<>();
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      engine.addListener(new PlaybookListener() {
        @Override
        public void onStarted(InvocationStarted started, Duration queueWait) {
          waits.add(queueWait);
        }

        @Override
        public void onFinished(InvocationResult result) {
          ended.add(result);
        }
      });
      EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      assertTrue(engine.awaitListeners(Duration.ofSeconds(20)));
      assertEquals(o.results().size(), ended.size());
      assertEquals(o.results().size(), waits.size());
      assertTrue(waits.stream().noneMatch(Duration::isNegative), waits.toString());
    }
  }

  @Test
  void aRemovedListenerHearsNothingMore() {
    FakeRunner runner = new FakeRunner();
    List<InvocationResult> ended = new CopyOnWriteArrayList<>();
    PlaybookListener l = new PlaybookListener() {
      @Override
      public void onFinished(InvocationResult result) {
        ended.add(result);
      }
    };
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      engine.addListener(l);
      await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      assertTrue(engine.awaitListeners(Duration.ofSeconds(20)));
      int heard = ended.size();
      engine.removeListener(l);
      await(engine.submit(event("ev-2", "acme", "Laptops", Classification.MALICIOUS)));
      assertTrue(engine.awaitListeners(Duration.ofSeconds(20)));
      assertEquals(heard, ended.size());
    }
  }

  @Test
  void theFourPartHealthReportsNoRunnersLanesOrConnectors() {
    EngineHealth h = new EngineHealth(true, true, Optional.empty(), 0);
    assertEquals(List.of(), h.runners());
    assertEquals(List.of(), h.lanes());
    assertTrue(h.ready());
  }
}
