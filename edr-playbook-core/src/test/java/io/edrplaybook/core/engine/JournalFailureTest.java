package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EngineHealth;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.spi.PlaybookListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A journal that fails is never silent: refused events, listeners, health, no run without a record. */
class JournalFailureTest {
  private final FakeRunner runner = new FakeRunner();
  private final FailingJournal journal = new FailingJournal();
  private final List<JournalException> heard = new CopyOnWriteArrayList<>();
  private final CountDownLatch heardFailure = new CountDownLatch(1);
  private final CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).listener(new PlaybookListener() {
    @Override
    public void onJournalFailure(JournalException failure) {
      heard.add(failure);
      heardFailure.countDown();
    }
  }).configuration(Fixtures.acme()).build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aFailedWriteRefusesNewEventsUntilTheJournalTakesWritesAgain() throws Exception {
    journal.fail("classify");
    JournalException first = assertThrows(JournalException.class,
        () -> engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    assertTrue(first.getMessage().contains("disk full"), first.getMessage());
    assertTrue(heardFailure.await(30, TimeUnit.SECONDS), "listeners hear of the failure");
    assertTrue(heard.get(0).getMessage().contains("disk full"), heard.toString());
    EngineHealth h = engine.health();
    assertFalse(h.journalWritable());
    assertFalse(h.accepting());
    assertTrue(h.journalProblem().orElseThrow().contains("disk full"), h.toString());
    JournalException refused = assertThrows(JournalException.class,
        () -> engine.submit(event("ev-2", "acme", "Laptops", Classification.MALICIOUS)));
    assertTrue(refused.getMessage().contains("refuses new events"), refused.getMessage());
    assertTrue(runner.calls.isEmpty(), "nothing ran: " + runner.calls);

    journal.heal();
    assertTrue(engine.health().accepting(), engine.health().toString());
    EventOutcome o = await(engine.submit(event("ev-2", "acme", "Laptops", Classification.MALICIOUS)));
    assertEquals(3, o.results().size());
    assertTrue(o.allSucceeded(), o.toString());
  }

  @Test
  void aRunWhoseStartCannotBeRecordedDoesNotStartAndSaysTheJournalFailed() {
    journal.fail("started");
    EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    assertEquals(3, o.results().size());
    for (InvocationResult r : o.results()) {
      assertEquals(InvocationStatus.FAILED, r.status(), r.toString());
      assertTrue(r.message().contains("journal"), r.message());
    }
    assertTrue(runner.calls.isEmpty(), "no script ran without a record of its start: " + runner.calls);
    assertFalse(engine.health().journalWritable());
    journal.heal();
    // the runs never started and gave their claims back: submitted again, they run
    EventOutcome again = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    assertEquals(3, again.results().size());
    assertTrue(again.allSucceeded(), again.toString());
  }

  @Test
  void aFailedResultWriteIsReportedAndTheRunStaysOpenInTheJournal() throws Exception {
    journal.fail("finished");
    EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    assertTrue(o.allSucceeded(), "the host still learns the outcome: " + o);
    assertTrue(heardFailure.await(30, TimeUnit.SECONDS));
    assertFalse(engine.health().journalWritable());
    journal.heal();
    // nothing is lost without a record: each start is there, open, for recovery to end as interrupted
    var details = engine.history("acme", "ev-1");
    assertTrue(details.runs().isEmpty(), details.toString());
    assertEquals(3, details.entries().stream().filter(e -> e instanceof io.edrplaybook.api.InvocationStarted).count());
  }
}
