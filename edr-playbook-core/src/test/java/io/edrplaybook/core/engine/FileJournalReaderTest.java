package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.JournalEntries.NOW;
import static io.edrplaybook.core.engine.JournalEntries.awaiting;
import static io.edrplaybook.core.engine.JournalEntries.run;
import static io.edrplaybook.core.engine.JournalEntries.undo;
import static io.edrplaybook.core.engine.JournalEntries.undoCancelled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.core.FileJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** A file journal read beside its writer: approvals it lists, approval and undo writes it refuses, damage it reports. */
class FileJournalReaderTest {
  private static final Instant IN_AN_HOUR = NOW.plus(Duration.ofHours(1));

  @TempDir
  Path dir;

  /** Every file of the journal and its bytes. */
  private static Map<String, String> files(Path journal) throws IOException {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> s = Files.list(journal)) {
      for (Path p : s.toList()) {
        all.put(p.getFileName().toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    return all;
  }

  @Test
  void aReaderListsTheRunsAwaitingApprovalAndFindsOneByItsKey() {
    Path journal = dir.resolve("journal");
    Invocation waits = run("inv-1", "ev-1");
    Invocation decided = run("inv-2", "ev-2");
    Invocation otherOrganization = run("inv-3", "ev-3", "globex", "Block Address");
    try (FileJournal writer = FileJournal.open(journal)) {
      for (Invocation i : List.of(waits, decided, otherOrganization)) {
        assertTrue(writer.claim(i).granted());
        writer.awaitApproval(awaiting(i, IN_AN_HOUR));
      }
      assertTrue(writer.decide(new ApprovalDecision(decided, ApprovalDecision.Verdict.DENIED, "alice", "", NOW))
          .isPresent());
      try (FileJournal reader = FileJournal.openReadOnly(journal)) {
        assertEquals(List.of(awaiting(waits, IN_AN_HOUR)), reader.pending("acme"));
        assertEquals(List.of(awaiting(otherOrganization, IN_AN_HOUR)), reader.pending("globex"));
        assertEquals(Optional.of(awaiting(waits, IN_AN_HOUR)), reader.awaiting(waits.runKey()));
        assertEquals(Optional.empty(), reader.awaiting(decided.runKey()), "decided: no longer awaits");
        assertEquals(Optional.empty(), reader.awaiting(run("inv-4", "ev-4").runKey()), "never awaited");
      }
    }
  }

  @Test
  void aReaderRefusesEveryApprovalAndUndoWriteSayingItIsReadOnlyAndWritesNothing() throws IOException {
    Path journal = dir.resolve("journal");
    Invocation i = run("inv-1", "ev-1");
    try (FileJournal writer = FileJournal.open(journal)) {
      assertTrue(writer.claim(i).granted());
      writer.awaitApproval(awaiting(i, NOW));
      assertTrue(writer.scheduleUndo(undo(run("inv-2", "ev-2"), NOW)));
    }
    Map<String, String> before = files(journal);
    try (FileJournal reader = FileJournal.openReadOnly(journal)) {
      Map<String, Executable> writes = new LinkedHashMap<>();
      writes.put("awaitApproval", () -> reader.awaitApproval(awaiting(run("inv-3", "ev-3"), IN_AN_HOUR)));
      writes.put("decide", () -> reader.decide(new ApprovalDecision(i, ApprovalDecision.Verdict.DENIED, "alice", "",
          NOW)));
      writes.put("approvalsDue", () -> reader.approvalsDue(IN_AN_HOUR, 10));
      writes.put("scheduleUndo", () -> reader.scheduleUndo(undo(run("inv-3", "ev-3"), NOW)));
      writes.put("undosDue", () -> reader.undosDue(IN_AN_HOUR, 10));
      writes.put("undoEnded", () -> reader.undoEnded(undoCancelled(run("inv-2", "ev-2"))));
      writes.forEach((name, w) -> {
        JournalException e = assertThrows(JournalException.class, w, name);
        assertTrue(e.getMessage().contains("read-only") && e.getMessage().contains(journal.toString()),
            name + ": " + e.getMessage());
      });
      assertEquals(List.of(awaiting(i, NOW)), reader.pending("acme"), "still awaiting");
    }
    assertEquals(before, files(journal), "nothing was written");
  }

  @Test
  void aReaderReportsARecordTornAtTheEndOfTheLogAndRepairsNothing() throws IOException {
    Path journal = dir.resolve("journal");
    ClassificationChange c = new ClassificationChange("ev-1", "acme", Classification.MALICIOUS, Optional.empty(), NOW,
        Optional.of("Laptops"), "playbook \"Laptops\" applies");
    try (FileJournal writer = FileJournal.open(journal)) {
      writer.classify(c);
    }
    Path segment = JournalFiles.lastSegment(journal);
    // the start of a frame that says 200 bytes follow, then only 10 of them: a write cut short
    Files.write(segment, new byte[] {0, 0, 0, (byte) 200, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14},
        StandardOpenOption.APPEND);
    long torn = Files.size(segment);
    try (FileJournal reader = FileJournal.openReadOnly(journal)) {
      List<String> damaged = reader.damagedLines();
      assertEquals(1, damaged.size(), damaged.toString());
      assertTrue(damaged.get(0).contains(segment.toString()) && damaged.get(0).contains("cannot be read"),
          damaged.get(0));
      assertEquals(List.of(c), reader.history(new EventKey("acme", "ev-1")), "what precedes it reads");
    }
    assertEquals(torn, Files.size(segment), "nothing cut");
  }

  @Test
  void aReaderOfALogWhoseNamesAreLostFailsTheReadSayingWhichRecordCannotBeRead() throws IOException {
    Path journal = dir.resolve("journal");
    try (FileJournal writer = FileJournal.open(journal)) {
      writer.classify(new ClassificationChange("ev-1", "acme", Classification.MALICIOUS, Optional.empty(), NOW,
          Optional.of("Laptops"), "playbook \"Laptops\" applies"));
    }
    Files.write(journal.resolve("names.dat"), new byte[0]); // the dictionary the records' names are numbers in
    try (FileJournal reader = FileJournal.openReadOnly(journal)) {
      JournalException e = assertThrows(JournalException.class, () -> reader.history(new EventKey("acme", "ev-1")));
      assertTrue(e.getMessage().contains(journal.toString()) && e.getMessage().contains("cannot be read"),
          e.getMessage());
    }
  }
}
