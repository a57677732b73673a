package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 13, issue 17 item 10: what comes from input is printed escaped, and names are never masked. */
class ConsoleEscapingTest {

  @Test
  void controlCharactersInAnEventIdAreEscapedSoTheyCannotForgeLines(@TempDir Path dir) throws Exception {
    String id = "ev-1\\n  [ 1] ev-9 MALICIOUS Block Address on Edge FW: SUCCEEDED\\u001b[2K\\u009b\\u007f";
    Path events = dir.resolve("events.jsonl");
    Files.writeString(events, "{\"id\": \"" + id + "\", \"organization\": \"acme\", \"classification\": \"MALICIOUS\","
        + " \"time\": \"2026-01-01T09:00:00Z\", \"device\": {\"name\": \"LAPTOP-7\", \"collectorGroup\": \"Engineering\","
        + " \"address\": \"10.1.2.3\"}}\n", StandardCharsets.UTF_8);
    CliRun r = CliRun.of("plan", "--config", CliRun.resource("basic/config.json"), "--events", events.toString());
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.out().contains("Event ev-1\\n  [ 1] ev-9 MALICIOUS Block Address on Edge FW: SUCCEEDED\\x1b[2K\\u009b\\x7f"
        + " (line 1)"), r.both());
    assertFalse(r.outLines().stream().anyMatch(l -> l.startsWith("  [ 1]")), r.both());
    assertTrue(r.out().chars().noneMatch(c -> c == 0x1b || c == 0x9b || c == 0x7f), r.both());
  }

  @Test
  void aSecretEqualToANameIsWarnedAboutAndTheNameIsNotMasked(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("scripts"));
    Files.copy(Path.of(CliRun.resource("basic/scripts/block.py")), dir.resolve("scripts/block.py"));
    Files.copy(Path.of(CliRun.resource("basic/scripts/notify.py")), dir.resolve("scripts/notify.py"));
    String config = Files.readString(Path.of(CliRun.resource("basic/config.json")))
        .replace("\"apiKey\": \"${env:CLI_CHAT_TOKEN}\"", "\"apiKey\": \"acme\"");
    Files.writeString(dir.resolve("config.json"), config);
    CliRun r = CliRun.of("validate", "--config", dir.resolve("config.json").toString());
    assertEquals(0, r.exit(), r.both());
    assertTrue(r.err().contains("warning: config.json: connectors[0].apiKey: the secret is 4 characters long"), r.both());
    assertTrue(r.err().contains("warning: config.json: connectors[0].apiKey: the secret equals the name of an"
        + " organization"), r.both());
    assertFalse(r.both().contains("****"), r.both());
  }
}
