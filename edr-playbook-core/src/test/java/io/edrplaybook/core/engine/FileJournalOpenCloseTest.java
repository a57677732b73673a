package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.JournalEntries.NOW;
import static io.edrplaybook.core.engine.JournalEntries.awaiting;
import static io.edrplaybook.core.engine.JournalEntries.run;
import static io.edrplaybook.core.engine.JournalEntries.undo;
import static io.edrplaybook.core.engine.JournalEntries.undoCancelled;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edrplaybook.api.ApprovalDecision;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.core.FileJournal;
import io.edrplaybook.spi.JournalHealth;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Opening and closing a file journal: what it says it is, what a failed open leaves, what a closed one does. */
class FileJournalOpenCloseTest {
  @TempDir
  Path dir;

  private static ClassificationChange classified(String eventId) {
    return new ClassificationChange(eventId, "acme", Classification.MALICIOUS, Optional.empty(), NOW,
        Optional.of("Laptops"), "playbook \"Laptops\" applies");
  }

  /** Every call of the journal SPI (and rotate), by name. */
  private static Map<String, Executable> everyCall(FileJournal j) {
    Invocation i = run("inv-1", "ev-1");
    Map<String, Executable> calls = new LinkedHashMap<>();
    calls.put("classify", () -> j.classify(classified("ev-1")));
    calls.put("event", () -> j.event(i.eventKey()));
    calls.put("claim", () -> j.claim(i));
    calls.put("retake", () -> j.retake(i, EnumSet.of(InvocationStatus.INTERRUPTED)));
    calls.put("release", () -> j.release(i));
    calls.put("claimOf", () -> j.claimOf(i.runKey()));
    calls.put("started", () -> j.started(new InvocationStarted(i, NOW)));
    calls.put("finished", () -> j.finished(InvocationResult.notRun(i, InvocationStatus.CANCELLED, NOW, "no")));
    calls.put("recoverInterrupted", () -> j.recoverInterrupted(NOW));
    calls.put("history", () -> j.history(i.eventKey()));
    calls.put("forgetBefore", () -> j.forgetBefore(NOW));
    calls.put("awaitApproval", () -> j.awaitApproval(awaiting(i, NOW.plusSeconds(60))));
    calls.put("decide", () -> j.decide(new ApprovalDecision(i, ApprovalDecision.Verdict.DENIED, "alice", "", NOW)));
    calls.put("awaiting", () -> j.awaiting(i.runKey()));
    calls.put("pending", () -> j.pending("acme"));
    calls.put("approvalsDue", () -> j.approvalsDue(NOW, 10));
    calls.put("scheduleUndo", () -> j.scheduleUndo(undo(i, NOW)));
    calls.put("undosDue", () -> j.undosDue(NOW, 10));
    calls.put("undoEnded", () -> j.undoEnded(undoCancelled(i)));
    calls.put("rotate", j::rotate);
    return calls;
  }

  private static void assertEveryCallSaysClosed(FileJournal j, Path journal) {
    everyCall(j).forEach((name, call) -> {
      JournalException e = assertThrows(JournalException.class, call, name);
      assertTrue(e.getMessage().contains(journal.toString()) && e.getMessage().contains("is closed"),
          name + ": " + e.getMessage());
    });
  }

  @Test
  void aJournalOpenedForWritingIsNotReadOnly() {
    try (FileJournal j = FileJournal.open(dir.resolve("journal"))) {
      assertFalse(j.readOnly());
    }
  }

  @Test
  void aJournalNamesTheDirectoryItWasOpenedOn() {
    Path journal = dir.resolve("journal");
    try (FileJournal j = FileJournal.open(journal)) {
      assertEquals(journal, j.path());
    }
    try (FileJournal j = FileJournal.openReadOnly(journal)) {
      assertEquals(journal, j.path());
    }
  }

  @Test
  void aJournalOpenedWithASyncSaysSoAndKeepsWhatItWrites() {
    Path journal = dir.resolve("journal");
    try (FileJournal j = FileJournal.open(journal, FileJournal.Sync.FSYNC)) {
      assertSame(FileJournal.Sync.FSYNC, j.sync());
      j.classify(classified("ev-1"));
    }
    try (FileJournal j = FileJournal.open(journal)) {
      assertSame(FileJournal.Sync.WRITE, j.sync(), "the default");
      assertEquals(List.of(classified("ev-1")), j.history(new EventKey("acme", "ev-1")));
    }
    try (FileJournal j = FileJournal.openReadOnly(journal)) {
      assertSame(FileJournal.Sync.WRITE, j.sync(), "a read-only journal writes nothing");
    }
  }

