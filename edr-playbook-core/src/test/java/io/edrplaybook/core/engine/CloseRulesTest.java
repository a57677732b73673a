package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ConnectorLimits;
import io.edrplaybook.api.ConnectorLoad;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * close(): waits up to its grace for runs in flight, then ends what remains, each run with one
 * CANCELLED record that says whether it had started; the closing thread keeps its interrupt.
 */
class CloseRulesTest {
  private final FakeRunner runner = new FakeRunner();
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  /** Slack's runs hold their runner (ignoring interrupts) until the test releases them. */
  private FakeRunner slackHeld() {
    runner.on("slack.py", c -> {
      started.countDown();
      while (true) {
        try {
          release.await();
          return ScriptOutcome.succeeded(Map.of("message", "sent"), "", false);
        } catch (InterruptedException e) {
          // held until released
        }
      }
    });
    return runner;
  }

  private void awaitStarted() throws InterruptedException {
    assertTrue(started.await(30, TimeUnit.SECONDS), "slack never started");
  }

  private static boolean neverStarted(CorePlaybookEngine engine, InvocationResult r) {
    return engine.journal().history(r.eventKey()).stream()
        .noneMatch(e -> e instanceof InvocationStarted s && s.invocation().id().equals(r.invocation().id()));
  }

  @Test
  void closeWaitsWithinItsGraceForARunInFlightToEnd() throws Exception {
    CorePlaybookEngine engine = Fixtures.engine(slackHeld()).closeGrace(Duration.ofSeconds(30))
        .configuration(Fixtures.acme()).build();
    CompletableFuture<EventOutcome> f =
        engine.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS)).toCompletableFuture();
    awaitStarted();
    Thread closer = new Thread(engine::close, "closer");
    closer.start();
    // release the run only once close() waits for it
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (closer.getState() != Thread.State.TIMED_WAITING && closer.isAlive() && System.nanoTime() < until) {
      Thread.onSpinWait();
    }
    release.countDown();
    EventOutcome o = await(f);
    closer.join(TimeUnit.SECONDS.toMillis(30));
    assertTrue(o.allSucceeded(), o.results().toString());
    assertEquals("sent", o.result("IM Notification", "SOC Slack").orElseThrow().message());
  }

  @Test
  void runsStillWaitingForTheirLaneAtCloseAreRecordedCancelledAsNeverStarted() throws Exception {
    CorePlaybookEngine engine = Fixtures.engine(slackHeld()).laneConcurrency(1).closeGrace(Duration.ofMillis(50))
        .configuration(Fixtures.acme()).build();
    CompletableFuture<EventOutcome> f =
        engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)).toCompletableFuture();
    awaitStarted();
    engine.close();
    release.countDown();
    EventOutcome o = await(f);
    for (InvocationResult waiting : List.of(o.result("IM Notification", "SOC Teams").orElseThrow(),
        o.result("Block Address", "Edge FW").orElseThrow())) {
      assertEquals(InvocationStatus.CANCELLED, waiting.status());
      assertEquals("the engine closed before the run started", waiting.message());
      assertTrue(neverStarted(engine, waiting), waiting.toString());
    }
    InvocationResult inFlight = o.result("IM Notification", "SOC Slack").orElseThrow();
    assertEquals(InvocationStatus.CANCELLED, inFlight.status());
    assertTrue(inFlight.message().contains("in flight"), inFlight.message());
  }

  @Test
  void runsStillWaitingForTheirConnectorAtCloseAreRecordedCancelledAsNeverStarted() throws Exception {
    CorePlaybookEngine engine = Fixtures.engine(slackHeld()).closeGrace(Duration.ofMillis(50))
        .configuration(Fixtures.withConnector("SOC Slack",
            c -> c.toBuilder().limits(ConnectorLimits.concurrency(1)).build())).build();
    CompletableFuture<EventOutcome> first =
        engine.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS)).toCompletableFuture();
    awaitStarted();
    CompletableFuture<EventOutcome> second =
        engine.submit(event("ev-2", "acme", "Laptops", Classification.SUSPICIOUS)).toCompletableFuture();
    assertEquals(1, engine.health().connectors().stream().filter(c -> c.connector().equals("SOC Slack"))
        .mapToInt(ConnectorLoad::queued).sum(), "ev-2's Slack run waits for the connector");
    engine.close();
    release.countDown();
    await(first);
    InvocationResult waiting = await(second).result("IM Notification", "SOC Slack").orElseThrow();
    assertEquals(InvocationStatus.CANCELLED, waiting.status());
    assertEquals("the engine closed before the run started", waiting.message());
    assertTrue(neverStarted(engine, waiting), waiting.toString());
  }

  @Test
  void closeCalledOnAnInterruptedThreadLeavesItInterrupted() throws Exception {
    CorePlaybookEngine engine = Fixtures.engine(slackHeld()).configuration(Fixtures.acme()).build();
    CompletableFuture<EventOutcome> f =
        engine.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS)).toCompletableFuture();
    awaitStarted();
    boolean stillInterrupted;
    try {
      Thread.currentThread().interrupt();
      engine.close();
    } finally {
      stillInterrupted = Thread.interrupted();
      release.countDown();
    }
    assertTrue(stillInterrupted, "close() swallowed the caller's interrupt");
    EventOutcome o = await(f);
    assertEquals(InvocationStatus.CANCELLED, o.result("IM Notification", "SOC Slack").orElseThrow().status());
    assertFalse(o.results().isEmpty());
  }
}
