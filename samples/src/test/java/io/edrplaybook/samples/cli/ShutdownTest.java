package io.edrplaybook.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.edrplaybook.api.EventKey;
import io.edrplaybook.api.HistoryEntry;
import io.edrplaybook.api.InvocationResult;
import io.edrplaybook.api.InvocationStatus;
import io.edrplaybook.core.FileJournal;
import io.edrplaybook.samples.EdrPlaybookCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 item 4: a command line stopped with SIGTERM closes its engine; the run in flight gets its record. */
class ShutdownTest {

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void aRunStoppedWithSigtermEndsTheRunInFlightWithItsTerminalRecord(@TempDir Path dir) throws Exception {
    Path started = dir.resolve("started");
    Files.createDirectories(dir.resolve("scripts"));
    Files.writeString(dir.resolve("scripts/slow.py"), "import time\n\ndef run(ctx):\n"
        + "    open(" + pyString(started) + ", 'w').close()\n    time.sleep(120)\n");
    Path config = Files.writeString(dir.resolve("config.json"), """
        {
          "organizations": [{"name": "acme"}],
          "jumpBoxes": [{"name": "jb-1", "organization": "acme"}],
          "actions": [{"organization": "acme", "name": "Slow", "description": "sleeps", "timeout": "PT150S",
                       "scripts": [{"name": "slow", "file": "scripts/slow.py"}]}],
          "connectors": [{"organization": "acme", "name": "Log", "type": "CUSTOM", "jumpBox": "jb-1",
                          "host": "log.example", "port": 443, "apiKey": "log-key-0a1b2c3d4e",
                          "actions": [{"action": "Slow"}]}],
          "playbooks": [{"organization": "acme", "name": "Default", "default": true, "collectorGroups": [],
                         "rules": [{"section": "CUSTOM", "action": "Slow",
                                    "classifications": ["MALICIOUS"], "connectors": "ALL"}]}],
          "runners": {"default": "jython", "jython": {"warmUp": false}}
        }
        """);
    Path events = Files.writeString(dir.resolve("events.jsonl"), "{\"id\": \"ev-1\", \"organization\": \"acme\", "
        + "\"classification\": \"MALICIOUS\", \"time\": \"2026-01-01T00:00:00Z\", \"device\": {\"name\": \"PC-1\", "
        + "\"collectorGroup\": \"\", \"address\": \"10.0.0.1\"}}\n");
    Path journal = dir.resolve("journal");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        EdrPlaybookCli.class.getName(), "run", "--config", config.toString(), "--events", events.toString(),
        "--journal", journal.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
        .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      // bounded wait for the script to say it started (it writes a file; nothing else to wait on)
      while (!Files.exists(started) && p.isAlive() && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      assertTrue(Files.exists(started), "the script never started: " + Files.readString(dir.resolve("out.txt")));
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command line did not stop within 60 s of SIGTERM");
    } finally {
      p.destroyForcibly();
    }
    try (FileJournal j = FileJournal.openReadOnly(journal)) {
      List<HistoryEntry> history = j.history(new EventKey("acme", "ev-1"));
      List<InvocationResult> ended = history.stream().filter(InvocationResult.class::isInstance)
          .map(InvocationResult.class::cast).toList();
      assertEquals(1, ended.size(), "one terminal record for the run in flight: " + history);
      assertNotEquals(InvocationStatus.SUCCEEDED, ended.get(0).status(), history.toString());
      assertNotEquals(InvocationStatus.INTERRUPTED, ended.get(0).status(), history.toString());
    }
  }

  private static String pyString(Path p) {
    return "'" + p.toAbsolutePath().toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
