package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.LaneLoad;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.FileJournal;
import io.edrplaybook.core.InMemoryJournal;
import io.edrplaybook.spi.ExecutionJournal;
import io.edrplaybook.spi.ScriptOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's wait for a lane slot is stored with its start, in every journal. */
class QueueTimeRecordTest {
  private static final EventKey EV = new EventKey("acme", "ev-1");

  @TempDir
  Path dir;

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      assertTrue(latch.await(30, TimeUnit.SECONDS), "the first run did not start");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs ev-1's three runs in a lane of one slot; the first holds it until the other two wait. */
  private static void runBehindOneAnother(ExecutionJournal journal) {
    FakeRunner runner = new FakeRunner();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch first = new CountDownLatch(1);
    for (String script : List.of("slack.py", "teams.py", "fw.py")) {
      runner.on(script, c -> {
        first.countDown();
        awaitQuietly(release);
        return ScriptOutcome.succeeded(null, "", false);
      });
    }
    try (CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).laneConcurrency(1)
        .configuration(Fixtures.acme()).build()) {
      CompletableFuture<EventOutcome> f =
          engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)).toCompletableFuture();
      awaitQuietly(first);
      assertEquals(List.of(new LaneLoad("jb-1", 1, 2)), engine.health().lanes(), "two runs wait for the slot");
      release.countDown();
      await(f);
    } finally {
      release.countDown();
    }
  }

  private static List<InvocationStarted> starts(List<HistoryEntry> history) {
    return history.stream().filter(e -> e instanceof InvocationStarted).map(e -> (InvocationStarted) e).toList();
  }

  private static void assertTwoWaited(List<InvocationStarted> starts) {
    assertEquals(3, starts.size(), starts.toString());
    long waited = starts.stream().filter(s -> s.queued().compareTo(Duration.ZERO) > 0).count();
    assertTrue(waited >= 2, "the two runs behind the first record their wait: " + starts);
  }

  @Test
  void aRunThatWaitedForALaneSlotRecordsItsQueueTime() {
    InMemoryJournal journal = new InMemoryJournal();
    runBehindOneAnother(journal);
    assertTwoWaited(starts(journal.history(EV)));
  }

  @Test
  void theQueueTimeSurvivesAFileJournalReopen() throws Exception {
    Path file = dir.resolve("journal");
    List<InvocationStarted> before;
    try (FileJournal journal = FileJournal.open(file)) {
      runBehindOneAnother(journal);
      before = starts(journal.history(EV));
    }
    try (FileJournal reopened = FileJournal.open(file)) {
      List<InvocationStarted> after = starts(reopened.history(EV));
      assertTwoWaited(after);
      assertEquals(new java.util.HashSet<>(before), new java.util.HashSet<>(after));
    }
  }
}
