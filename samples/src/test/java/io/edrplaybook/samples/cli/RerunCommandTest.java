package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RerunCommandTest {

  @Test
  void aFailedRunIsRerunAsItsNextAttemptAndASucceededOneIsRefused(@TempDir Path dir) throws Exception {
    String journal = dir.resolve("journal").toString();
    Path noAddress = Files.writeString(dir.resolve("first.jsonl"),
        "{\"id\": \"ev-1\", \"organization\": \"acme\", \"classification\": \"MALICIOUS\","
            + " \"device\": {\"name\": \"NO-ADDRESS\", \"collectorGroup\": \"\"}}\n");
    CliRun run = CliRun.of("run", "--config", CliRun.resource("basic/config.json"), "--events", noAddress.toString(),
        "--journal", journal);
    assertEquals(1, run.exit(), run.both());
    // the host learned the address since: the operator re-runs the block with the corrected event
    Path fixed = Files.writeString(dir.resolve("fixed.jsonl"),
        "{\"id\": \"ev-1\", \"organization\": \"acme\", \"classification\": \"MALICIOUS\","
            + " \"device\": {\"name\": \"LAPTOP-7\", \"collectorGroup\": \"\", \"address\": \"10.1.2.3\"}}\n");
    String[] rerun = {"rerun", "--config", CliRun.resource("basic/config.json"), "--journal", journal,
        "--event", "ev-1", "--action", "Block Address", "--connector", "Edge FW", "--events", fixed.toString()};
    CliRun r = CliRun.of(rerun);
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().contains("attempt 2: SUCCEEDED"), r.both());
    CliRun history = CliRun.of("history", "--journal", journal, "--organization", "acme", "--event", "ev-1");
    assertTrue(history.outLines().stream().anyMatch(l -> l.contains("Edge FW") && l.contains("FAILED")), history.both());
    assertTrue(history.outLines().stream().anyMatch(l -> l.contains("Edge FW") && l.contains("SUCCEEDED")
        && l.contains("blocked 10.1.2.3")), history.both());

    CliRun again = CliRun.of(rerun);
    assertEquals(1, again.exit(), again.both());
    assertTrue(again.err().contains("last ended SUCCEEDED"), again.both());
  }
}
