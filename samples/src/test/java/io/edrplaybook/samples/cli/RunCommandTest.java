package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

  @Test
  void runPrintsEachEventsClassificationDetailsAndExitsZeroWhenEveryRunSucceeded() {
    CliRun r = CliRun.of("run", "--config", CliRun.resource("basic/config.json"),
        "--events", CliRun.resource("basic/events.jsonl"));
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().contains("Classification details of event ev-1"), r.both());
    assertTrue(r.out().contains("STARTED (UTC)  CLASSIFICATION"), r.both());
    assertTrue(r.outLines().stream().anyMatch(l -> l.contains("MALICIOUS") && l.contains("Block Address")
        && l.contains("Edge FW") && l.contains("SUCCEEDED") && l.contains("blocked 10.1.2.3")), r.both());
    assertTrue(r.out().contains("4 lines submitted, 4 runs (0 did not succeed)"), r.both());
  }

  @Test
  void runEndsWithAOneLineSummaryOfTheEnginesNumbers() {
    CliRun r = CliRun.of("run", "--config", CliRun.resource("basic/config.json"),
        "--events", CliRun.resource("basic/events.jsonl"));
    assertTrue(r.outLines().stream().anyMatch(l -> l.equals("summary: 4 runs (4 succeeded), 0 retries,"
        + " 0 worker replacements, 0 abandoned threads, journal writable")), r.both());
  }

  @Test
  void aLaterLineWithTheSameIdIsAReclassification() {
    CliRun r = CliRun.of("run", "--config", CliRun.resource("basic/config.json"),
        "--events", CliRun.resource("basic/events.jsonl"));
    assertTrue(r.outLines().stream().anyMatch(l -> l.contains("INCONCLUSIVE -> MALICIOUS") && l.contains("RECLASSIFIED")),
        r.both());
    assertTrue(r.out().contains("ev-2 reclassified INCONCLUSIVE -> MALICIOUS"), r.both());
  }

  @Test
  void aMalformedLineIsReportedWithItsNumberAndTheRestAreProcessed() {
    CliRun r = CliRun.of("run", "--config", CliRun.resource("basic/config.json"),
        "--events", CliRun.resource("basic/malformed.jsonl"));
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("malformed.jsonl, line 3: not JSON"), r.both());
    assertTrue(r.err().contains("malformed.jsonl, line 4: \"classification\": must be one of"), r.both());
    assertTrue(r.out().contains("Classification details of event ev-5"), r.both());
    assertTrue(r.out().contains("Classification details of event ev-1"), r.both());
    assertTrue(r.out().contains("2 lines not processed"), r.both());
  }

  @Test
  void anEventOfAnUnknownOrganizationIsReportedWithItsLine(@TempDir Path dir) throws Exception {
    Path events = Files.writeString(dir.resolve("events.jsonl"),
        "{\"id\": \"ev-9\", \"organization\": \"globex\", \"classification\": \"MALICIOUS\","
            + " \"device\": {\"name\": \"PC-1\", \"collectorGroup\": \"\"}}\n");
    CliRun r = CliRun.of("run", "--config", CliRun.resource("basic/config.json"), "--events", events.toString());
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("events.jsonl, line 1: Security event \"ev-9\" names organization \"globex\""), r.both());
  }

  @Test
  void anUnknownKeyInAnEventLineComesWithASuggestion(@TempDir Path dir) throws Exception {
    Path events = Files.writeString(dir.resolve("events.jsonl"),
        "{\"id\": \"ev-9\", \"organization\": \"acme\", \"clasification\": \"MALICIOUS\","
            + " \"device\": {\"name\": \"PC-1\", \"collectorGroup\": \"\"}}\n"
            + "{\"id\": \"ev-10\"} trailing\n");
    CliRun r = CliRun.of("run", "--config", CliRun.resource("basic/config.json"), "--events", events.toString());
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("events.jsonl, line 1: \"clasification\": unknown key, did you mean \"classification\"?"),
        r.both());
    assertTrue(r.err().contains("events.jsonl, line 2: not JSON"), r.both());
  }

  @Test
  void aFailedRunExitsOne(@TempDir Path dir) throws Exception {
    Path events = Files.writeString(dir.resolve("events.jsonl"),
        "{\"id\": \"ev-1\", \"organization\": \"acme\", \"classification\": \"MALICIOUS\","
            + " \"device\": {\"name\": \"NO-ADDRESS\", \"collectorGroup\": \"\"}}\n");
    CliRun r = CliRun.of("run", "--config", CliRun.resource("basic/config.json"), "--events", events.toString());
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.outLines().stream().anyMatch(l -> l.contains("FAILED") && l.contains("no address to block on NO-ADDRESS")),
        r.both());
  }

  @Test
  void aMissingEventsFileNamesThePathItLookedFor(@TempDir Path dir) {
    CliRun r = CliRun.of("run", "--config", CliRun.resource("basic/config.json"),
        "--events", dir.resolve("none.jsonl").toString());
    assertEquals(1, r.exit(), r.both());
    assertTrue(r.err().contains("events file " + dir.resolve("none.jsonl") + " was not found"), r.both());
  }

  @Test
  void runsRecordedInTheJournalAreNotRunAgain(@TempDir Path dir) {
    String journal = dir.resolve("journal").toString();
    String[] args = {"run", "--config", CliRun.resource("basic/config.json"),
        "--events", CliRun.resource("basic/events.jsonl"), "--journal", journal};
    assertEquals(0, CliRun.of(args).exit());
    CliRun again = CliRun.of(args);
    assertEquals(0, again.exit(), again.both());
    assertTrue(again.out().contains("4 lines submitted, 0 runs (0 did not succeed), 4 not run again"), again.both());
    assertFalse(again.err().contains("warning"), again.both());
  }
}
