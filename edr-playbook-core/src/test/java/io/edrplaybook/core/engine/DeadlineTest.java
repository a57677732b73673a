package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A run whose runner does not return by deadline + grace is recorded TIMED_OUT by the engine; its
 * lane slot goes to the next run, and its thread is reported abandoned until the runner returns.
 */
class DeadlineTest {
  private final FakeRunner runner = new FakeRunner();
  private final CountDownLatch never = new CountDownLatch(1);

  /** The firewall's runner ignores its deadline (and interrupts) until the test ends. */
  private Configuration stuckFirewall() {
    runner.on("fw.py", c -> {
      while (true) {
        try {
          never.await();
          return ScriptOutcome.succeeded(Map.of(), "", false);
        } catch (InterruptedException e) {
          // a runaway runner ignores interrupts
        }
      }
    });
    return Fixtures.withAction("Block Address", a -> a.toBuilder().timeout(Duration.ofMillis(200)).build());
  }

  private static InvocationResult firewall(EventOutcome o) {
    return o.result("Block Address", "Edge FW").orElseThrow();
  }

  @Test
  void aRunPastItsDeadlineGivesItsLaneSlotToTheNextRunThoughItsRunnerNeverReturns() {
    try (CorePlaybookEngine engine = Fixtures.engine(runner).laneConcurrency(1).configuration(stuckFirewall())
        .build()) {
      assertEquals(InvocationStatus.TIMED_OUT,
          firewall(await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)))).status());
      // the firewall's runner is still stuck in the lane's only slot's thread: the next event runs anyway
      EventOutcome next = await(engine.submit(event("ev-2", "acme", "Laptops", Classification.SUSPICIOUS)));
      assertTrue(next.allSucceeded(), next.results().toString());
    } finally {
      never.countDown();
    }
  }

  @Test
  void aLaneThreadLeftInARunnerPastTheDeadlineIsReportedUntilTheRunnerReturns() {
    CorePlaybookEngine engine = Fixtures.engine(runner).configuration(stuckFirewall()).build();
    try {
      assertEquals(InvocationStatus.TIMED_OUT,
          firewall(await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)))).status());
      assertEquals(1, engine.health().abandonedThreads());
    } finally {
      never.countDown();
      engine.close(); // waits for the lane threads to end
    }
    assertEquals(0, engine.health().abandonedThreads(), "the thread came back from its runner");
  }

  @Test
  void theTimedOutRecordIsNotWrittenOnTheWatchdogThread() {
    FailingJournal journal = new FailingJournal();
    try (CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).configuration(stuckFirewall())
        .build()) {
      InvocationResult fw = firewall(await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS))));
      assertEquals(InvocationStatus.TIMED_OUT, fw.status());
      String thread = journal.finishedOn.get(fw.invocation().id());
      // the watchdog enforces every run's deadline: a slow journal write there would hold them all
      assertFalse(thread.startsWith("edr-playbook-watchdog-"), thread);
    } finally {
      never.countDown();
    }
  }

  @Test
  void aRunnerThatStatesNoGraceStillRunsItsScripts() {
    FakeRunner noGrace = new FakeRunner() {
      @Override
      public Duration grace() {
        return null;
      }
    };
    try (CorePlaybookEngine engine = Fixtures.engine(noGrace).configuration(Fixtures.acme()).build()) {
      EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      assertTrue(o.allSucceeded(), o.results().toString());
    }
  }
}
