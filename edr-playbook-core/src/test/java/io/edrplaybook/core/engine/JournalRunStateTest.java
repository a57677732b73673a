package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationDetails;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.Plan;
import io.edrplaybook.api.PlannedInvocation;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.InMemoryJournal;
import io.edrplaybook.spi.PlaybookListener;
import io.edrplaybook.spi.ScriptOutcome;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The journal owns run state; an event is its organization and id. */
class JournalRunStateTest {
  private final FakeRunner runner = new FakeRunner();

  @Test
  void sameEventIdInTwoOrganizationsRunsBothAndEachHistoryShowsOnlyItsOwn() {
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      EventOutcome acme = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      EventOutcome globex = await(engine.submit(event("ev-1", "globex", "Laptops", Classification.MALICIOUS)));
      assertEquals(3, acme.results().size());
      assertEquals(1, globex.results().size(), "globex's event is not acme's: " + globex);
      assertTrue(globex.skipped().isEmpty());
      assertEquals(1, runner.callsOf("g-slack.py").size());
      ClassificationDetails a = engine.history("acme", "ev-1");
      ClassificationDetails g = engine.history("globex", "ev-1");
      assertEquals("acme", a.organization());
      assertEquals(3, a.runs().size());
      assertEquals(1, g.runs().size());
      assertEquals(1, a.classifications().size());
      assertEquals(1, g.classifications().size());
      assertFalse(g.classifications().get(0).isReclassification(), "globex's event was never classified before");
      for (HistoryEntry e : a.entries()) {
        assertEquals("acme", e.organization());
      }
      for (HistoryEntry e : g.entries()) {
        assertEquals("globex", e.organization());
      }
    }
  }

  @Test
  void historyByIdAloneRefusesAnIdTwoOrganizationsHaveAndNamesThem() {
    try (CorePlaybookEngine engine = Fixtures.engine(runner).configuration(Fixtures.acme()).build()) {
      await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      assertEquals("acme", engine.history("ev-1").organization(), "one organization has it: the id is enough");
      await(engine.submit(event("ev-1", "globex", "Laptops", Classification.MALICIOUS)));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.history("ev-1"));
      assertTrue(e.getMessage().contains("acme") && e.getMessage().contains("globex"), e.getMessage());
      assertTrue(engine.history("ev-404").isEmpty());
    }
  }

  @Test
  void aNewEngineOnTheJournalPlansFromTheJournal() {
    InMemoryJournal journal = new InMemoryJournal();
    try (CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).configuration(Fixtures.acme()).build()) {
      await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    }
    try (CorePlaybookEngine again = Fixtures.engine(new FakeRunner()).journal(journal)
        .configuration(Fixtures.acme()).build()) {
      Plan p = again.plan(event("ev-1", "acme", "Laptops", Classification.MALICIOUS));
      assertTrue(p.invocations().stream().noneMatch(PlannedInvocation::willRun), p.toString());
      Plan other = again.plan(event("ev-1", "globex", "Laptops", Classification.MALICIOUS));
      assertTrue(other.invocations().stream().allMatch(PlannedInvocation::willRun), other.toString());
    }
  }

  @Test
  void aLateAnswerAfterTheJournalEndedTheRunChangesNothingAndListenersAreNotToldTwice() throws Exception {
    InMemoryJournal journal = new InMemoryJournal();
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    runner.on("fw.py", c -> {
      running.countDown();
      try {
        answer.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ScriptOutcome.succeeded(null, "", false);
    });
    List<InvocationResult> heard = new CopyOnWriteArrayList<>();
    try (CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).listener(new PlaybookListener() {
      @Override
      public void onFinished(InvocationResult result) {
        heard.add(result);
      }
    }).configuration(Fixtures.acme()).build()) {
      CompletableFuture<EventOutcome> f =
          engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)).toCompletableFuture();
      assertTrue(running.await(30, TimeUnit.SECONDS));
      // another engine sharing the journal took this one for dead and ended the run
      Invocation fw = engine.history("acme", "ev-1").entries().stream()
          .filter(InvocationStarted.class::isInstance).map(e -> ((InvocationStarted) e).invocation())
          .filter(i -> i.connector().equals("Edge FW")).findFirst().orElseThrow();
      assertTrue(journal.finished(InvocationResult.notRun(fw, InvocationStatus.INTERRUPTED, Instant.now(),
          "interrupted by another engine")));
      answer.countDown();
      await(f);
      List<InvocationResult> fwRecords = engine.history("acme", "ev-1").runs().stream()
          .filter(r -> r.invocation().connector().equals("Edge FW")).toList();
      assertEquals(1, fwRecords.size());
      assertEquals(InvocationStatus.INTERRUPTED, fwRecords.get(0).status());
      engine.close(); // delivers every pending notification
      assertTrue(heard.stream().noneMatch(r -> r.invocation().id().equals(fw.id())),
          "the late SUCCEEDED answer must not reach the listeners: " + heard);
      assertEquals(2, heard.size(), "the other two runs are told once each: " + heard);
    }
  }

  @Test
  void anInterruptedRunOfAnIdempotentActionRunsOnceMoreAsItsNextAttempt() {
    InMemoryJournal stopped = new InMemoryJournal();
    Invocation inv = new Invocation("inv-1", "ev-7", "acme", Classification.MALICIOUS, "Block Address", "Edge FW",
        "firewall", "fake", "jb-1", false, 1);
    stopped.claim(inv);
    stopped.started(new InvocationStarted(inv, Instant.now()));
    var idempotent = Fixtures.withAction("Block Address", a -> new Action(a.organization(), a.name(),
        a.description(), a.scripts(), a.timeout(), a.retry(), true));
    try (CorePlaybookEngine engine = Fixtures.engine(runner).journal(stopped).configuration(idempotent).build()) {
      assertEquals(InvocationStatus.INTERRUPTED, engine.history("acme", "ev-7").runs().get(0).status());
      EventOutcome o = await(engine.submit(event("ev-7", "acme", "Laptops", Classification.MALICIOUS)));
      InvocationResult fw = o.result("Block Address", "Edge FW").orElseThrow();
      assertEquals(InvocationStatus.SUCCEEDED, fw.status());
      assertEquals(2, fw.invocation().attempt());
      EventOutcome again = await(engine.submit(event("ev-7", "acme", "Laptops", Classification.MALICIOUS)));
      assertTrue(again.results().isEmpty(), "once more, not twice more: " + again);
      assertEquals(1, runner.callsOf("fw.py").size());
    }
  }

  @Test
  void testButtonRunsAreKeptInTheJournalUnderItsRetention() {
    InMemoryJournal journal = new InMemoryJournal();
    try (CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).configuration(Fixtures.acme()).build()) {
      InvocationResult r = await(engine.test("acme", "SOC Slack", "IM Notification"));
      assertEquals(List.of(r), engine.history("acme", r.eventId()).runs());
      journal.forgetBefore(r.time().plusSeconds(1));
      assertTrue(engine.history("acme", r.eventId()).isEmpty(), "the Test button's history goes with the retention");
    }
  }

  @Test
  void onAFileJournalARunThatNeverStartedGivesItsClaimBackAndTheNextSubmissionRunsIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    runner.on("slack.py", c -> {
      started.countDown();
      try {
        release.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ScriptOutcome.succeeded(null, "", false);
    });
    try (io.edrplaybook.core.FileJournal journal = io.edrplaybook.core.FileJournal.open(dir.resolve("journal"));
        CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).laneConcurrency(1).laneQueueCapacity(1)
            .configuration(Fixtures.acme()).build()) {
      CompletableFuture<EventOutcome> f =
          engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)).toCompletableFuture();
      assertTrue(started.await(30, TimeUnit.SECONDS));
      release.countDown();
      EventOutcome o = await(f);
      assertEquals(InvocationStatus.REJECTED, o.result("Block Address", "Edge FW").orElseThrow().status());
      EventOutcome again = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      assertEquals(InvocationStatus.SUCCEEDED, again.result("Block Address", "Edge FW").orElseThrow().status());
      assertEquals(1, runner.callsOf("fw.py").size());
      assertTrue(await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS))).results().isEmpty());
    }
  }

  @Test
  void theEngineAsksTheJournalPeriodicallyForRunsThatCanNoLongerEndAndTellsItsListeners() throws Exception {
    FailingJournal journal = new FailingJournal();
    CountDownLatch heard = new CountDownLatch(1);
    try (CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal)
        .recoveryInterval(java.time.Duration.ofMillis(20)).listener(new PlaybookListener() {
          @Override
          public void onFinished(InvocationResult result) {
            if (result.status() == InvocationStatus.INTERRUPTED) {
              heard.countDown();
            }
          }
        }).configuration(Fixtures.acme()).build()) {
      // a shared journal found the runs of an engine whose heartbeat expired, after this one started
      Invocation other = new Invocation("inv-9", "ev-9", "acme", Classification.MALICIOUS, "Block Address",
          "Edge FW", "firewall", "fake", "jb-1", false, 1);
      journal.toRecover.add(InvocationResult.notRun(other, InvocationStatus.INTERRUPTED, Instant.now(),
          "interrupted: its engine stopped"));
      assertTrue(heard.await(30, TimeUnit.SECONDS), "the periodic recovery was never asked or never told");
      assertTrue(engine.health().accepting());
    }
  }
}
