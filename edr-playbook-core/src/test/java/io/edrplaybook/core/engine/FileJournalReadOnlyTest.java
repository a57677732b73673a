package io.edrplaybook.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationChange;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventState;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.api.JournalException;
import io.edrplaybook.core.FileJournal;
import io.edrplaybook.spi.RunClaim;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** A file journal opened read-only beside its writer: reads history and state, writes nothing. */
class FileJournalReadOnlyTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @TempDir
  Path dir;

  private static Invocation run(String eventId) {
    return new Invocation("0d5c2a1e-7f3b-" + Long.toHexString(eventId.hashCode() & 0xFFFFFFL), eventId, "acme",
        Classification.MALICIOUS, "Block Address", "Edge FW", "firewall.py", "jython", "jb-1", false, 1);
  }

  private static void event(FileJournal j, String eventId) {
    j.classify(new ClassificationChange(eventId, "acme", Classification.MALICIOUS, Optional.empty(), NOW,
        Optional.of("Laptops"), "playbook \"Laptops\" applies"));
    Invocation i = run(eventId);
    assertTrue(j.claim(i).granted());
    j.started(new InvocationStarted(i, NOW));
    assertTrue(j.finished(new InvocationResult(i, InvocationStatus.SUCCEEDED, NOW, Duration.ofMillis(12),
        "blocked", Optional.of(Map.of("message", "blocked")), "", false, Optional.empty())));
  }

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

  private static EventKey key(String eventId) {
    return new EventKey("acme", eventId);
  }

  @Test
  void readOnlyReadsHistoryStateAndClaimsWhileAWriterHoldsTheJournal() {
    Path journal = dir.resolve("journal");
    try (FileJournal writer = FileJournal.open(journal)) {
      event(writer, "ev-1");
      try (FileJournal reader = FileJournal.openReadOnly(journal)) {
        assertTrue(reader.readOnly());
        List<HistoryEntry> h = reader.history(key("ev-1"));
        assertEquals(writer.history(key("ev-1")), h, "the reader sees what the writer wrote");
        assertEquals(Optional.of(new EventState(key("ev-1"), Classification.MALICIOUS, Optional.empty())),
            reader.event(key("ev-1")));
        assertEquals(Optional.of(RunClaim.held(run("ev-1").runKey(), Optional.of(InvocationStatus.SUCCEEDED))),
            reader.claimOf(run("ev-1").runKey()));
        assertEquals(List.of(), reader.history(key("ev-unknown")));
      }
      event(writer, "ev-2");
      assertEquals(3, writer.history(key("ev-2")).size(), "the writer keeps writing after the reader closed");
    }
  }

  @Test
  void readOnlyRefusesEveryWriteSayingItIsReadOnly() throws IOException {
    Path journal = dir.resolve("journal");
    try (FileJournal writer = FileJournal.open(journal)) {
      event(writer, "ev-1");
    }
    Map<String, String> before = files(journal);
    try (FileJournal reader = FileJournal.openReadOnly(journal)) {
      Invocation i = run("ev-2");
      List<Executable> writes = List.of(
          () -> reader.classify(new ClassificationChange("ev-2", "acme", Classification.PUP, Optional.empty(), NOW,
              Optional.empty(), "n")),
          () -> reader.claim(i),
          () -> reader.retake(i, EnumSet.of(InvocationStatus.FAILED)),
          () -> reader.release(i),
          () -> reader.started(new InvocationStarted(i, NOW)),
          () -> reader.finished(InvocationResult.notRun(i, InvocationStatus.CANCELLED, NOW, "no")),
          () -> reader.recoverInterrupted(NOW),
          () -> reader.forgetBefore(NOW),
          reader::rotate);
      for (Executable w : writes) {
        JournalException e = assertThrows(JournalException.class, w);
        assertTrue(e.getMessage().contains("read-only") && e.getMessage().contains(journal.toString()),
            e.getMessage());
      }
      assertFalse(reader.health().writable(), "health says it takes no writes");
    }
    assertEquals(before, files(journal), "nothing was written");
  }

  @Test
  void readOnlyReadsAJournalAnotherProcessHoldsForWriting() throws Exception {
    Path journal = dir.resolve("journal");
    try (FileJournal writer = FileJournal.open(journal)) {
      event(writer, "ev-1");
    }
    Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
        System.getProperty("java.class.path"), JournalHolderChild.class.getName(), journal.toString())
        .redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("OPEN")) {
        // skip log lines
      }
      assertEquals("OPEN", line, "the child opened the journal for writing");
      assertThrows(JournalException.class, () -> FileJournal.open(journal), "the writer's lock is held");
      try (FileJournal reader = FileJournal.openReadOnly(journal)) {
        assertEquals(3, reader.history(key("ev-1")).size(), "history read beside the other process's writer");
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
  }

  @Test
  void readOnlyOpenOfAMissingJournalIsRefusedAndCreatesNothing() {
    Path journal = dir.resolve("nothing-here");
    JournalException e = assertThrows(JournalException.class, () -> FileJournal.openReadOnly(journal));
    assertTrue(e.getMessage().contains(journal.toString()) && e.getMessage().contains("no such directory"),
        e.getMessage());
    assertFalse(Files.exists(journal), "nothing created");
  }
}