  @Test
  void aReadOnlyOpenOfARegularFileSaysItIsAFileAndNotAJournalDirectory() throws IOException {
    Path file = Files.writeString(dir.resolve("journal.jsonl"), "{\"type\":\"classification\"}\n");
    JournalException e = assertThrows(JournalException.class, () -> FileJournal.openReadOnly(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("is a file"), e.getMessage());
  }

  @Test
  void afterCloseEveryCallFailsSayingTheJournalIsClosed() {
    Path journal = dir.resolve("journal");
    FileJournal j = FileJournal.open(journal);
    j.classify(classified("ev-1"));
    j.close();
    assertEveryCallSaysClosed(j, journal);
    j.close(); // idempotent
  }

  @Test
  void afterCloseAReadOnlyJournalFailsEveryCallSayingItIsClosed() {
    Path journal = dir.resolve("journal");
    try (FileJournal writer = FileJournal.open(journal)) {
      writer.classify(classified("ev-1"));
    }
    FileJournal reader = FileJournal.openReadOnly(journal);
    reader.close();
    assertEveryCallSaysClosed(reader, journal);
  }

  @Test
  void theHealthOfAClosedJournalSaysItIsClosed() {
    Path journal = dir.resolve("journal");
    FileJournal j = FileJournal.open(journal);
    assertEquals(JournalHealth.ok(), j.health());
    j.close();
    JournalHealth h = j.health();
    assertFalse(h.writable());
    assertTrue(h.problem().orElseThrow().contains("is closed"), h.toString());
  }

  @Test
  void closingAReadOnlyJournalGivesBackItsFiles() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd (Linux) to count open files");
    Path journal = dir.resolve("journal");
    try (FileJournal writer = FileJournal.open(journal)) {
      writer.classify(classified("ev-1"));
    }
    long before = openFilesUnder(fds, journal);
    FileJournal reader = FileJournal.openReadOnly(journal);
    assertEquals(1, reader.history(new EventKey("acme", "ev-1")).size());
    assertTrue(openFilesUnder(fds, journal) > before, "the reader holds the journal's files while open");
    reader.close();
    assertEquals(before, openFilesUnder(fds, journal), "and none after close");
  }

  private static long openFilesUnder(Path fds, Path journal) throws IOException {
    Path real = journal.toRealPath();
    try (Stream<Path> s = Files.list(fds)) {
      return s.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).startsWith(real);
        } catch (IOException | UnsupportedOperationException e) {
          return false; // closed meanwhile, or not a link
        }
      }).count();
    }
  }

  @Test
  void anOpenRefusedForADamagedSegmentLeavesTheDirectoryUnlockedToOpenOnceRepaired() throws IOException {
    Path journal = dir.resolve("journal");
    try (FileJournal j = FileJournal.open(journal)) {
      for (int n = 0; n < 20; n++) {
        j.classify(classified("ev-" + n));
      }
      j.rotate();
      j.classify(classified("ev-last"));
    }
    Path first = JournalFiles.segments(journal).get(0);
    long at = Files.size(first) / 2;
    ByteBuffer good = ByteBuffer.allocate(3);
    try (FileChannel ch = FileChannel.open(first, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ch.read(good, at);
      ch.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}), at);
    }
    Files.delete(journal.resolve("checkpoint.dat")); // so that the open reads the whole log
    JournalException e = assertThrows(JournalException.class, () -> FileJournal.open(journal));
    assertTrue(e.getMessage().contains(first.toString()), e.getMessage());
    try (FileChannel ch = FileChannel.open(first, StandardOpenOption.WRITE)) {
      ch.write(good.flip(), at);
    }
    try (FileJournal j = FileJournal.open(journal)) {
      assertEquals(List.of(classified("ev-7")), j.history(new EventKey("acme", "ev-7")), "repaired: it opens");
    }
  }

  @Test
  void anOpenThatFailsAfterTakingTheLockGivesTheLockBack() {
    Path journal = dir.resolve("journal");
    Clock broken = new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        throw new IllegalStateException("the clock is broken");
      }
    };
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> FileJournal.builder(journal).retention(Duration.ofDays(7)).clock(broken).open(),
        "the retention at open reads the clock");
    assertEquals("the clock is broken", e.getMessage());
    try (FileJournal j = FileJournal.open(journal)) {
      assertTrue(j.health().writable(), "the directory was not left locked");
    }
  }
}
