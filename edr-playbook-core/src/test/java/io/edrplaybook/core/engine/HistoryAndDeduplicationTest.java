package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.ClassificationDetails;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.InMemoryJournal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Classification details, reclassification, at most one run per key, the Test button. */
class HistoryAndDeduplicationTest {
  private final FakeRunner runner = new FakeRunner();
  private final InMemoryJournal journal = new InMemoryJournal();
  private final CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal)
      .configuration(Fixtures.acme()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void historyShowsTheClassificationAndEveryRunInOrder() {
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    ClassificationDetails d = engine.history("ev-1");
    assertTrue(d.entries().get(0) instanceof ClassificationChange);
    assertEquals(Classification.MALICIOUS, d.currentClassification().orElseThrow());
    assertEquals(3, d.runs().size());
    assertTrue(d.runs().stream().allMatch(r -> r.status() == InvocationStatus.SUCCEEDED));
    List<HistoryEntry> entries = d.entries();
    for (int i = 1; i < entries.size(); i++) {
      assertTrue(!entries.get(i).time().isBefore(entries.get(i - 1).time()), "history is chronological");
    }
  }

  @Test
  void resubmittingTheSameClassificationRunsNothingTwice() {
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    EventOutcome again = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    assertTrue(again.results().isEmpty());
    assertEquals(3, again.skipped().size());
    assertEquals(3, runner.calls.size());
    assertEquals(1, engine.history("ev-1").classifications().size());
  }

  @Test
  void concurrentResubmissionsStillRunEachKeyOnce() throws Exception {
    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      var futures = new java.util.ArrayList<java.util.concurrent.Future<EventOutcome>>();
      for (int i = 0; i < 20; i++) {
        futures.add(pool.submit(() -> await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)))));
      }
      for (var f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(3, runner.calls.size());
  }

  @Test
  void reclassificationIsRecordedAndRunsTheRowsOfTheNewClassification() {
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.INCONCLUSIVE)));
    assertTrue(runner.calls.isEmpty());
    EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    assertEquals(3, o.results().size());
    List<ClassificationChange> cs = engine.history("ev-1").classifications();
    assertEquals(2, cs.size());
    assertEquals(Classification.INCONCLUSIVE, cs.get(1).previous().orElseThrow());
    assertTrue(cs.get(1).isReclassification());
    Map<?, ?> ev = runner.calls.get(0).ctx("event");
    assertEquals("INCONCLUSIVE", ev.get("previousClassification"));
  }

  @Test
  void reclassificationRunsAgainWhatItsNewClassificationSelects() {
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS)));
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    // IM Notification is checked for both: the key includes the classification, so it runs for each
    assertEquals(2, runner.callsOf("slack.py").size());
    assertEquals(1, runner.callsOf("fw.py").size());
  }

  @Test
  void testButtonRunsTheTestEntryWithATestContextAndIsRecordedAsATest() {
    InvocationResult r = await(engine.test("acme", "SOC Slack", "IM Notification"));
    assertEquals(InvocationStatus.SUCCEEDED, r.status());
    assertTrue(r.invocation().test());
    FakeRunner.Call call = runner.calls.get(0);
    assertEquals(true, call.call().ctx().get("test"));
    assertEquals(io.edrplaybook.spi.EntryPoint.RUN, call.call().entryPoint(), "fake scripts have no test()");
    assertEquals(List.of(r), engine.history(r.eventId()).runs());
  }

  @Test
  void testButtonCallsTestWhenTheScriptDefinesIt() {
    engine.configure(Fixtures.withAction("Open Ticket", a -> io.edrplaybook.api.Action.builder()
        .organization("acme").name("Open Ticket").script(io.edrplaybook.api.ActionScript.of("ticket", "ticket.py",
            "def run(ctx):\n  pass\ndef test(ctx):\n  pass\n")).build()));
    await(engine.test("acme", "Tickets", "Open Ticket"));
    assertEquals(io.edrplaybook.spi.EntryPoint.TEST, runner.callsOf("ticket.py").get(0).call().entryPoint());
  }

  @Test
  void engineStartedOnAJournalKnowsWhatAlreadyRan() {
    await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    engine.close();
    FakeRunner second = new FakeRunner();
    try (CorePlaybookEngine again = Fixtures.engine(second).journal(journal).configuration(Fixtures.acme()).build()) {
      EventOutcome o = await(again.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      assertTrue(o.results().isEmpty());
      assertTrue(second.calls.isEmpty());
      assertEquals(3, again.history("ev-1").runs().size());
    }
  }

  @Test
  void aRunStartedButNeverEndedIsRecordedAsInterruptedAndNotRunAgain() {
    var inv = new io.edrplaybook.api.Invocation("inv-1", "ev-7", "acme", Classification.MALICIOUS,
        "Block Address", "Edge FW", "firewall", "fake", "jb-1", false, 1);
    // a journal holding a run that started and never ended, as a stopped host leaves it
    InMemoryJournal stopped = new InMemoryJournal();
    stopped.claim(inv);
    stopped.started(new io.edrplaybook.api.InvocationStarted(inv, java.time.Instant.now()));
    FakeRunner second = new FakeRunner();
    try (CorePlaybookEngine again = Fixtures.engine(second).journal(stopped).configuration(Fixtures.acme()).build()) {
      var runs = again.history("ev-7").runs();
      assertEquals(1, runs.size());
      assertEquals(InvocationStatus.INTERRUPTED, runs.get(0).status());
      await(again.submit(event("ev-7", "acme", "Laptops", Classification.MALICIOUS)));
      assertTrue(second.callsOf("fw.py").isEmpty(), "an interrupted run is left for an operator");
    }
  }
}
