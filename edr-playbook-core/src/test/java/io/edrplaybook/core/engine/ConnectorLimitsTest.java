package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.Connector;
import io.edrplaybook.api.ConnectorLimits;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.ScriptOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-connector limits queue work instead of dropping it. */
class ConnectorLimitsTest {

  private static Configuration slackLimitedTo(ConnectorLimits limits) {
    return Fixtures.withConnector("SOC Slack", c -> c.toBuilder().limits(limits).build());
  }

  @Test
  void connectorConcurrencyLimitMakesWorkWaitNotFail() {
    FakeRunner runner = new FakeRunner();
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    runner.on("slack.py", c -> {
      most.accumulateAndGet(now.incrementAndGet(), Math::max);
      Thread.yield();
      now.decrementAndGet();
      return ScriptOutcome.succeeded(null, "", false);
    });
    try (CorePlaybookEngine engine = Fixtures.engine(runner).laneConcurrency(8)
        .configuration(slackLimitedTo(ConnectorLimits.concurrency(1))).build()) {
      List<CompletableFuture<EventOutcome>> all = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        all.add(engine.submit(event("ev-" + i, "acme", "Laptops", Classification.SUSPICIOUS)).toCompletableFuture());
      }
      for (CompletableFuture<EventOutcome> f : all) {
        assertTrue(await(f).allSucceeded());
      }
      assertEquals(50, runner.callsOf("slack.py").size());
      assertEquals(1, most.get(), "never two Slack runs at once");
    }
  }

  @Test
  void rateLimitedConnectorRunsEverythingItWasGiven() {
    FakeRunner runner = new FakeRunner();
    try (CorePlaybookEngine engine = Fixtures.engine(runner)
        .configuration(slackLimitedTo(ConnectorLimits.rate(200, 2))).build()) {
      List<CompletableFuture<EventOutcome>> all = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        all.add(engine.submit(event("ev-" + i, "acme", "Laptops", Classification.SUSPICIOUS)).toCompletableFuture());
      }
      for (CompletableFuture<EventOutcome> f : all) {
        assertTrue(await(f).allSucceeded());
      }
      assertEquals(20, runner.callsOf("slack.py").size());
    }
  }

  @Test
  void workBeyondTheConnectorsWaitingRoomIsRejectedWithAReason() {
    FakeRunner runner = new FakeRunner();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    runner.on("slack.py", c -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ScriptOutcome.succeeded(null, "", false);
    });
    try (CorePlaybookEngine engine = Fixtures.engine(runner).laneQueueCapacity(1)
        .configuration(slackLimitedTo(ConnectorLimits.concurrency(1))).build()) {
      List<CompletableFuture<EventOutcome>> all = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        all.add(engine.submit(event("ev-" + i, "acme", "Laptops", Classification.SUSPICIOUS)).toCompletableFuture());
      }
      release.countDown();
      List<InvocationStatus> slack = new ArrayList<>();
      for (CompletableFuture<EventOutcome> f : all) {
        slack.add(await(f).result("IM Notification", "SOC Slack").orElseThrow().status());
      }
      assertEquals(List.of(InvocationStatus.SUCCEEDED, InvocationStatus.SUCCEEDED, InvocationStatus.REJECTED), slack);
      String reason = await(all.get(2)).result("IM Notification", "SOC Slack").orElseThrow().message();
      assertTrue(reason.contains("connector \"SOC Slack\" is at its limits"), reason);
    }
  }

  @Test
  void runsWaitingAtAConnectorsLimitWhenTheEngineClosesAreRecordedAsNeverStarted() {
    FakeRunner runner = new FakeRunner();
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    runner.on("slack.py", c -> {
      try {
        release.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ScriptOutcome.succeeded(null, "", false);
    });
    List<CompletableFuture<EventOutcome>> all = new ArrayList<>();
    try (CorePlaybookEngine engine = Fixtures.engine(runner).closeGrace(java.time.Duration.ZERO)
        .configuration(slackLimitedTo(ConnectorLimits.concurrency(1))).build()) {
      for (int i = 0; i < 3; i++) {
        all.add(engine.submit(event("ev-" + i, "acme", "Laptops", Classification.SUSPICIOUS)).toCompletableFuture());
      }
    } finally {
      release.countDown();
    }
    for (CompletableFuture<EventOutcome> waited : all.subList(1, 3)) {
      var slack = await(waited).result("IM Notification", "SOC Slack").orElseThrow();
      assertEquals(InvocationStatus.CANCELLED, slack.status());
      assertTrue(slack.message().contains("the engine closed before the run started"), slack.message());
    }
  }
}
