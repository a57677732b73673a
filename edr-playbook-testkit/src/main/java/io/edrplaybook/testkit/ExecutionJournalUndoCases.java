package io.edrplaybook.testkit;

import static io.edrplaybook.api.Classification.LIKELY_SAFE;
import static io.edrplaybook.api.Classification.MALICIOUS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.UndoEnded;
import io.edrplaybook.api.UndoScheduled;
import io.edrplaybook.spi.ExecutionJournal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The journal conformance kit's cases for scheduled undos (docs/approvals-and-undo.md): what
 * {@link ExecutionJournal#scheduleUndo}, {@link ExecutionJournal#undosDue} and
 * {@link ExecutionJournal#undoEnded} promise. Part of {@link ExecutionJournalConformanceKit}; a
 * journal that does not support undo overrides {@link #supportsUndo()}.
 */
public abstract class ExecutionJournalUndoCases extends ExecutionJournalConformanceKitBase {

  /** Whether the journal supports undo; the built-in journals do. Default true. */
  protected boolean supportsUndo() {
    return true;
  }

  private ExecutionJournal undoJournal() {
    assumeTrue(supportsUndo(), "undo: the journal does not support it");
    return journal();
  }

  /** Runs {@code i} to success and schedules its undo {@code after} from {@link #NOW}. */
  protected final UndoScheduled scheduled(ExecutionJournal j, Invocation i, Duration after) {
    runToEnd(j, i, InvocationStatus.SUCCEEDED, NOW);
    UndoScheduled u = new UndoScheduled(i, NOW, Optional.of(NOW.plus(after)), Set.of(LIKELY_SAFE),
        Map.of("id", i.eventId(), "device", Map.of("address", "10.1.2.3")));
    assertTrue(j.scheduleUndo(u), "undo: a first schedule is recorded");
    return u;
  }

  private static UndoEnded ran(UndoScheduled u, String undoId, Instant at) {
    return new UndoEnded(u.original(), true, Optional.of(undoId), "after PT24H", at);
  }

  @Test
  void aScheduledUndoIsInTheHistoryAndDueOnceItsTimeCame() {
    ExecutionJournal j = undoJournal();
    UndoScheduled soon = scheduled(j, run("ev-1", "block"), Duration.ofHours(1));
    UndoScheduled later = scheduled(j, run("ev-2", "block"), Duration.ofHours(24));
    nowAndAfterRestart(k -> {
      assertTrue(k.history(key("ev-1")).contains(soon), "undo: the schedule is in the history");
      assertEquals(List.of(), k.undosDue(NOW, 10), "undo: nothing due before its time");
      assertEquals(List.of(soon), k.undosDue(NOW.plus(Duration.ofHours(1)), 10), "undo: due at its time");
      assertEquals(List.of(soon, later), k.undosDue(NOW.plus(Duration.ofDays(2)), 10), "undo: earliest first");
      assertEquals(List.of(soon), k.undosDue(NOW.plus(Duration.ofDays(2)), 1), "undo: at most limit");
    });
  }

  @Test
  void aSecondScheduleForTheSameRunRecordsNothing() {
    ExecutionJournal j = undoJournal();
    Invocation i = run("ev-1", "block");
    UndoScheduled u = scheduled(j, i, Duration.ofHours(1));
    UndoScheduled again = new UndoScheduled(i, NOW.plusSeconds(5), Optional.of(NOW), Set.of(), Map.of());
    assertFalse(j.scheduleUndo(again), "undo: one schedule per run key");
    assertEquals(List.of(u), j.undosDue(NOW.plus(Duration.ofDays(1)), 10));
    assertFalse(j.history(key("ev-1")).contains(again), "undo: nothing written");
  }

  @Test
  void ofManyConcurrentEndsOfAnUndoExactlyOneEndsIt() throws Exception {
    ExecutionJournal j = undoJournal();
    UndoScheduled u = scheduled(j, run("ev-1", "block"), Duration.ofHours(1));
    List<Boolean> won = concurrently(8, n -> j.undoEnded(ran(u, "undo-" + n, NOW.plusSeconds(n))));
    assertEquals(1, won.stream().filter(w -> w).count(), "undo: one of eight ends it");
    nowAndAfterRestart(k -> {
      assertEquals(List.of(), k.undosDue(NOW.plus(Duration.ofDays(1)), 10), "undo: an ended undo is not due");
      assertEquals(1, k.history(key("ev-1")).stream().filter(e -> e instanceof UndoEnded).count(),
          "undo: one end recorded");
    });
    assertTrue(journal().scheduleUndo(new UndoScheduled(u.original(), NOW, Optional.of(NOW), Set.of(), Map.of())),
        "undo: once ended, the key may be scheduled again");
  }

  @Test
  void aCancelledUndoRecordsWhy() {
    ExecutionJournal j = undoJournal();
    Invocation i = run("ev-1", "block");
    assertTrue(j.claim(i).granted());
    UndoScheduled u = new UndoScheduled(i, NOW, Optional.empty(), Set.of(LIKELY_SAFE), Map.of());
    assertTrue(j.scheduleUndo(u));
    UndoEnded cancelled = new UndoEnded(i, false, Optional.empty(), "cancelled: the run it would undo ended FAILED",
        NOW.plusSeconds(1));
    assertTrue(j.undoEnded(cancelled));
    nowAndAfterRestart(k -> assertTrue(k.history(key("ev-1")).contains(cancelled),
        "undo: the cancellation and its reason are in the history"));
  }

  @Test
  void recoveryAndAnAbruptStopKeepAScheduledUndo() {
    ExecutionJournal j = undoJournal();
    UndoScheduled u = scheduled(j, run("ev-1", "block"), Duration.ofHours(1));
    if (durable()) {
      j = crashAndReopen();
    }
    j.recoverInterrupted(NOW.plusSeconds(60));
    assertEquals(List.of(u), j.undosDue(NOW.plus(Duration.ofHours(2)), 10), "undo: still scheduled");
  }

  @Test
  void retentionKeepsAnEventWithAScheduledUndo() {
    ExecutionJournal j = undoJournal();
    Instant old = NOW.minus(Duration.ofDays(30));
    Invocation i = run("ev-old", "block");
    j.classify(classification(ORG, "ev-old", MALICIOUS, old));
    runToEnd(j, i, InvocationStatus.SUCCEEDED, old);
    UndoScheduled u = new UndoScheduled(i, old, Optional.of(NOW.plus(Duration.ofDays(1))), Set.of(), Map.of());
    assertTrue(j.scheduleUndo(u));
    beforeNewerEntries(j);
    j.classify(classification(ORG, "ev-new", MALICIOUS, NOW));
    j.forgetBefore(NOW.minus(Duration.ofDays(1)));
    nowAndAfterRestart(k -> {
      assertEquals(List.of(u), k.undosDue(NOW.plus(Duration.ofDays(2)), 10), "undo: retention keeps it scheduled");
      assertTrue(k.claimOf(i.runKey()).flatMap(c -> c.lastStatus()).isPresent(),
          "undo: and the run it undoes, so it can tell whether that run succeeded");
    });
  }

  @Test
  void journalsSharingAStoreEndAnUndoOnce() throws Exception {
    assumeTrue(shared(), "shared store: only for shared journals");
    ExecutionJournal a = undoJournal();
    ExecutionJournal b = openAnother();
    UndoScheduled u = scheduled(a, run("ev-1", "block"), Duration.ofHours(1));
    assertEquals(List.of(u), b.undosDue(NOW.plus(Duration.ofHours(1)), 10), "shared store: due on the other journal");
    List<Boolean> won = concurrently(2, n -> (n == 0 ? a : b).undoEnded(ran(u, "undo-" + n, NOW)));
    assertEquals(1, won.stream().filter(w -> w).count(), "shared store: one of two journals ends it");
  }
}
