package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.UndoEnded;
import io.edrplaybook.api.UndoPolicy;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.FileJournal;
import io.edrplaybook.spi.EntryPoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An undo scheduled before a stop of the engine runs once after its start, on a file journal. */
class UndoRestartTest {
  @TempDir
  Path dir;

  @Test
  void anUndoScheduledAcrossARestartRunsOnceOnTheNewEngine() {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    var cfg = UndoTest.undone(UndoPolicy.after(Duration.ofHours(24)));
    FakeRunner before = new FakeRunner();
    try (FileJournal journal = FileJournal.open(dir);
        CorePlaybookEngine engine = Fixtures.engine(before).clock(clock).journal(journal).configuration(cfg).build()) {
      await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    }
    clock.advance(Duration.ofHours(24));
    FakeRunner after = new FakeRunner();
    try (FileJournal journal = FileJournal.open(dir);
        CorePlaybookEngine engine = Fixtures.engine(after).clock(clock).journal(journal).configuration(cfg).build()) {
      List<InvocationResult> due = await(engine.runDue());
      assertEquals(List.of(InvocationStatus.SUCCEEDED), due.stream().map(InvocationResult::status).toList());
      assertEquals(1, after.callsOf("fw.py").stream().filter(c -> c.call().entryPoint() == EntryPoint.UNDO).count());
      assertEquals(List.of(), await(engine.runDue()), "once");
    }
    try (FileJournal journal = FileJournal.open(dir)) {
      assertEquals(List.of(), journal.undosDue(clock.instant().plus(Duration.ofDays(1)), 10));
      assertEquals(1, journal.history(ApprovalGatesTest.FW.event()).stream()
          .filter(e -> e instanceof UndoEnded u && u.ran()).count(), "its end is in the history after a restart");
    }
  }
}
