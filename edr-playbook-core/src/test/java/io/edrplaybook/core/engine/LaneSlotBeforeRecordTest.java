package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.Device;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.SecurityEvent;
import io.edrplaybook.core.CorePlaybookEngine;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With a journal whose writes wait (a commit), a run gives its lane slot back once its runner
 * returned: the lane's next run does not wait for the end record of the one before.
 */
class LaneSlotBeforeRecordTest {
  private final FakeRunner runner = new FakeRunner();

  @Test
  void aLaneStartsItsNextRunWhileTheEndOfTheRunBeforeIsBeingRecorded() throws Exception {
    FailingJournal journal = new FailingJournal();
    try (CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).laneConcurrency(1)
        .configuration(Fixtures.acme()).build()) {
      CountDownLatch hold = new CountDownLatch(1);
      journal.endsHeld = new CountDownLatch(3);
      journal.holdEnds = hold;
      CompletionStage<EventOutcome> outcome = engine.submit(SecurityEvent.builder().id("ev-1").organization("acme")
          .device(Device.of("LAPTOP-7", "Laptops", "10.1.2.3", "Windows 11"))
          .classification(Classification.MALICIOUS).time(Instant.parse("2026-01-01T00:00:00Z"))
          .details(Map.of("rule", "Ransomware")).build());
      // one slot, three runs on the default JumpBox: each end waits in the journal, yet every run ran
      assertTrue(journal.endsHeld.await(10, TimeUnit.SECONDS),
          "every run reached its end record while the ends before it were still being written: "
              + runner.calls.size() + " of 3 ran");
      assertEquals(3, runner.calls.size());
      hold.countDown();
      assertEquals(3, await(outcome).results().size());
    }
  }
}
