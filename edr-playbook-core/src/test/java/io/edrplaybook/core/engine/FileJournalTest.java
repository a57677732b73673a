package io.edrplaybook.core.engine;

import static io.edrplaybook.core.engine.EngineTestSupport.await;
import static io.edrplaybook.core.engine.Fixtures.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.Action;
import io.edrplaybook.api.Classification;
import io.edrplaybook.api.ClassificationDetails;
import io.edrplaybook.api.Configuration;
import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.EventOutcome;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.Invocation;
import io.edrplaybook.api.InvocationStarted;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.CorePlaybookEngine;
import io.edrplaybook.core.FileJournal;
import io.edrplaybook.spi.ScriptOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable journal: nothing lost, nothing run twice across restarts. */
class FileJournalTest {
  @TempDir
  Path dir;

  @Test
  void everyEntryReadsBackAsItWasWritten() {
    Path file = dir.resolve("journal");
    FakeRunner runner = new FakeRunner();
    runner.on("fw.py", c -> FakeRunner.fail("ValueError", "nope ü", true));
    runner.on("slack.py", c -> ScriptOutcome.succeeded(
        Map.of("message", "posted", "n", 12345678901234L, "nested", List.of(1, "two", Map.of("x", true))),
        "line 1\nline 2\n", false));
    ClassificationDetails before;
    try (FileJournal journal = FileJournal.open(file);
        CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).configuration(Fixtures.acme()).build()) {
      await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      before = engine.history("ev-1");
    }
    try (FileJournal reopened = FileJournal.open(file)) {
      List<HistoryEntry> after = reopened.history(new EventKey("acme", "ev-1"));
      assertEquals(before.entries().size() + 3, after.size(), "3 started entries beside the history shown");
      // the same entries (history() orders them by time, the file by append)
      assertEquals(new java.util.HashSet<>(before.entries()),
          after.stream().filter(e -> !(e instanceof InvocationStarted)).collect(java.util.stream.Collectors.toSet()));
    }
  }

  @Test
  void engineOnAnExistingJournalRunsNothingAgainForResubmittedEvents() {
    Path file = dir.resolve("journal");
    FakeRunner first = new FakeRunner();
    try (FileJournal journal = FileJournal.open(file);
        CorePlaybookEngine engine = Fixtures.engine(first).journal(journal).configuration(Fixtures.acme()).build()) {
      await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    }
    FakeRunner second = new FakeRunner();
    try (FileJournal journal = FileJournal.open(file);
        CorePlaybookEngine engine = Fixtures.engine(second).journal(journal).configuration(Fixtures.acme()).build()) {
      EventOutcome o = await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
      assertTrue(o.results().isEmpty());
      assertEquals(3, o.skipped().size());
      assertTrue(second.calls.isEmpty());
      assertEquals(3, engine.history("ev-1").runs().size());
    }
  }

  @Test
  void aTornLastRecordIsCutAtOpenAndEveryCompleteOneKept() throws IOException {
    Path file = dir.resolve("journal");
    try (FileJournal journal = FileJournal.open(file);
        CorePlaybookEngine engine = Fixtures.engine(new FakeRunner()).journal(journal).configuration(Fixtures.acme())
            .build()) {
      await(engine.submit(event("ev-1", "acme", "Laptops", Classification.SUSPICIOUS)));
    }
    Path segment = JournalFiles.lastSegment(file);
    long goodSize = Files.size(segment);
    // the start of a frame that says 200 bytes follow, then only 10 of them: a write cut short
    Files.write(segment, new byte[] {0, 0, 0, (byte) 200, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14},
        StandardOpenOption.APPEND);
    try (FileJournal journal = FileJournal.open(file)) {
      assertEquals(1, journal.damagedLines().size());
      assertTrue(journal.damagedLines().get(0).contains("torn"), journal.damagedLines().toString());
      assertEquals(goodSize, Files.size(segment), "cut exactly at the end of the last complete record");
      assertEquals(2, journal.history(new EventKey("acme", "ev-1")).stream()
          .filter(e -> e instanceof io.edrplaybook.api.InvocationResult).count());
      journal.started(new InvocationStarted(new Invocation("i-9", "ev-9", "acme", Classification.PUP, "a", "c", "s",
          "r", "jb", false, 1), Instant.EPOCH));
    }
    try (FileJournal journal = FileJournal.open(file)) {
      assertEquals(List.of(), journal.damagedLines());
      assertEquals(1, journal.history(new EventKey("acme", "ev-9")).size(), "the record after the cut reads back");
    }
  }

  @Test
  void journalHoldsNoSecret() throws IOException {
    Path file = dir.resolve("journal");
    FakeRunner runner = new FakeRunner();
    runner.on("slack.py", c -> ScriptOutcome.succeeded(Map.of("message", "key " + Fixtures.SLACK_KEY),
        "printed " + Fixtures.SLACK_KEY, false));
    runner.on("fw.py", c -> FakeRunner.fail("Error", "pw " + Fixtures.FW_PASSWORD, false));
    try (FileJournal journal = FileJournal.open(file);
        CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).configuration(Fixtures.acme()).build()) {
      await(engine.submit(event("ev-1", "acme", "Laptops", Classification.MALICIOUS)));
    }
    String text = JournalFiles.allBytesAsText(file);
    assertFalse(text.contains(Fixtures.SLACK_KEY));
    assertFalse(text.contains(Fixtures.FW_PASSWORD));
    assertTrue(text.contains("****"));
  }

  @Test
  void interruptedRunOfAnIdempotentActionRunsOnceMoreWhenItsEventIsResubmitted() {
    Path file = dir.resolve("journal");
    Invocation inv = new Invocation("inv-1", "ev-7", "acme", Classification.MALICIOUS, "Block Address", "Edge FW",
        "firewall", "fake", "jb-1", false, 1);
    try (FileJournal journal = FileJournal.open(file)) {
      journal.started(new InvocationStarted(inv, Instant.now()));
    }
    Configuration idempotentBlock = Fixtures.withAction("Block Address", a -> new Action(a.organization(), a.name(),
        a.description(), a.scripts(), a.timeout(), a.retry(), true));
    FakeRunner runner = new FakeRunner();
    try (FileJournal journal = FileJournal.open(file);
        CorePlaybookEngine engine = Fixtures.engine(runner).journal(journal).configuration(idempotentBlock).build()) {
      assertEquals(InvocationStatus.INTERRUPTED, engine.history("ev-7").runs().get(0).status());
      await(engine.submit(event("ev-7", "acme", "Laptops", Classification.MALICIOUS)));
      await(engine.submit(event("ev-7", "acme", "Laptops", Classification.MALICIOUS)));
      assertEquals(1, runner.callsOf("fw.py").size(), "re-run once, not twice");
    }
  }
}
