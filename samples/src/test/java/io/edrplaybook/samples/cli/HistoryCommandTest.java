package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.core.FileJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryCommandTest {

  private static String runWithJournal(Path dir) {
    String journal = dir.resolve("journal").toString();
    CliRun r = CliRun.of("run", "--config", CliRun.resource("basic/config.json"),
        "--events", CliRun.resource("basic/events.jsonl"), "--journal", journal);
    assertEquals(0, r.exit(), r.both());
    return journal;
  }

  @Test
  void historyPrintsAnEventsClassificationDetailsFromTheJournalOfARun(@TempDir Path dir) {
    String journal = runWithJournal(dir);
    CliRun r = CliRun.of("history", "--journal", journal, "--organization", "acme", "--event", "ev-2");
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().startsWith("Classification details of event ev-2, 2"), r.both());
    assertTrue(r.out().contains("(2 classifications, 2 runs)"), r.both());
    assertTrue(r.outLines().stream().anyMatch(l -> l.contains("INCONCLUSIVE -> MALICIOUS") && l.contains("RECLASSIFIED")),
        r.both());
    assertTrue(r.outLines().stream().anyMatch(l -> l.contains("INCONCLUSIVE") && l.contains("IM Notification")
        && l.contains("SOC Chat") && l.contains("SUCCEEDED") && l.contains("notified #soc: INCONCLUSIVE event ev-2")),
        r.both());
  }

  @Test
  void historyReadsAJournalWhileAWriterHoldsIt(@TempDir Path dir) {
    String journal = runWithJournal(dir);
    try (FileJournal writer = FileJournal.open(Path.of(journal))) {
      CliRun r = CliRun.of("history", "--journal", journal, "--organization", "acme", "--event", "ev-2");
      assertEquals(0, r.exit(), r.both());
      assertTrue(r.out().startsWith("Classification details of event ev-2, 2"), r.both());
      assertTrue(writer.health().writable(), "the writer keeps the journal");
    }
  }

  @Test
  void anUnknownEventExitsOneAndSaysWhereItLooked(@TempDir Path dir) {
    String journal = runWithJournal(dir);
    CliRun r = CliRun.of("history", "--journal", journal, "--organization", "acme", "--event", "ev-7");
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("no event \"ev-7\" of organization \"acme\" in journal " + journal), r.both());
  }

  @Test
  void theConfigurationsOrganizationsAreLookedInWhenNoneIsGiven(@TempDir Path dir) {
    String journal = runWithJournal(dir);
    CliRun r = CliRun.of("history", "--journal", journal, "--config", CliRun.resource("basic/config.json"),
        "--event", "ev-2");
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().startsWith("Classification details of event ev-2, 2"), r.both());
  }

  @Test
  void withoutOrganizationOrConfigurationTheEventIsNotNamed(@TempDir Path dir) {
    String journal = runWithJournal(dir);
    CliRun r = CliRun.of("history", "--journal", journal, "--event", "ev-2");
    assertEquals(2, r.exit(), r.both());
    assertTrue(r.err().contains("an event is its organization and id"), r.both());
  }

  @Test
  void aMissingJournalIsReportedAndNotCreated(@TempDir Path dir) {
    Path missing = dir.resolve("none.jsonl");
    CliRun r = CliRun.of("history", "--journal", missing.toString(), "--organization", "acme", "--event", "ev-1");
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("journal " + missing + " was not found"), r.both());
    assertTrue(Files.notExists(missing));
  }

  @Test
  void aTornLastRecordIsAWarningAndTheRestIsShown(@TempDir Path dir) throws Exception {
    String journal = runWithJournal(dir);
    Path segment;
    try (var files = Files.list(Path.of(journal))) {
      segment = files.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted()
          .reduce((a, b) -> b).orElseThrow();
    }
    // the start of a record that says 200 bytes follow, then only 10 of them: a write cut short
    Files.write(segment, new byte[] {0, 0, 0, (byte) 200, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, StandardOpenOption.APPEND);
    CliRun r = CliRun.of("history", "--journal", journal, "--organization", "acme", "--event", "ev-1");
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.err().contains("warning: ") && r.err().contains("torn"), r.both());
    assertTrue(r.out().contains("Classification details of event ev-1"), r.both());
  }
}
