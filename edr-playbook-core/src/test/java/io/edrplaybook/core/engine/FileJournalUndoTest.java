package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.JournalEntries.NOW;
import static io.edrplaybook.core.engine.JournalEntries.run;
import static io.edrplaybook.core.engine.JournalEntries.undo;
import static io.edrplaybook.core.engine.JournalEntries.undoCancelled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Invocation;
import io.edrplaybook.core.FileJournal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled undos in the file journal: scheduled once, due when due, ended once. */
class FileJournalUndoTest {
  @TempDir
  Path dir;

  private FileJournal open() {
    return FileJournal.open(dir.resolve("journal"));
  }

  @Test
  void anUndoIsScheduledOnceASecondScheduleForTheRunRecordsNothing() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.scheduleUndo(undo(i, NOW.plusSeconds(60))), "the first schedule is recorded");
      assertFalse(j.scheduleUndo(undo(i, NOW.plusSeconds(120))), "a second one is not");
      assertEquals(List.of(undo(i, NOW.plusSeconds(60))), j.history(i.eventKey()));
    }
  }

  @Test
  void undosDueReturnsTheDueUndosEarliestFirstAndNoOther() {
    Invocation late = run("inv-1", "ev-1");
    Invocation early = run("inv-2", "ev-2");
    Invocation notYet = run("inv-3", "ev-3");
    try (FileJournal j = open()) {
      assertTrue(j.scheduleUndo(undo(late, NOW.plusSeconds(20))));
      assertTrue(j.scheduleUndo(undo(early, NOW.plusSeconds(10))));
      assertTrue(j.scheduleUndo(undo(notYet, NOW.plusSeconds(3600))));
      Instant now = NOW.plusSeconds(20);
      assertEquals(List.of(undo(early, NOW.plusSeconds(10)), undo(late, NOW.plusSeconds(20))), j.undosDue(now, 10));
      assertEquals(List.of(undo(early, NOW.plusSeconds(10))), j.undosDue(now, 1), "at most the limit");
      assertEquals(List.of(), j.undosDue(NOW, 10), "none due yet");
    }
  }

  @Test
  void anUndoIsEndedOnceASecondEndRecordsNothing() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.scheduleUndo(undo(i, NOW.plusSeconds(10))));
      assertTrue(j.undoEnded(undoCancelled(i)), "the first end is recorded");
      assertFalse(j.undoEnded(undoCancelled(i)), "a second one is not");
      assertEquals(List.of(undo(i, NOW.plusSeconds(10)), undoCancelled(i)), j.history(i.eventKey()));
      assertEquals(List.of(), j.undosDue(NOW.plusSeconds(3600), 10), "an ended undo is no longer due");
    }
  }

  @Test
  void endingAnUndoNeverScheduledRecordsNothing() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertFalse(j.undoEnded(undoCancelled(i)));
      assertEquals(List.of(), j.history(i.eventKey()));
    }
  }

  @Test
  void anUndoScheduledBeforeARestartIsDueAndEndsOnceAfterIt() {
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal j = open()) {
      assertTrue(j.scheduleUndo(undo(i, NOW.plusSeconds(10))));
    }
    try (FileJournal j = open()) {
      assertEquals(List.of(), j.recoverInterrupted(NOW), "an undo is not a run in flight");
      assertFalse(j.scheduleUndo(undo(i, NOW.plusSeconds(10))), "still scheduled");
      assertEquals(List.of(undo(i, NOW.plusSeconds(10))), j.undosDue(NOW.plusSeconds(10), 10));
      assertTrue(j.undoEnded(undoCancelled(i)));
    }
    try (FileJournal j = open()) {
      assertEquals(List.of(), j.undosDue(NOW.plusSeconds(3600), 10));
      assertFalse(j.undoEnded(undoCancelled(i)), "ended once, also across a restart");
    }
  }
}
