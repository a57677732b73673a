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
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.InMemoryJournal;
import io.edrplaybook.spi.ScriptOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A connector's maxConcurrent through the journal's cluster slots: engines sharing a journal. */
class ClusterConnectorSlotsTest {
  private static final Configuration SLACK_LIMITED_TO_2 = Fixtures.withConnector("SOC Slack",
      c -> new Connector(c.organization(), c.name(), c.type(), c.jumpBox(), c.host(), c.port(), c.credentials(),
          c.bindings(), ConnectorLimits.concurrency(2)));

  @Test
  void maxConcurrentHoldsAcrossTwoEnginesSharingTheJournalsSlots() {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    SlotJournal.Slots slots = new SlotJournal.Slots();
    InMemoryJournal shared = new InMemoryJournal();
    try (CorePlaybookEngine a = engine(counting(now, most), new SlotJournal(shared, slots));
        CorePlaybookEngine b = engine(counting(now, most), new SlotJournal(shared, slots))) {
      List<CompletableFuture<EventOutcome>> all = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        CorePlaybookEngine e = i % 2 == 0 ? a : b;
        all.add(e.submit(event("ev-" + i, "acme", "Laptops", Classification.SUSPICIOUS)).toCompletableFuture());
      }
      for (CompletableFuture<EventOutcome> f : all) {
        assertTrue(await(f).allSucceeded());
      }
      assertTrue(most.get() <= 2, "never more than 2 Slack runs at once across both engines, saw " + most.get());
      assertEquals(0, slots.held.size(), "every slot was given back");
    }
  }

  @Test
  void aRefusedSlotMakesTheRunWaitAndItRunsOnceASlotIsFree() {
    FakeRunner runner = new FakeRunner();
    SlotJournal.Slots slots = new SlotJournal.Slots();
    slots.refuseFirst.set(4);
    try (CorePlaybookEngine e = engine(runner, new SlotJournal(new InMemoryJournal(), slots))) {
      assertTrue(await(e.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS))).allSucceeded());
      assertEquals(1, runner.callsOf("slack.py").size());
      assertTrue(slots.asks.get() >= 5, "asked again after each refusal: " + slots.asks.get());
    }
  }

  @Test
  void aJournalThatCannotGiveASlotMakesTheRunWaitNotFail() {
    FakeRunner runner = new FakeRunner();
    SlotJournal.Slots slots = new SlotJournal.Slots();
    slots.failFirst.set(3);
    try (CorePlaybookEngine e = engine(runner, new SlotJournal(new InMemoryJournal(), slots))) {
      assertTrue(await(e.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS))).allSucceeded());
      assertEquals(1, runner.callsOf("slack.py").size());
      assertEquals(0, slots.held.size());
    }
  }

  private static FakeRunner counting(AtomicInteger now, AtomicInteger most) {
    return new FakeRunner().on("slack.py", c -> {
      most.accumulateAndGet(now.incrementAndGet(), Math::max);
      try {
        Thread.sleep(5); // the script's own work: long enough for runs of both engines to overlap
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
      now.decrementAndGet();
      return ScriptOutcome.succeeded(null, "", false);
    });
  }

  private static CorePlaybookEngine engine(FakeRunner runner, SlotJournal journal) {
    return Fixtures.engine(runner).laneConcurrency(8).configuration(SLACK_LIMITED_TO_2).journal(journal).build();
  }
}
