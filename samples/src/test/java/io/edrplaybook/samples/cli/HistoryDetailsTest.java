package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 9: the journal's whole record of an event's runs, or of one run, on the command line. */
class HistoryDetailsTest {
  private static final String KEY = "leaky-key-Zq81xW";

  private static String journalOfLeaks(Path dir) {
    String journal = dir.resolve("journal").toString();
    CliRun r = CliRun.of("run", "--config", CliRun.resource("secrets/config.json"),
        "--events", CliRun.resource("secrets/events.jsonl"), "--journal", journal);
    assertEquals(1, r.exit(), r.both());
    return journal;
  }

  private static String runIdOf(List<String> lines, String action) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("Run ") && lines.get(i + 2).contains(action)) {
        return lines.get(i).substring(4).trim();
      }
    }
    throw new AssertionError("no run of " + action + " in " + lines);
  }

  @Test
  void detailsPrintEveryRunInFullWithTracebackOutputAndResult(@TempDir Path dir) {
    String journal = journalOfLeaks(dir);
    CliRun r = CliRun.of("history", "--journal", journal, "--organization", "acme", "--event", "ev-leak", "--details");
    assertEquals(0, r.exit(), r.both());
    String out = r.out();
    assertTrue(out.startsWith("Runs of event ev-leak (2 attempts, 1 classification)"), out);
    assertTrue(out.contains("status:        FAILED") && out.contains("status:        SUCCEEDED"), out);
    assertTrue(out.contains("error:         ValueError"), out);
    assertTrue(out.contains("traceback:") && out.contains("leak_raises.py"), out);
    assertTrue(out.contains("output:        calling with key ****"), out);
    assertTrue(out.contains("\"key\" : \"****\""), "the result as JSON: " + out);
    assertTrue(out.contains("started:       2") && out.contains("ended:         2") && out.contains("attempt:       1"),
        out);
    assertFalse(out.contains(KEY), "masked when recorded: " + out);
  }

  @Test
  void aLongMessageIsShownWholeNotCutAtAHundredCharacters(@TempDir Path dir) {
    String journal = journalOfLeaks(dir);
    CliRun table = CliRun.of("history", "--journal", journal, "--organization", "acme", "--event", "ev-leak");
    CliRun details = CliRun.of("history", "--journal", journal, "--organization", "acme", "--event", "ev-leak",
        "--details");
    assertTrue(details.out().contains("error message: the service refused key ****"), details.both());
    assertTrue(details.outLines().stream().anyMatch(l -> l.contains("Traceback") || l.contains("File ")),
        "the traceback's lines, which the table never shows: " + details.out() + "\nvs\n" + table.out());
  }

  @Test
  void runPrintsOnlyThatRun(@TempDir Path dir) {
    String journal = journalOfLeaks(dir);
    List<String> all = CliRun.of("history", "--journal", journal, "--organization", "acme", "--event", "ev-leak",
        "--details").outLines();
    String id = runIdOf(all, "Leak Raising");
    CliRun r = CliRun.of("history", "--journal", journal, "--organization", "acme", "--event", "ev-leak", "--run", id);
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().startsWith("Run " + id + " of event ev-leak (1 attempt)"), r.out());
    assertTrue(r.out().contains("Leak Raising") && !r.out().contains("Leak Returning"), r.out());
  }

  @Test
  void anUnknownRunIdExitsOneAndListsTheEventsRuns(@TempDir Path dir) {
    String journal = journalOfLeaks(dir);
    CliRun r = CliRun.of("history", "--journal", journal, "--organization", "acme", "--event", "ev-leak",
        "--run", "nope");
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("event \"ev-leak\" has no run with id \"nope\"; its runs: ["), r.both());
  }
}
